using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The deletions in the status table: of one account (its status, history and attention index rows go in one
/// transaction that leaves its tombstone and the outbox row of its <c>deleted</c> event), the removal of tombstones
/// too old to guard anything, and the removal of a deleted tenant's whole partition for its deletion job. The write
/// path (<see cref="ConnectionStore"/>) reads the tombstones this leaves, on creation only, so that no report observed
/// before a deletion, or within StatusPolicy:MaxClockSkew after it, brings the account back. Both writers of an
/// account's rows commit through <see cref="EventOutbox.CommitAsync"/> and end a conflicting attempt in
/// <see cref="TableRetry.AfterConflictAsync"/>, so they hand events off and give up alike.
/// </summary>
public sealed class AccountDeletionStore(TableServiceClient service, IOptions<StorageOptions> options, IOptions<StatusPolicy> policy, StatusRowReader reader, EventOutbox outbox, TimeProvider time, StatusTelemetry telemetry, ILogger<AccountDeletionStore> logger)
{
    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);
    private readonly int _attempts = options.Value.WriteAttempts;

    /// <summary>
    /// Deletes the account in one transaction on the tenant's partition, conditional on the status
    /// row's ETag: the status row, its history rows and its attention index row go, a tombstone
    /// holding the deletion time (the service's clock) is written, and so is the outbox row of its
    /// <c>deleted</c> event, after the account's events still pending (same incarnation, next event
    /// number). A write since the read conflicts and the deletion is decided again on the row as it
    /// then stands. Returns the deletion time, or null when the account has no status row (never
    /// reported, or deleted already: a second deletion changes nothing).
    /// </summary>
    public async Task<DateTimeOffset?> DeleteAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal);
        (DateTimeOffset At, PlannedEvent Event)? tried = null;
        for (var attempt = 1; ; attempt++)
        {
            var row = await reader.ReadRowAsync(key, cancellationToken);
            if (row is null)
            {
                // An attempt whose answer was lost, and whose retry (the SDK's, or this loop's) found the row gone, may
                // have been this deletion: its tombstone then holds the very time it wrote.
                if (tried is { } mine && await reader.ReadTombstoneAsync(key, cancellationToken) is { } tombstone && tombstone.DeletedAt == mine.At)
                {
                    await outbox.CommittedAsync(key, mine.Event, cancellationToken);
                    return mine.At;
                }

                return null;
            }

            // An unreadable row is deleted too (an operator's way out of it), with no event: there is no state to announce.
            var readable = reader.TryRead(row, out var stored, out _, out var entity);
            var deletedAt = time.GetUtcNow();
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Delete, new TableEntity(key.TenantId, key.ChannelAccountId), row.ETag) };
            // At most HistoryLength slots, so the transaction stays far below 100 actions: 1 + 50 + 3.
            await foreach (var history in _connections.QueryAsync<TableEntity>(HistoryEntity.RowsOf(key), select: [nameof(TableEntity.RowKey)], cancellationToken: cancellationToken))
            {
                if (!gone.Contains(history.RowKey))
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(key.TenantId, history.RowKey), ETag.All));
                }
            }

            if (StatusRowKeys.IsAttentionRowKeyOf(entity.AttentionRowKey, key.ChannelAccountId) && !gone.Contains(entity.AttentionRowKey!))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(key.TenantId, entity.AttentionRowKey), ETag.All));
            }

            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(key.TenantId, StatusRowKeys.TombstoneRowKey(key.ChannelAccountId)) { ["DeletedAt"] = deletedAt }));
            var planned = readable
                ? outbox.PlanDeleted(key, stored!.State, entity.Incarnation ?? outbox.NewIncarnation(), entity.TransitionCount, entity.EventCount, deletedAt)
                : new PlannedEvent(null, false);
            if (planned.Row is { } outboxRow)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, outboxRow));
            }

            try
            {
                tried = (deletedAt, planned);
                await outbox.CommitAsync(key, planned, () => _connections.SubmitTransactionAsync(actions, cancellationToken), cancellationToken);
                return deletedAt;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex is { } failed && failed > 0 && actions[failed].ActionType == TableTransactionActionType.Delete)
            {
                // A history or index row removed since the query (by hand): nothing left to delete there.
                gone.Add(actions[e.FailedTransactionActionIndex!.Value].Entity.RowKey);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 || (e.Status == 404 && !TableRetry.IsTableMissing(e)))
            {
                // Written (or deleted) since the read: read again and delete what then stands.
                await TableRetry.AfterConflictAsync(key, attempt, _attempts, "deleting", telemetry, logger, cancellationToken);
            }
        }
    }

    /// <summary>
    /// When the account was deleted, or null when it never was (or its tombstone has been removed): what a deletion
    /// that found no status row tells its caller, since that is how the retry of a deletion whose answer was lost ends.
    /// That lost deletion's <c>deleted</c> event may be in the outbox still, so a tombstone found hands the tenant off
    /// (rare: a deletion asked twice), rather than leave the event to the sweep.
    /// </summary>
    public async Task<DateTimeOffset?> EarlierDeletionAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        if (await reader.ReadTombstoneAsync(key, cancellationToken) is not { } tombstone)
        {
            return null;
        }

        await outbox.RetriedAsync(key, cancellationToken);
        return tombstone.DeletedAt;
    }

    /// <summary>
    /// Removes the tenant's tombstones whose last refused instant (<see cref="StatusPolicy.RefusedUpTo"/>)
    /// is older than StatusPolicy:MaxReportAge: a report observed before then is refused anyway, so
    /// they guard nothing any more. Each is removed on its ETag as read,
    /// so a deletion again since is kept. Returns how many were removed.
    /// </summary>
    public async Task<int> RemoveOldTombstonesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - policy.Value.MaxReportAge;
        var removed = 0;
        try
        {
            await foreach (var row in _connections.QueryAsync<TableEntity>(StatusRowKeys.TombstoneRowsOf(tenantId), select: [nameof(TableEntity.RowKey), "DeletedAt"], cancellationToken: cancellationToken))
            {
                if (policy.Value.RefusedUpTo(TableColumns.Get<DateTimeOffset>(row, "DeletedAt") ?? DateTimeOffset.MinValue) >= before)
                {
                    continue;
                }

                try
                {
                    await _connections.DeleteEntityAsync(tenantId, row.RowKey, row.ETag, cancellationToken);
                    removed++;
                }
                catch (RequestFailedException e) when (e.Status is 404 or 412)
                {
                    // Removed by a creation, or renewed by a deletion again, since the query.
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return 0;
        }

        return removed;
    }

    /// <summary>
    /// Removes every row of a deleted tenant's partition (status, history, index and outbox rows
    /// alike), keys only read, 100 to a transaction, yielding how many each transaction removed. Each
    /// query starts again from the partition's first row: rows already removed are not there, so a job
    /// stopped anywhere resumes where it stopped, and a row another writer added behind it is found.
    /// <paramref name="stillDeleting"/> is asked before every transaction: once it says no (the tenant
    /// was finished by another delivery, or created again), nothing more is removed.
    /// </summary>
    public async IAsyncEnumerable<int> DeleteTenantRowsAsync(string tenantId, Func<CancellationToken, Task<bool>> stillDeleting, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stillDeleting);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");
        while (true)
        {
            // With their ETags: a row written again after this read (the tenant created again meanwhile) is not deleted.
            var keys = new List<(string RowKey, ETag ETag)>(1000);
            try
            {
                await foreach (var page in _connections.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).AsPages())
                {
                    keys.AddRange(page.Values.Select(row => (row.RowKey, row.ETag)));
                    if (keys.Count > 0)
                    {
                        break;
                    }
                }
            }
            catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
            {
                // No table, no rows.
            }

            if (keys.Count == 0)
            {
                yield break;
            }

            foreach (var batch in keys.Chunk(TableDeletes.MaxPerTransaction))
            {
                if (!await stillDeleting(cancellationToken))
                {
                    yield break;
                }

                await TableDeletes.DeleteAsync(_connections, tenantId, batch, cancellationToken);
                yield return batch.Length;
            }
        }
    }
}
