using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// Publishes a tenant's outbox, whoever asks (the local hand-off, the dispatch queue under either
/// host, the sweep's requests): reads the rows in key order, hands each account's events in order
/// to every sink, then removes them. An account whose sink fails keeps its rows, and none of its
/// later rows is offered before them; other accounts go on. Removal is conditional on the ETag as
/// read, and a row another dispatcher removed first is fine: at least once, never out of order.
/// </summary>
public sealed class EventDispatcher(
    TableServiceClient service,
    IOptions<StorageOptions> options,
    IEnumerable<IEventSink> sinks,
    StatusTelemetry telemetry,
    ILogger<EventDispatcher> logger)
{
    /// <summary>Events one sink call takes at most: one table transaction removes them afterwards (100 actions at most).</summary>
    public const int BatchSize = 100;

    /// <summary>Accounts of one tenant published at once.</summary>
    public const int AccountConcurrency = 16;

    /// <summary>Rows one read holds in memory; a larger outbox is read again once these are published.</summary>
    public const int MaxRowsPerRead = 5000;

    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);
    private readonly IEventSink[] _sinks = [.. sinks];

    public async Task<DispatchSummary> DispatchTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        var total = new DispatchSummary(0, 0);
        while (true)
        {
            var (accounts, full) = await ReadAsync(tenantId, cancellationToken);
            var published = 0;
            var heldBack = 0;
            // Accounts are independent: their events go out side by side, each account's in order.
            await Parallel.ForEachAsync(accounts, new ParallelOptions { MaxDegreeOfParallelism = AccountConcurrency, CancellationToken = cancellationToken }, async (rows, token) =>
            {
                foreach (var batch in rows.Chunk(BatchSize))
                {
                    if (!await PublishAsync(batch, token))
                    {
                        Interlocked.Increment(ref heldBack);
                        return;
                    }

                    Interlocked.Add(ref published, batch.Length);
                }
            });

            total = new DispatchSummary(total.Published + published, total.AccountsHeldBack + heldBack);

            // A full read left rows unread; read on only while it gets somewhere, so held-back rows are not read for ever.
            if (!full || published == 0)
            {
                return total;
            }
        }
    }

    /// <summary>The tenant's outbox rows in key order, grouped per account, at most <see cref="MaxRowsPerRead"/>; whether that many were there.</summary>
    private async Task<(List<List<OutboxEntity>> Accounts, bool Full)> ReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var accounts = new List<List<OutboxEntity>>();
        var count = 0;
        try
        {
            await foreach (var row in _connections.QueryAsync<OutboxEntity>(StatusRowKeys.OutboxRowsOf(tenantId), maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                if (accounts.Count == 0 || !string.Equals(accounts[^1][0].ChannelAccountId, row.ChannelAccountId, StringComparison.Ordinal))
                {
                    accounts.Add([]);
                }

                accounts[^1].Add(row);
                if (++count == MaxRowsPerRead)
                {
                    return (accounts, true);
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            // No status row was ever written, so no event either.
        }

        return (accounts, false);
    }

    /// <summary>One account's next events to every sink, then off the outbox; false when a failing sink held them back.</summary>
    private async Task<bool> PublishAsync(OutboxEntity[] rows, CancellationToken cancellationToken)
    {
        var events = rows.Select(r => r.ToOutgoing()).ToList();
        foreach (var sink in _sinks)
        {
            var name = sink.GetType().Name;
            try
            {
                await sink.AcceptAsync(events, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The type only: a sink's error text may quote the receiver's answer.
                telemetry.EventSinkFailed(name);
                logger.LogWarning("Sink {Sink} did not take {Count} events of {TenantId}/{ChannelAccountId} ({Error}); they and the account's later events wait for the next dispatch", name, events.Count, rows[0].PartitionKey, rows[0].ChannelAccountId, e.GetType().Name);
                return false;
            }

            telemetry.EventsPublished(name, events.Count);
        }

        await RemoveAsync(rows, cancellationToken);
        return true;
    }

    private async Task RemoveAsync(OutboxEntity[] rows, CancellationToken cancellationToken)
    {
        try
        {
            await _connections.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)), cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            // Another dispatcher removed one of them first: the rest one by one, each for itself.
            foreach (var row in rows)
            {
                try
                {
                    await _connections.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                }
                catch (RequestFailedException one) when (one.Status is 404 or 412)
                {
                }
            }
        }
    }
}
