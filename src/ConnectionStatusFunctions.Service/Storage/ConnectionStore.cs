using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// Reads and writes status rows and their transition history. Every write is conditional (insert if
/// absent, or replace if the ETag still matches); a write that changes the status or error category
/// also writes its history entry, in one transaction on the tenant's partition. On a conflict the
/// row is re-read and the pure transition re-run, so concurrent writers converge and no report, nor
/// history entry, is lost, duplicated or regressed.
/// Longer than 300 lines on purpose: the write path and every read of these rows (one account, a
/// page, the history) must agree on what a readable row is, so they stay together; the scans by
/// shard are <see cref="StatusRowScans"/> and the tenant registry is <see cref="TenantStore"/>.
/// </summary>
public sealed class ConnectionStore(TableServiceClient service, IOptions<StorageOptions> options, IOptions<StatusPolicy> policy, TenantStore tenants, TimeProvider time, StatusTelemetry telemetry, ILogger<ConnectionStore> logger)
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
        Func<ConnectionState?, TransitionOutcome> decide = state => StatusTransition.Apply(state, report, policy.Value);
        try
        {
            return await TryApplyAsync(key, decide, channelLimit, report.Channel, cancellationToken) ?? throw NeverUnchangedWithoutRow();
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            // First write ever, or the emulator restarted without its data: create and go again.
            await _connections.CreateIfNotExistsAsync(cancellationToken);
            return await TryApplyAsync(key, decide, channelLimit, report.Channel, cancellationToken) ?? throw NeverUnchangedWithoutRow();
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
        return await TryApplyAsync(key, state => StatusTransition.Silence(state, policy.Value, now), channelLimit: null, reportChannel: null, cancellationToken) is ApplyResult.Applied;
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
                if (TryRead(row, out var stored, out _, out var entity)
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
            await TryApplyAsync(key, state => new TransitionOutcome(state is null ? TransitionKind.Stale : TransitionKind.Applied, state), channelLimit: null, reportChannel: null, cancellationToken);
        }

        return missing.Count;
    }

    /// <summary>What the rule decided on the row as read, written conditionally; null when it left alone an account with no readable row.</summary>
    private async Task<ApplyResult?> TryApplyAsync(ConnectionKey key, Func<ConnectionState?, TransitionOutcome> decide, ChannelLimit? channelLimit, Channel? reportChannel, CancellationToken cancellationToken)
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

            var outcome = decide(row.Stored?.State);
            if (outcome is not { Kind: TransitionKind.Applied, State: { } next })
            {
                return row.Stored is { } stored ? new ApplyResult.Unchanged(outcome.Kind, stored) : null;
            }

            if (row.ETag is null)
            {
                // Before the row: once the row exists a retried report is a duplicate and writes
                // nothing, so a tenant registered after it could stay unknown to the probes for good.
                await tenants.RegisterAsync(key.TenantId, cancellationToken);
            }

            var change = StatusChange.Between(row.Stored?.State, next);
            var entity = ConnectionEntity.From(key, next, change is null ? row.TransitionCount : await TransitionCountBeforeAsync(key, row, cancellationToken) + 1);
            var since = AttentionSince(next);
            entity.AttentionRowKey = since is { } at ? StatusRowKeys.AttentionRowKey(at, key.ChannelAccountId) : null;
            var actions = new List<TableTransactionAction>(4);
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

                var etag = await WriteAsync(entity, row.ETag, actions, cancellationToken);
                return new ApplyResult.Applied(new StoredConnection(key, next, etag), change is not null);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex is { } failed && actions[failed].ActionType == TableTransactionActionType.Delete)
            {
                // The index row this status row named was removed by hand: nothing left to delete.
                goneAttentionRow = row.AttentionRowKey;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer got there first: re-read and decide again.
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
        var row = await ReadRowAsync(key, cancellationToken);
        if (row is null)
        {
            return null;
        }

        return TryRead(row, out var stored, out var unreadable, out _) ? stored : throw new UnreadableRowException(unreadable!);
    }

    /// <summary>A row about to be written: its state when readable, its ETag when it exists at all, and its transition count.</summary>
    private sealed record RowForWrite(StoredConnection? Stored, ETag? ETag, long TransitionCount, string? AttentionRowKey);

    private async Task<RowForWrite> ReadForWriteAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var row = await ReadRowAsync(key, cancellationToken);
        if (row is null)
        {
            return new RowForWrite(null, null, 0, null);
        }

        TryRead(row, out var stored, out _, out var entity);
        return new RowForWrite(stored, row.ETag, entity.TransitionCount, StatusRowKeys.IsAttentionRowKeyOf(entity.AttentionRowKey, key.ChannelAccountId) ? entity.AttentionRowKey : null);
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

    private async Task<TableEntity?> ReadRowAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _connections.GetEntityIfExistsAsync<TableEntity>(key.TenantId, key.ChannelAccountId, cancellationToken: cancellationToken);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return null;
        }
    }

    public async Task<ConnectionPage> ListAsync(string tenantId, ListFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var storageToken = ContinuationTokens.Open(continuationToken, tenantId);
        var query = _connections.QueryAsync<TableEntity>(filter.StorageFilter(tenantId), pageSize, cancellationToken: cancellationToken);
        try
        {
            await foreach (var page in query.AsPages(storageToken, pageSize).WithCancellation(cancellationToken))
            {
                var items = new List<StoredConnection>(page.Values.Count);
                var unreadable = new List<UnreadableRow>();
                foreach (var entity in page.Values)
                {
                    if (TryRead(entity, out var stored, out var row, out _))
                    {
                        items.Add(stored!);
                    }
                    else
                    {
                        unreadable.Add(row!);
                    }
                }

                return new ConnectionPage(items, unreadable, ContinuationTokens.Seal(page.ContinuationToken, tenantId));
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return new ConnectionPage([], [], null);
    }

    /// <summary>
    /// A page of up to <paramref name="pageSize"/> accounts that <paramref name="matches"/> keeps, read
    /// from the filter's <see cref="ListFilter.Scans"/> over as many storage pages as it takes, so that
    /// only the last page is short. The continuation token is the position of the last row answered
    /// (which scan, which row key), not storage's token, which would point into the middle of a page.
    /// Only the columns a view needs are read.
    /// </summary>
    public async Task<ConnectionPage> ListMatchingAsync(string tenantId, ListFilter filter, Func<StoredConnection, bool> matches, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(matches);
        var scope = PositionScope(tenantId);
        var scans = filter.Scans(tenantId);
        var (first, after) = ContinuationTokens.Open(continuationToken, scope) is { } position ? ListPosition.Parse(position, scans.Count) : new ListPosition(0, null);
        var items = new List<StoredConnection>(pageSize);
        var unreadable = new List<UnreadableRow>();
        try
        {
            for (var scan = first; scan < scans.Count; scan++, after = null)
            {
                var range = after is null ? scans[scan].Filter : $"{scans[scan].Filter} and {TableClient.CreateQueryFilter($"RowKey gt {after}")}";
                var (read, kept) = (0, 0);
                string? storageToken = null;
                do
                {
                    var take = RowsToAsk(pageSize - items.Count, read, kept, scans[scan].Narrow);
                    var page = await FirstPageAsync(_connections.QueryAsync<TableEntity>(range, take, ViewColumns, cancellationToken), storageToken, take, cancellationToken);
                    for (var i = 0; i < page.Values.Count; i++)
                    {
                        var entity = page.Values[i];
                        read++;
                        if (!scans[scan].Admits(entity.RowKey))
                        {
                            continue;
                        }

                        if (!TryRead(entity, out var stored, out var row, out _))
                        {
                            unreadable.Add(row!);
                        }
                        else if (matches(stored!))
                        {
                            kept++;
                            items.Add(stored!);
                            if (items.Count == pageSize)
                            {
                                var more = i < page.Values.Count - 1 || page.ContinuationToken is not null || scan < scans.Count - 1;
                                return new ConnectionPage(items, unreadable, more ? ContinuationTokens.Seal(new ListPosition(scan, entity.RowKey).ToString(), scope) : null);
                            }
                        }
                    }

                    storageToken = page.ContinuationToken;
                }
                while (storageToken is not null);
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return new ConnectionPage(items, unreadable, null);
    }

    /// <summary>Storage's largest page.</summary>
    private const int MaxStoragePage = 1000;

    /// <summary>
    /// How many rows to ask storage for next: what the page still needs over the share of rows kept
    /// so far. A narrow scan (an id range) starts as if every row matched, so the first page of an id
    /// search reads about as much as a plain page; a wide one (a name search) starts at storage's
    /// largest page, as a sparse match reads the fewest round trips that way.
    /// </summary>
    private static int RowsToAsk(int needed, int read, int kept, bool narrow) =>
        read == 0 ? (narrow ? needed : MaxStoragePage)
        : kept == 0 ? MaxStoragePage
        : (int)Math.Clamp((long)needed * read / kept + 1, needed, MaxStoragePage);

    private static async Task<Page<TableEntity>> FirstPageAsync(AsyncPageable<TableEntity> query, string? storageToken, int take, CancellationToken cancellationToken)
    {
        await foreach (var page in query.AsPages(storageToken, take).WithCancellation(cancellationToken))
        {
            return page;
        }

        throw new InvalidOperationException("A table query answered no page at all.");
    }

    // Not an id character, so no history scope ("tenant/account") can read as it: a token of the plain list or of a history is refused here.
    private static string PositionScope(string tenantId) => $"{tenantId} position";

    /// <summary>What a view and every filter read of a status row; the write path's bookkeeping (verdict, report id, transition count, recent results) stays in storage.</summary>
    private static readonly string[] ViewColumns =
        [nameof(ConnectionEntity.PartitionKey), nameof(ConnectionEntity.RowKey), nameof(ConnectionEntity.Channel), nameof(ConnectionEntity.DisplayName), nameof(ConnectionEntity.Status),
         nameof(ConnectionEntity.LastCheckedAt), nameof(ConnectionEntity.LastSuccessAt), nameof(ConnectionEntity.LastErrorAt), nameof(ConnectionEntity.StatusChangedAt),
         nameof(ConnectionEntity.ErrorCategory), nameof(ConnectionEntity.ErrorCode), nameof(ConnectionEntity.ErrorSummary), nameof(ConnectionEntity.ConsecutiveFailures),
         nameof(ConnectionEntity.FailuresByHour), nameof(ConnectionEntity.IsFlapping), nameof(ConnectionEntity.LastSource)];

    /// <summary>
    /// The account's transitions, newest first, from before the continuation token's position; null
    /// when the account has no status row. One query reads the status row's key and the at most
    /// <see cref="HistoryLength"/> history rows together.
    /// </summary>
    public async Task<HistoryPage?> ListHistoryAsync(ConnectionKey key, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = $"{key.TenantId}/{key.ChannelAccountId}";
        var before = ContinuationTokens.Open(continuationToken, scope) is { } position ? HistoryPosition(position) : (long?)null;
        var (first, end) = HistoryEntity.RangeOf(key.ChannelAccountId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key.TenantId} and (RowKey eq {key.ChannelAccountId} or (RowKey ge {first} and RowKey lt {end}))");
        var exists = false;
        var entries = new List<(long Sequence, StatusChange Change)>();
        try
        {
            // The status row comes back too, to tell an account without history from an unknown one; its own columns are not needed.
            var latest = StoredTime.LatestReadable(time, policy.Value);
            await foreach (var stored in _connections.QueryAsync<TableEntity>(filter, select: HistoryColumns, cancellationToken: cancellationToken))
            {
                var badColumns = new List<string>();
                var row = TableColumns.Read<HistoryEntity>(stored, badColumns);
                if (row.RowKey == key.ChannelAccountId)
                {
                    exists = true;
                }
                else if (badColumns.Count == 0 && row.At <= latest && row.ToChange() is { } change)
                {
                    if (before is null || row.Sequence < before)
                    {
                        entries.Add((row.Sequence, change));
                    }
                }
                else
                {
                    logger.LogError("History row {TenantId}/{RowKey} cannot be read and is skipped", key.TenantId, row.RowKey);
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        if (!exists)
        {
            return null;
        }

        var page = entries.OrderByDescending(e => e.Sequence).Take(pageSize + 1).ToList();
        var next = page.Count > pageSize
            ? ContinuationTokens.Seal(page[pageSize - 1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), scope)
            : null;
        return new HistoryPage(page.Take(pageSize).Select(e => e.Change).ToList(), next);
    }

    private static readonly string[] HistoryColumns =
        ["RowKey", nameof(HistoryEntity.Sequence), nameof(HistoryEntity.At), nameof(HistoryEntity.From), nameof(HistoryEntity.To),
         nameof(HistoryEntity.ErrorCategory), nameof(HistoryEntity.ErrorCode), nameof(HistoryEntity.ErrorSummary), nameof(HistoryEntity.Source)];

    private static long HistoryPosition(string position) =>
        long.TryParse(position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new InvalidContinuationTokenException();

    /// <summary>
    /// A page of the tenant's attention index, longest-broken first: each entry is its account's
    /// row as of its last write, and one that <paramref name="stillNeedsAttention"/> (health as of
    /// now) rejects has lapsed: it is left out, removed, and the reading goes on, so a page is full
    /// unless the index ends. The filter's columns are matched by storage, its in-memory parts
    /// (a health state, a search) by <paramref name="matches"/>: an entry it rejects is skipped, not removed. The continuation token is the last index RowKey returned, sealed with
    /// a scope of its own ('~' is in no id), so a plain list's token is refused here and this one there.
    /// </summary>
    public async Task<ConnectionPage> ListAttentionAsync(
        string tenantId, ListFilter filter, int pageSize, string? continuationToken, Func<StoredConnection, bool> stillNeedsAttention, Func<StoredConnection, bool> matches, CancellationToken cancellationToken)
    {
        var scope = $"{tenantId}{StatusRowKeys.StatusRowKeyEnd}attention";
        var after = ContinuationTokens.Open(continuationToken, scope) is { } position
            ? StatusRowKeys.IsAttentionPosition(position) ? position : throw new InvalidContinuationTokenException()
            : null;
        var items = new List<StoredConnection>(pageSize);
        var unreadable = new List<UnreadableRow>();
        string? lastRowKey = null;
        try
        {
            var rows = _connections.QueryAsync<TableEntity>(filter.Within(StatusRowKeys.AttentionRowsOf(tenantId, after)), Math.Min(pageSize + 1, 1000), cancellationToken: cancellationToken);
            await foreach (var row in rows)
            {
                var indexRowKey = row.RowKey;
                var indexETag = row.ETag;
                if (TableColumns.GetString(row, nameof(ConnectionEntity.AttentionOf)) is not { } accountId || !StatusRowKeys.IsAttentionRowKeyOf(indexRowKey, accountId))
                {
                    logger.LogError("Attention index row {TenantId}/{RowKey} names no account of its key and is skipped", tenantId, indexRowKey);
                    continue;
                }

                // Read as the status row it copies; the index row's ETag is not the status row's, so it is not kept.
                row.RowKey = accountId;
                if (!TryRead(row, out var stored, out var bad, out _))
                {
                    if (items.Count < pageSize)
                    {
                        unreadable.Add(bad!);
                    }

                    continue;
                }

                if (!stillNeedsAttention(stored!))
                {
                    await RemoveLapsedAsync(new ConnectionKey(tenantId, accountId), indexRowKey, indexETag, stillNeedsAttention, cancellationToken);
                    continue;
                }

                if (!matches(stored!))
                {
                    continue;
                }

                if (items.Count == pageSize)
                {
                    // One more entry exists, so a next page does.
                    return new ConnectionPage(items, unreadable, ContinuationTokens.Seal(lastRowKey, scope));
                }

                items.Add(stored! with { ETag = default });
                lastRowKey = indexRowKey;
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return new ConnectionPage(items, unreadable, null);
    }

    /// <summary>
    /// How many index entries the tenant has under the filter: one query of the index alone, so its
    /// cost grows with the accounts needing attention, not with the tenant; RowKeys only, unless the
    /// filter has in-memory parts, which <paramref name="matches"/> then decides on each entry's columns.
    /// Entries that lapsed and were not yet read by a list are still counted.
    /// </summary>
    public async Task<int> CountAttentionAsync(string tenantId, ListFilter filter, Func<StoredConnection, bool> matches, CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            var columns = filter.FiltersInMemory ? null : new[] { "RowKey" };
            await foreach (var row in _connections.QueryAsync<TableEntity>(filter.Within(StatusRowKeys.AttentionRowsOf(tenantId, after: null)), 1000, columns, cancellationToken))
            {
                if (!filter.FiltersInMemory)
                {
                    count++;
                }
                else if (TableColumns.GetString(row, nameof(ConnectionEntity.AttentionOf)) is { } accountId)
                {
                    row.RowKey = accountId;
                    count += TryRead(row, out var stored, out _, out _) && matches(stored!) ? 1 : 0;
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return count;
    }

    /// <summary>
    /// Removes an index entry that no longer needs attention, with the status row's column that
    /// names it, in one transaction conditional on both rows' ETags. Decided again on the status row
    /// as read; if either row moved meanwhile, a writer has already set the index right: skip.
    /// </summary>
    private async Task RemoveLapsedAsync(ConnectionKey key, string indexRowKey, ETag indexETag, Func<StoredConnection, bool> stillNeedsAttention, CancellationToken cancellationToken)
    {
        var status = await ReadRowAsync(key, cancellationToken);
        var statusEntity = status is null ? null : TableColumns.Read<ConnectionEntity>(status, new List<string>());
        try
        {
            if (statusEntity?.AttentionRowKey != indexRowKey)
            {
                // No status row owns it (left by a hand edit): nothing to keep in step.
                await _connections.DeleteEntityAsync(key.TenantId, indexRowKey, indexETag, cancellationToken);
                return;
            }

            if (!TryRead(status!, out var stored, out _, out _) || stillNeedsAttention(stored!))
            {
                return;
            }

            statusEntity.AttentionRowKey = null;
            await _connections.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, statusEntity, status!.ETag),
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(key.TenantId, indexRowKey), indexETag),
                ],
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            logger.LogDebug("Lapsed attention entry {TenantId}/{RowKey} was changed by a writer meanwhile; left to it", key.TenantId, indexRowKey);
        }
    }

    /// <summary>Every page of the tenant's status rows, each with the rows it could not read.</summary>
    public async IAsyncEnumerable<ConnectionPage> ListAllAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await ListAsync(tenantId, ListFilter.None, 1000, token, cancellationToken);
            yield return page;
            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>
    /// Turns a row into a state, column by column; a row with a value the service never writes (of
    /// another type, not one of its names, or a time later than any report it accepts) is reported
    /// and logged, not thrown.
    /// </summary>
    private bool TryRead(TableEntity row, out StoredConnection? stored, out UnreadableRow? unreadable, out ConnectionEntity entity)
    {
        var badColumns = new List<string>();
        entity = TableColumns.Read<ConnectionEntity>(row, badColumns);
        string reason;
        if (badColumns.Count > 0)
        {
            reason = $"column {string.Join(", ", badColumns)}: not of the type the service writes.";
        }
        else if (entity.TimesLaterThan(StoredTime.LatestReadable(time, policy.Value)) is { Count: > 0 } future)
        {
            reason = $"column {string.Join(", ", future)}: later than any report the service accepts.";
        }
        else
        {
            try
            {
                stored = new StoredConnection(entity.Key, entity.ToState(), entity.ETag);
                unreadable = null;
                return true;
            }
            catch (FormatException e)
            {
                reason = e.Message;
            }
        }

        stored = null;
        unreadable = new UnreadableRow(entity.Key, reason);
        logger.LogError("Status row {TenantId}/{ChannelAccountId} cannot be read and is skipped: {Reason}", entity.PartitionKey, entity.RowKey, reason);
        return false;
    }
}
