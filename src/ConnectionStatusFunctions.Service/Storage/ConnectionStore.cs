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
        try
        {
            return await TryApplyAsync(key, decide, channelLimit, report.Channel, report.CheckedAt, cancellationToken) ?? throw NeverUnchangedWithoutRow();
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            // First write ever, or the emulator restarted without its data: create and go again.
            await _connections.CreateIfNotExistsAsync(cancellationToken);
            return await TryApplyAsync(key, decide, channelLimit, report.Channel, report.CheckedAt, cancellationToken) ?? throw NeverUnchangedWithoutRow();
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
        return await TryApplyAsync(key, state => StatusTransition.Silence(state, policy.Value, now), channelLimit: null, reportChannel: null, observedAt: null, cancellationToken) is ApplyResult.Applied;
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
            await TryApplyAsync(key, state => new TransitionOutcome(state is null ? TransitionKind.Stale : TransitionKind.Applied, state), channelLimit: null, reportChannel: null, observedAt: null, cancellationToken);
        }

        return missing.Count;
    }

    /// <summary>
    /// What the rule decided on the row as read, written conditionally; null when it left alone an
    /// account with no readable row. A report (<paramref name="observedAt"/> set) first has its tenant
    /// registered, or refused when deleted (<see cref="TenantStore.EnsureWritableAsync"/>); the silence
    /// and index rules only ever rewrite rows that exist, which a tenant's deletion job removes.
    /// </summary>
    private async Task<ApplyResult?> TryApplyAsync(ConnectionKey key, Func<ConnectionState?, TransitionOutcome> decide, ChannelLimit? channelLimit, Channel? reportChannel, DateTimeOffset? observedAt, CancellationToken cancellationToken)
    {
        string? goneAttentionRow = null;
        for (var attempt = 1; ; attempt++)
        {
            var row = await ReadForWriteAsync(key, cancellationToken);
            if (channelLimit is not null && !channelLimit.Allows(row.ETag is not null, row.Stored?.State.Channel, reportChannel))
            {
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
                return row.Stored is { } stored ? new ApplyResult.Unchanged(outcome.Kind, stored) : null;
            }

            var change = StatusChange.Between(row.Stored?.State, next);
            var entity = ConnectionEntity.From(key, next, change is null ? row.TransitionCount : await TransitionCountBeforeAsync(key, row, cancellationToken) + 1);
            entity.Incarnation = row.Incarnation ?? outbox.NewIncarnation();
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

                var etag = await WriteAsync(entity, row.ETag, actions, cancellationToken);
                await outbox.CommittedAsync(key, planned, cancellationToken);
                return new ApplyResult.Applied(new StoredConnection(key, next, etag), change is not null);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex is { } failed && actions[failed].ActionType == TableTransactionActionType.Delete)
            {
                // The index row this status row named was removed by hand: nothing left to delete.
                goneAttentionRow = row.AttentionRowKey;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 || RowWentAway(e, row.ETag))
            {
                // Another writer got there first (or a deletion removed the row): re-read and decide again.
                if (attempt >= _attempts)
                {
                    logger.LogWarning("Gave up writing {TenantId}/{ChannelAccountId} after {Attempts} conflicting attempts", key.TenantId, key.ChannelAccountId, attempt);
                    telemetry.WriteContended();
                    throw new StorageContentionException(key, attempt);
                }

                telemetry.WriteRetried();

                // Real time on purpose: the back-off spaces out storage calls, whatever clock the domain reads.
                await Task.Delay(TableRetry.Backoff(attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Removes every row of a deleted tenant's partition (status, history, index and outbox rows
    /// alike), keys only read, 100 to a transaction, yielding how many each transaction removed. Each
    /// query starts again from the partition's first row: rows already removed are not there, so a job
    /// stopped anywhere resumes where it stopped, and a row another writer added behind it is found.
    /// </summary>
    public async IAsyncEnumerable<int> DeleteTenantRowsAsync(string tenantId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");
        while (true)
        {
            var keys = new List<string>(1000);
            try
            {
                await foreach (var page in _connections.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).AsPages())
                {
                    keys.AddRange(page.Values.Select(row => row.RowKey));
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

            foreach (var batch in keys.Chunk(100))
            {
                await TableDeletes.DeleteAsync(_connections, tenantId, batch, cancellationToken);
                yield return batch.Length;
            }
        }
    }

    /// <summary>The status row this write was conditional on was deleted since it was read (its tenant's deletion job): a conflict, not a failure.</summary>
    private static bool RowWentAway(RequestFailedException e, ETag? etag) =>
        e.Status == 404 && etag is not null && !TableRetry.IsTableMissing(e) && (e is not TableTransactionFailedException failed || failed.FailedTransactionActionIndex is null or 0);

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
        var row = await reader.ReadRowAsync(key, cancellationToken);
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
        var (first, end) = HistoryEntity.RangeOf(key.ChannelAccountId);
        var last = 0L;
        await foreach (var row in _connections.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {key.TenantId} and RowKey ge {first} and RowKey lt {end}"), select: [nameof(HistoryEntity.Sequence)], cancellationToken: cancellationToken))
        {
            last = Math.Max(last, TableColumns.Get<long>(row, nameof(HistoryEntity.Sequence)) ?? 0);
        }

        return last;
    }
}
