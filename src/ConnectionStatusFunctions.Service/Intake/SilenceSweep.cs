using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Intake;

/// <summary>
/// Silence as a state: finds the connected accounts of a tenant or shard that nobody reported on
/// for their StaleAfter and records each as stale (source silence), through the same conditional
/// write and history as a report. Run by every probe request, so by every tick, whether or not any
/// channel is probed.
/// </summary>
public sealed class SilenceSweep(StatusRowScans scans, ConnectionStore store, IOptions<ProbeOptions> options, TimeProvider time, ILogger<SilenceSweep> logger)
{
    /// <summary>How many accounts it recorded as stale; what a cancellation leaves is found again by the next request.</summary>
    public async Task<int> RecordAsync(string tenantId, string? from, string? to, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var silent = new List<ConnectionKey>();
        await foreach (var key in scans.ListSilentAsync(tenantId, from, to, now, cancellationToken))
        {
            silent.Add(key);
        }

        var recorded = 0;
        await Parallel.ForEachAsync(silent, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken }, async (key, token) =>
        {
            if (await store.ApplySilenceAsync(key, now, token))
            {
                Interlocked.Increment(ref recorded);
            }
        });

        if (recorded > 0)
        {
            logger.LogInformation("Tenant {TenantId} [{From}, {To}): {Recorded} silent accounts recorded as {Status}", tenantId, from, to, recorded, WireName.Of(ConnectionStatus.Stale));
        }

        return recorded;
    }
}
