using System.Text.Json;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Probes;

public sealed record ProbeTickSummary(int Tenants, int Requests, int Surveys, IReadOnlyList<ChannelHealth> Channels);

/// <summary>
/// One timer tick, the same under either host: lists the tenants (one query on the Tenants table,
/// never their accounts), puts one probe request per tenant, or per shard of a surveyed large
/// tenant, on the probe queue, then adds up the probe workers' partial counts into each channel's
/// provider health. Probing is the workers' part (<see cref="ProbeWorker"/>).
/// </summary>
public sealed class ProbeDistributor(
    ConnectionStore store,
    ChannelHealthStore channelHealth,
    QueueServiceClient queues,
    IOptions<ProbeOptions> options,
    IOptions<ProbeQueueOptions> queueOptions,
    IOptions<OutagePolicy> outagePolicy,
    TimeProvider time,
    ILogger<ProbeDistributor> logger)
{
    /// <summary>How often a tenant's rows are counted again to re-cut its shards (plus up to <see cref="SurveySpread"/>, so that tenants do not all come due in one tick).</summary>
    public static readonly TimeSpan SurveyEvery = TimeSpan.FromHours(1);

    public static readonly TimeSpan SurveySpread = TimeSpan.FromMinutes(30);

    private const int SendConcurrency = 32;

    public async Task<ProbeTickSummary> DistributeAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var round = time.GetUtcNow();
        if (isPastDue)
        {
            logger.LogInformation("Probe tick is past due; running it once now");
        }

        var tenants = await store.ListTenantShardsAsync(cancellationToken);
        var requests = new List<ProbeRequest>();
        var surveys = 0;
        // Even with no channel probed: each request also records the silent accounts of its range (SilenceSweep).
        foreach (var tenant in tenants)
        {
            requests.AddRange(tenant.Ranges().Select(range => new ProbeRequest(tenant.TenantId, range.From, range.To, round)));
            if (tenant.SurveyedAt is not { } surveyed || surveyed <= round - SurveyEvery - Spread(tenant.TenantId))
            {
                requests.Add(new ProbeRequest(tenant.TenantId, null, null, round, Survey: true));
                surveys++;
            }
        }

        if (requests.Count > 0)
        {
            var queue = queues.GetQueueClient(queueOptions.Value.Name);
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = SendConcurrency, CancellationToken = cancellationToken }, async (request, token) =>
                await queue.SendMessageAsync(JsonSerializer.Serialize(request, ServiceJson.Options), token));
        }

        // From what the workers of earlier rounds measured; after the requests, so that a failure here holds no probe back.
        var channels = await UpdateProviderHealthAsync(round, cancellationToken);
        var summary = new ProbeTickSummary(tenants.Count, requests.Count - surveys, surveys, channels);
        logger.LogInformation("Probe tick: {Tenants} tenants, {Requests} probe requests, {Surveys} surveys queued; outages: {Outages}",
            summary.Tenants, summary.Requests, summary.Surveys, string.Join(",", channels.Where(c => c.IsOutage).Select(c => WireName.Of(c.Channel))));
        return summary;
    }

    /// <summary>
    /// The span of rounds whose partial counts are added up: a silent account is probed once per
    /// Interval plus up to one tick (it becomes due only after a whole Interval, and ticks are a
    /// period apart), so over Interval + 1.5 tick periods it is counted once; never more than the outage window.
    /// </summary>
    public TimeSpan HealthSpan()
    {
        var span = options.Value.Interval + (options.Value.TickPeriod * 1.5);
        return span < outagePolicy.Value.OutageWindow ? span : outagePolicy.Value.OutageWindow;
    }

    private async Task<IReadOnlyList<ChannelHealth>> UpdateProviderHealthAsync(DateTimeOffset round, CancellationToken cancellationToken)
    {
        var since = round - HealthSpan();
        var sums = await channelHealth.SumPartialsAsync(since, cancellationToken);
        var channels = ProviderHealth.FromCounts(sums, outagePolicy.Value, round);
        await channelHealth.SaveAsync(channels, cancellationToken);
        await channelHealth.DeletePartialsBeforeAsync(since, cancellationToken);
        return channels;
    }

    /// <summary>A stable share of <see cref="SurveySpread"/> per tenant (not string.GetHashCode, which differs per process).</summary>
    private static TimeSpan Spread(string tenantId)
    {
        var hash = 17u;
        foreach (var c in tenantId)
        {
            hash = unchecked((hash * 31) + c);
        }

        return TimeSpan.FromSeconds(hash % (uint)SurveySpread.TotalSeconds);
    }
}
