using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The write path of status rows, their transition history and their attention index rows, and the
/// read of one account. Every write is conditional (insert if absent, or replace if the ETag still
/// matches); a write that changes the status or error category also writes its history entry, and
/// every write sets the account's attention index row right, in one transaction on the tenant's
/// partition. On a conflict the row is re-read and the pure transition re-run, so concurrent writers
/// converge and no report, nor history entry, is lost, duplicated or regressed. A write that
/// announces something also writes its outbox row (<see cref="EventOutbox"/>) in the same
/// transaction, so a report either changes the status and owns its event, or neither. The reads of many
/// rows are <see cref="ConnectionLists"/>, <see cref="AttentionIndexStore"/>, <see cref="ConnectionHistory"/>
/// and <see cref="StatusRowScans"/>; what a readable row is, <see cref="StatusRowReader"/>.
/// A deletion (<see cref="AccountDeletionStore"/>) removes the account's rows and leaves a tombstone
/// (<see cref="StatusRowKeys.TombstoneRowKey"/>) that the create path reads, so that no report
/// observed before the deletion, or within StatusPolicy:MaxClockSkew after it, brings the account back.
/// Long because the conditional write of a report (its status, history, index, outbox and tombstone actions, and what
/// a conflict or a lost answer asks of the next attempt) is one retry loop, which reads best whole.
/// </summary>
public sealed class ConnectionStore(TableServiceClient service, IOptions<StorageOptions> options, IOptions<StatusPolicy> policy, StatusRowReader reader, TenantStore tenants, EventOutbox outbox, TimeProvider time, StatusTelemetry telemetry, ILogger<ConnectionStore> logger)
{
    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);
    private readonly int _attempts = options.Value.WriteAttempts;

    /// <summary>How many transitions are kept per account; older ones are overwritten.</summary>
    public const int HistoryLength = 50;

    /// <summary>
    /// Applies the report; with a <paramref name="channelLimit"/>, only to a row the limit allows,
    /// decided on each read of the row the write is conditional on (else <see cref="ChannelNotAllowedException"/>).
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(ConnectionKey key, ConnectionReport report, CancellationToken cancellationToken, ChannelLimit? channelLimit = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        Func<ConnectionState?, TransitionOutcome> decide = state => StatusTransition.Apply(state, report, policy.Value);
        // A probe checks accounts that exist: its answer for one with no row (deleted since) creates nothing.
        var mayCreate = report.Source != ReportSource.Probe;
        try
        {
            return await TryApplyAsync(key, decide, channelLimit, report.Channel, report.CheckedAt, mayCreate, cancellationToken) ?? throw NeverUnchangedWithoutRow();
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            // First write ever, or the emulator restarted without its data: create and go again.
            await _connections.CreateIfNotExistsAsync(cancellationToken);
            return await TryApplyAsync(key, decide, channelLimit, report.Channel, report.CheckedAt, mayCreate, cancellationToken) ?? throw NeverUnchangedWithoutRow();
        }
    }

    // The engine applies any report to an account with no readable state, so only the silence rule leaves such a row alone.
    private static InvalidOperationException NeverUnchangedWithoutRow() => new("A report offered to an account without a readable row was not applied.");

    /// <summary>
    /// Records that a connected account went silent (<see cref="StatusTransition.Silence"/>), through
    /// the same conditional write and history as a report; true when it did. The rule runs again on
    /// the row as read, so a report that arrived since the query found the row wins.
    /// </summary>
    public async Task<bool> ApplySilenceAsync(ConnectionKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        return await TryApplyAsync(key, state => StatusTransition.Silence(state, policy.Value, now), channelLimit: null, reportChannel: null, observedAt: null, mayCreate: false, cancellationToken) is ApplyResult.Applied;
    }

    /// <summary>
    /// Gives its index row to each status row of the tenant that needs attention and names none:
    /// rows written before the index existed that no report or probe rewrites (a disconnected
    /// account is never probed). The hourly survey calls it. Only rows that may need attention are
    /// read (not connected, flapping, or with failures in their window); each joins through the same
    /// conditional write as a report, rewriting its state as read. Returns how many joined.
    /// </summary>
    public async Task<int> JoinAttentionIndexAsync(string tenantId, CancellationToken cancellationToken)
    {
        var filter = StatusRowKeys.StatusRowsOf(tenantId)
            + TableClient.CreateQueryFilter($" and (Status ne {WireName.Of(ConnectionStatus.Connected)} or IsFlapping eq true or FailuresByHour gt {string.Empty})");
        var missing = new List<ConnectionKey>();
        try
        {
            await foreach (var row in _connections.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
            {
                if (reader.TryRead(row, out var stored, out _, out var entity)
                    && !StatusRowKeys.IsAttentionRowKeyOf(entity.AttentionRowKey, entity.RowKey)
                    && AttentionSince(stored!.State) is not null)
                {
                    missing.Add(stored.Key);
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return 0;
        }

        foreach (var key in missing)
        {
            await TryApplyAsync(key, state => new TransitionOutcome(state is null ? TransitionKind.Stale : TransitionKind.Applied, state), channelLimit: null, reportChannel: null, observedAt: null, mayCreate: false, cancellationToken);
        }

        return missing.Count;
    }

    /// <summary>
    /// What the rule decided on the row as read, written conditionally; null when it left alone an
    /// account with no readable row. A report (<paramref name="observedAt"/> set) first has its tenant
    /// registered, or refused when deleted (<see cref="TenantStore.EnsureWritableAsync"/>). An account
    /// with no row is created only when <paramref name="mayCreate"/> (never for probes, the silence
    /// sweep or the index join) and only for a report observed after the account was deleted (its
    /// tombstone, read only then).
    /// </summary>
    private async Task<ApplyResult?> TryApplyAsync(ConnectionKey key, Func<ConnectionState?, TransitionOutcome> decide, ChannelLimit? channelLimit, Channel? reportChannel, DateTimeOffset? observedAt, bool mayCreate, CancellationToken cancellationToken)
    {
        string? goneAttentionRow = null;
        // The event of the last attempt that failed on a conflict: its transaction may have committed with its answer lost.
        (PlannedEvent Event, string Incarnation, long EventCount)? tried = null;
        for (var attempt = 1; ; attempt++)
        {
            var row = await ReadForWriteAsync(key, cancellationToken);
            if (channelLimit is not null && !channelLimit.Allows(row.ETag is not null, row.Stored?.State.Channel, reportChannel))
            {
                // A deleted tenant's report is refused as such (410) for every caller first.
                if (observedAt is { } reportedAt)
                {
                    await tenants.RefuseIfDeletedAsync(key.TenantId, reportedAt, cancellationToken);
                }

                // Before the transition, so not even a stale or duplicate answer shows the row.
                throw new ChannelNotAllowedException(key.TenantId, key.ChannelAccountId);
            }

            if (observedAt is { } observed)
            {
                // Before the row, and before any answer: once the row exists a retried report is a
                // duplicate and writes nothing, so a tenant registered after it could stay unknown to
                // the probes for good; and a deleted tenant's report is refused, not answered stale.
                await tenants.EnsureWritableAsync(key.TenantId, observed, cancellationToken);
            }

            var outcome = decide(row.Stored?.State);
            if (outcome is not { Kind: TransitionKind.Applied, State: { } next })
            {
                // A write whose answer was lost (the SDK's retry, or this loop's, then conflicts with the row it wrote) reads
                // as a duplicate: when the row carries that write's event number, its event is this call's to hand off.
                if (tried is { } mine && row.Incarnation == mine.Incarnation && row.EventCount == mine.EventCount)
                {
                    await outbox.CommittedAsync(key, mine.Event, cancellationToken);
                }
                else if (outcome.Kind == TransitionKind.Duplicate && observedAt is not null)
                {
                    // A connector's retry of a report already written: its first try may have committed with its answer lost
                    // to a reset or a timeout (answered 503), leaving its event to the sweep. Rare enough to hand off every time.
                    await outbox.RetriedAsync(key, cancellationToken);
                }

                return row.Stored is { } stored ? new ApplyResult.Unchanged(outcome.Kind, stored) : null;
            }

            Tombstone? tombstone = null;
            if (row.ETag is null)
            {
                if (!mayCreate || observedAt is not { } checkedAt)
                {
                    return new ApplyResult.Gone(null);
                }

                // The create path's one extra read: a point read of the account's tombstone.
                tombstone = await reader.ReadTombstoneAsync(key, cancellationToken);
                if (tombstone is { } deleted && checkedAt <= policy.Value.RefusedUpTo(deleted.DeletedAt))
                {
                    logger.LogInformation("Dropped a report on {TenantId}/{ChannelAccountId} observed at {CheckedAt:O}, not after its deletion at {DeletedAt:O} and the allowed clock skew", key.TenantId, key.ChannelAccountId, checkedAt, deleted.DeletedAt);
                    return new ApplyResult.Gone(deleted.DeletedAt);
                }
            }

            var change = StatusChange.Between(row.Stored?.State, next);
            var entity = ConnectionEntity.From(key, next, change is null ? row.TransitionCount : await TransitionCountBeforeAsync(key, row, cancellationToken) + 1);
            // After a deletion, an incarnation later than the deleted one's, so its events sort after the deletion's.
            entity.Incarnation = row.Incarnation ?? outbox.NewIncarnation(after: tombstone?.DeletedAt);
            entity.EventCount = row.EventCount;
            var planned = outbox.Plan(key, row.Stored?.State, next, change, entity);
            var since = AttentionSince(next);
            entity.AttentionRowKey = since is { } at ? StatusRowKeys.AttentionRowKey(at, key.ChannelAccountId) : null;
            var actions = new List<TableTransactionAction>(5);
            try
            {
                // An unreadable row is replaced as if absent, still conditionally: the report repairs it.
                actions.Add(row.ETag is { } match
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, match)
                    : new TableTransactionAction(TableTransactionActionType.Add, entity));
                if (change is not null)
                {
                    // The status row's condition guards it: only the writer whose ETag still matches
                    // gets this sequence number, so the entry can overwrite its slot unconditionally.
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, HistoryEntity.Of(key, entity.TransitionCount, change)));
                }

                if (row.AttentionRowKey is { } owned && owned != entity.AttentionRowKey && owned != goneAttentionRow)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(key.TenantId, owned), ETag.All));
                }

                if (since is { } sinceAt)
                {
                    // Rewritten on every write, so its copy of the columns is never older than the status row.
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity.ToAttentionRow(sinceAt)));
                }

                if (planned.Row is { } outboxRow)
                {
                    // Insert only: the status row's condition gives its key (incarnation, event number) to one writer.
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, outboxRow));
                }

                if (tombstone is not null)
                {
                    // Conditional: a deletion again, or another creation, since the read conflicts and is decided again.
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(key.TenantId, StatusRowKeys.TombstoneRowKey(key.ChannelAccountId)), tombstone.ETag));
                }

                var etag = await outbox.CommitAsync(key, planned, () => WriteAsync(entity, row.ETag, actions, cancellationToken), cancellationToken);
                return new ApplyResult.Applied(new StoredConnection(key, next, etag), change is not null);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex is { } failed && actions[failed].ActionType == TableTransactionActionType.Delete && actions[failed].Entity.RowKey == row.AttentionRowKey)
            {
                // The index row this status row named was removed by hand: nothing left to delete.
                goneAttentionRow = row.AttentionRowKey;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 || (e.Status == 404 && !TableRetry.IsTableMissing(e)))
            {
                // A 404: the row (or the tombstone) this write was conditional on is gone, deleted since the read.
                // Another writer (or a deletion) got there first: re-read and decide again.
                tried = planned.Row is not null && entity.Incarnation is { } written ? (planned, written, entity.EventCount) : null;
                await TableRetry.AfterConflictAsync(key, attempt, _attempts, "writing", telemetry, logger, cancellationToken);
            }
        }
    }

    /// <summary>One conditional write, or, with history or index rows, one transaction on the tenant's partition that the status row's condition guards.</summary>
    private async Task<ETag> WriteAsync(ConnectionEntity entity, ETag? etag, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        if (actions.Count > 1)
        {
            var responses = await _connections.SubmitTransactionAsync(actions, cancellationToken);
            return responses.Value[0].Headers.ETag ?? default;
        }

        var response = etag is { } match
            ? await _connections.UpdateEntityAsync(entity, match, TableUpdateMode.Replace, cancellationToken)
            : await _connections.AddEntityAsync(entity, cancellationToken);
        return response.Headers.ETag ?? default;
    }

    /// <summary>
    /// Since when the state needs attention as of now, with no provider outage: an outage caps
    /// health at degraded, never below, so it never decides whether an account needs attention.
    /// </summary>
    private DateTimeOffset? AttentionSince(ConnectionState state) =>
        HealthEvaluator.Evaluate(state, providerOutage: false, time.GetUtcNow(), DefaultTexts).AttentionSince;

    private static readonly ActionTexts DefaultTexts = new();

    /// <summary>The row, or null if there is none; an unreadable row throws <see cref="UnreadableRowException"/>.</summary>
    public async Task<StoredConnection?> GetAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var row = await reader.ReadRowAsync(key, cancellationToken, StatusRowReader.ViewColumns);
        if (row is null)
        {
            return null;
        }

        return reader.TryRead(row, out var stored, out var unreadable, out _) ? stored : throw new UnreadableRowException(unreadable!);
    }

    /// <summary>A row about to be written: its state when readable, its ETag when it exists at all, and its transition count.</summary>
    private sealed record RowForWrite(StoredConnection? Stored, ETag? ETag, long TransitionCount, string? AttentionRowKey, string? Incarnation = null, long EventCount = 0);

    private async Task<RowForWrite> ReadForWriteAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var row = await reader.ReadRowAsync(key, cancellationToken);
        if (row is null)
        {
            return new RowForWrite(null, null, 0, null);
        }

        reader.TryRead(row, out var stored, out _, out var entity);
        return new RowForWrite(stored, row.ETag, entity.TransitionCount, StatusRowKeys.IsAttentionRowKeyOf(entity.AttentionRowKey, key.ChannelAccountId) ? entity.AttentionRowKey : null, entity.Incarnation, entity.EventCount);
    }

    /// <summary>
    /// The sequence number of the row's last transition, which its next history entry follows.
    /// Every stored row has had a first transition, so a count of 0 was edited away (retyped,
    /// zeroed) or never written: restarting there would overwrite the newest history slots, so the
    /// history says where to go on. Asked only when a history entry is written: a write that
    /// changes nothing carries the count as read, and costs no query (a probe of a healthy account
    /// is one read and one replace).
    /// </summary>
    private async Task<long> TransitionCountBeforeAsync(ConnectionKey key, RowForWrite row, CancellationToken cancellationToken) =>
        row.TransitionCount > 0 || row.ETag is null ? row.TransitionCount : await LastSequenceAsync(key, cancellationToken);

    /// <summary>The highest readable sequence number among the account's history rows; 0 when none.</summary>
    private async Task<long> LastSequenceAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var last = 0L;
        await foreach (var row in _connections.QueryAsync<TableEntity>(HistoryEntity.RowsOf(key), select: [nameof(HistoryEntity.Sequence)], cancellationToken: cancellationToken))
        {
            last = Math.Max(last, TableColumns.Get<long>(row, nameof(HistoryEntity.Sequence)) ?? 0);
        }

        return last;
    }
}
