using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// What publishes the events a process committed but died before handing off: on every probe tick,
/// one small query per registered tenant (its outbox range, rows older than
/// <see cref="EventOptions.SweepAfter"/>, one row at most) and, for each tenant with such a row, a
/// dispatch request on the queue, which any instance takes. Younger rows are the hand-off's.
/// </summary>
public sealed class OutboxSweep(
    TableServiceClient service,
    IOptions<StorageOptions> storageOptions,
    IOptions<EventOptions> options,
    DispatchRequestHandler requests,
    ILogger<OutboxSweep> logger)
{
    private const int Concurrency = 16;

    private readonly TableClient _connections = service.GetTableClient(storageOptions.Value.ConnectionsTable);

    /// <summary>Returns how many tenants had rows left over.</summary>
    public async Task<int> SweepAsync(IEnumerable<string> tenantIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - options.Value.SweepAfter;
        var leftOver = 0;
        await Parallel.ForEachAsync(tenantIds, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (tenantId, token) =>
        {
            if (await HasRowsBeforeAsync(tenantId, before, token))
            {
                Interlocked.Increment(ref leftOver);
                await requests.RequestAsync(tenantId, TimeSpan.Zero, token);
            }
        });

        if (leftOver > 0)
        {
            logger.LogInformation("Outbox sweep: {Tenants} tenants had events older than {SweepAfter} still unpublished; dispatch requested", leftOver, options.Value.SweepAfter);
        }

        return leftOver;
    }

    private async Task<bool> HasRowsBeforeAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var filter = $"{StatusRowKeys.OutboxRowsOf(tenantId)} and {TableClient.CreateQueryFilter($"WrittenAt lt {before}")}";
        try
        {
            await foreach (var page in _connections.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                // A page may come back empty with a continuation while storage scans the range: read on.
                if (page.Values.Count > 0)
                {
                    return true;
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return false;
    }
}
