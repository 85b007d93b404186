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

    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);
    private readonly IEventSink[] _sinks = [.. sinks];

    public async Task<DispatchSummary> DispatchTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        var published = 0;
        var heldBack = 0;
        string? account = null;
        var held = false;
        var batch = new List<OutboxEntity>(BatchSize);
        try
        {
            await foreach (var row in _connections.QueryAsync<OutboxEntity>(StatusRowKeys.OutboxRowsOf(tenantId), maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                if (!string.Equals(row.ChannelAccountId, account, StringComparison.Ordinal))
                {
                    if (!held && batch.Count > 0)
                    {
                        (published, heldBack) = await PublishAsync(batch, published, heldBack, cancellationToken);
                    }

                    batch.Clear();
                    account = row.ChannelAccountId;
                    held = false;
                }

                if (held)
                {
                    continue;
                }

                batch.Add(row);
                if (batch.Count == BatchSize)
                {
                    var before = heldBack;
                    (published, heldBack) = await PublishAsync(batch, published, heldBack, cancellationToken);
                    held = heldBack > before;
                    batch.Clear();
                }
            }

            if (!held && batch.Count > 0)
            {
                (published, heldBack) = await PublishAsync(batch, published, heldBack, cancellationToken);
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            // No status row was ever written, so no event either.
        }

        return new DispatchSummary(published, heldBack);
    }

    /// <summary>One account's next events to every sink, then off the outbox; a failing sink holds them back.</summary>
    private async Task<(int Published, int HeldBack)> PublishAsync(List<OutboxEntity> rows, int published, int heldBack, CancellationToken cancellationToken)
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
                return (published, heldBack + 1);
            }

            telemetry.EventsPublished(name, events.Count);
        }

        await RemoveAsync(rows, cancellationToken);
        return (published + events.Count, heldBack);
    }

    private async Task RemoveAsync(List<OutboxEntity> rows, CancellationToken cancellationToken)
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

/// <summary>What one dispatch did: events every sink took, and accounts held back by a failing sink.</summary>
public sealed record DispatchSummary(int Published, int AccountsHeldBack);
