using System.Collections.Concurrent;
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
/// </summary>
public sealed class ConnectionStore(TableServiceClient service, IOptions<StorageOptions> options, IOptions<StatusPolicy> policy, TimeProvider time, StatusTelemetry telemetry, ILogger<ConnectionStore> logger)
{
    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);
    private readonly TableClient _tenants = service.GetTableClient(options.Value.TenantsTable);
    private readonly int _attempts = options.Value.WriteAttempts;

    /// <summary>How many transitions are kept per account; older ones are overwritten.</summary>
    public const int HistoryLength = 50;

    /// <summary>Every status row's RowKey sorts before this (account ids never contain it); history rows start with it.</summary>
    internal const string StatusRowKeyEnd = "~";

    // Tenants this instance has registered or seen registered: their next new account skips the insert (and its 409).
    private readonly ConcurrentDictionary<string, byte> _knownTenants = new(StringComparer.Ordinal);

    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        await _connections.CreateIfNotExistsAsync(cancellationToken);
        await _tenants.CreateIfNotExistsAsync(cancellationToken);
    }

    /// <summary>
    /// Applies the report; with a <paramref name="channelLimit"/>, only to a row the limit allows,
    /// decided on each read of the row the write is conditional on (else <see cref="ChannelNotAllowedException"/>).
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(ConnectionKey key, ConnectionReport report, CancellationToken cancellationToken, ChannelLimit? channelLimit = null)
    {
        Func<ConnectionState?, TransitionOutcome> decide = state => StatusTransition.Apply(state, report, policy.Value);
        try
        {
            return await TryApplyAsync(key, decide, channelLimit, report.Channel, cancellationToken);
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            // First write ever, or the emulator restarted without its data: create and go again.
            await EnsureTablesAsync(cancellationToken);
            return await TryApplyAsync(key, decide, channelLimit, report.Channel, cancellationToken);
        }
    }

    /// <summary>
    /// Records that a connected account went silent (<see cref="StatusTransition.Silence"/>), through
    /// the same conditional write and history as a report; true when it did. The rule runs again on
    /// the row as read, so a report that arrived since the query found the row wins.
    /// </summary>
    public async Task<bool> ApplySilenceAsync(ConnectionKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await TryApplyAsync(key, state => StatusTransition.Silence(state, policy.Value, now), channelLimit: null, reportChannel: null, cancellationToken);
        return result.Outcome == TransitionKind.Applied;
    }

    private async Task<ApplyResult> TryApplyAsync(ConnectionKey key, Func<ConnectionState?, TransitionOutcome> decide, ChannelLimit? channelLimit, Channel? reportChannel, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await ReadForWriteAsync(key, cancellationToken);
            if (channelLimit is not null && !channelLimit.Allows(row.ETag is not null, row.Stored?.State.Channel, reportChannel))
            {
                // Before the transition, so not even a stale or duplicate answer shows the row.
                throw new ChannelNotAllowedException(key.TenantId, key.ChannelAccountId);
            }

            var outcome = decide(row.Stored?.State);
            if (outcome.Kind != TransitionKind.Applied)
            {
                // Null only for the silence rule on a row gone or unreadable meanwhile, whose caller reads the outcome alone.
                return new ApplyResult(outcome.Kind, row.Stored!);
            }

            if (row.ETag is null)
            {
                // Before the row: once the row exists a retried report is a duplicate and writes
                // nothing, so a tenant registered after it could stay unknown to the probes for good.
                await RegisterTenantAsync(key.TenantId, cancellationToken);
            }

            var change = StatusChange.Between(row.Stored?.State, outcome.State!);
            var entity = ConnectionEntity.From(key, outcome.State!, change is null ? row.TransitionCount : await TransitionCountBeforeAsync(key, row, cancellationToken) + 1);
            try
            {
                // An unreadable row is replaced as if absent, still conditionally: the report repairs it.
                var etag = change is null
                    ? await WriteStatusAsync(entity, row.ETag, cancellationToken)
                    : await WriteStatusAndHistoryAsync(entity, row.ETag, HistoryEntity.Of(key, entity.TransitionCount, change), cancellationToken);
                return new ApplyResult(TransitionKind.Applied, new StoredConnection(key, outcome.State!, etag), change is not null);
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

    private async Task<ETag> WriteStatusAsync(ConnectionEntity entity, ETag? etag, CancellationToken cancellationToken)
    {
        var response = etag is { } match
            ? await _connections.UpdateEntityAsync(entity, match, TableUpdateMode.Replace, cancellationToken)
            : await _connections.AddEntityAsync(entity, cancellationToken);
        return response.Headers.ETag ?? default;
    }

    /// <summary>
    /// The status row's condition guards both: only the writer whose ETag still matches gets this
    /// sequence number, so the history entry can overwrite its slot unconditionally.
    /// </summary>
    private async Task<ETag> WriteStatusAndHistoryAsync(ConnectionEntity entity, ETag? etag, HistoryEntity history, CancellationToken cancellationToken)
    {
        TableTransactionAction[] actions =
        [
            etag is { } match
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, match)
                : new TableTransactionAction(TableTransactionActionType.Add, entity),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, history),
        ];
        var responses = await _connections.SubmitTransactionAsync(actions, cancellationToken);
        return responses.Value[0].Headers.ETag ?? default;
    }
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
    private sealed record RowForWrite(StoredConnection? Stored, ETag? ETag, long TransitionCount);

    private async Task<RowForWrite> ReadForWriteAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var row = await ReadRowAsync(key, cancellationToken);
        if (row is null)
        {
            return new RowForWrite(null, null, 0);
        }

        TryRead(row, out var stored, out _, out var entity);
        return new RowForWrite(stored, row.ETag, entity.TransitionCount);
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
        var query = _connections.QueryAsync<TableEntity>(Filter(tenantId, filter), pageSize, cancellationToken: cancellationToken);
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
            var latest = LatestReadableTime();
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

    /// <summary>Each tenant with the shard boundaries its last survey recorded (none: probed as one request).</summary>
    public async Task<IReadOnlyList<TenantShards>> ListTenantShardsAsync(CancellationToken cancellationToken)
    {
        var tenants = new List<TenantShards>();
        try
        {
            var latest = LatestReadableTime();
            await foreach (var row in _tenants.QueryAsync<TableEntity>(e => e.PartitionKey == TenantPartition, select: ["RowKey", ShardBoundsColumn, SurveyedAtColumn], cancellationToken: cancellationToken))
            {
                tenants.Add(ReadTenant(row, latest));
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return tenants;
    }

    /// <summary>
    /// The status rows of one tenant's row-key range [from, to) that are due: not disconnected, of
    /// a probed channel, and last checked at or before <paramref name="checkedBefore"/>. The table
    /// filters; only the columns the worker orders by come back.
    /// </summary>
    public async IAsyncEnumerable<DueAccount> ListDueAsync(
        string tenantId, string? from, string? to, DateTimeOffset checkedBefore, IReadOnlyCollection<Channel> channels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (channels.Count == 0)
        {
            yield break;
        }

        var end = to is null || string.CompareOrdinal(to, StatusRowKeyEnd) > 0 ? StatusRowKeyEnd : to;
        // Named statuses rather than "not disconnected": a row edited by hand into an unknown status is skipped, as a listing skips it.
        var (connected, error, stale) = (WireName.Of(ConnectionStatus.Connected), WireName.Of(ConnectionStatus.Error), WireName.Of(ConnectionStatus.Stale));
        // A LastCheckedAt later than any accepted report was typed in: due, so that the probe's report replaces the row.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {from ?? string.Empty} and RowKey lt {end} and (LastCheckedAt le {checkedBefore} or LastCheckedAt gt {LatestReadableTime()}) and (Status eq {connected} or Status eq {error} or Status eq {stale})")
            + " and (" + string.Join(" or ", channels.Select(c => TableClient.CreateQueryFilter($"Channel eq {WireName.Of(c)}"))) + ")";
        var rows = _connections.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "Channel", "LastCheckedAt", "Status", "ErrorCategory"], cancellationToken: cancellationToken);
        await foreach (var row in UnlessTableMissing(rows, cancellationToken))
        {
            // Column by column: a cell retyped by hand spoils only its own row's order, never the request.
            if (WireName.TryParse<Channel>(TableColumns.GetString(row, "Channel"), out var channel))
            {
                var rateLimited = TableColumns.GetString(row, "Status") == error && TableColumns.GetString(row, "ErrorCategory") == WireName.Of(ErrorCategory.RateLimit);
                yield return new DueAccount(new ConnectionKey(tenantId, row.RowKey), channel, TableColumns.Get<DateTimeOffset>(row, "LastCheckedAt") ?? DateTimeOffset.MinValue, rateLimited);
            }
        }
    }

    /// <summary>
    /// The connected accounts of one tenant's row-key range [from, to) with no report for their
    /// channel's StaleAfter as of <paramref name="now"/>: one query, filtered by the table on status,
    /// channel and last check (one clause per distinct limit), returning row keys only.
    /// </summary>
    public async IAsyncEnumerable<ConnectionKey> ListSilentAsync(string tenantId, string? from, string? to, DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var end = to is null || string.CompareOrdinal(to, StatusRowKeyEnd) > 0 ? StatusRowKeyEnd : to;
        var rules = policy.Value;
        var ownLimits = rules.StaleAfterByChannel.Keys.Where(name => WireName.TryParse<Channel>(name, out _)).ToList();
        var clauses = ownLimits
            .Select(name => TableClient.CreateQueryFilter($"(Channel eq {name} and LastCheckedAt le {now - rules.StaleAfterByChannel[name]})"))
            .Append("(" + string.Join(" and ", ownLimits.Select(name => TableClient.CreateQueryFilter($"Channel ne {name}")).Append(TableClient.CreateQueryFilter($"LastCheckedAt le {now - rules.StaleAfter}"))) + ")");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {from ?? string.Empty} and RowKey lt {end} and Status eq {WireName.Of(ConnectionStatus.Connected)}")
            + " and (" + string.Join(" or ", clauses) + ")";
        var rows = _connections.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken);
        await foreach (var row in UnlessTableMissing(rows, cancellationToken))
        {
            yield return new ConnectionKey(tenantId, row.RowKey);
        }
    }

    /// <summary>The rows of a query, or none while the table does not exist yet.</summary>
    private static async IAsyncEnumerable<TableEntity> UnlessTableMissing(AsyncPageable<TableEntity> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }

    /// <summary>
    /// Counts a tenant's status rows (row keys only) and records on its Tenants row the row key at
    /// every shard-th row, so the next ticks can split it without reading it. At most
    /// <see cref="MaxShards"/> shards: past that, shards grow instead.
    /// </summary>
    public async Task<TenantShards> SurveyAsync(string tenantId, int shardSize, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        try
        {
            await foreach (var row in _connections.QueryAsync<TableEntity>(StatusRowsOf(tenantId), maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(row.RowKey);
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        var step = Math.Max(shardSize, (keys.Count + MaxShards - 1) / MaxShards);
        var bounds = keys.Where((_, i) => i > 0 && i % step == 0).ToList();
        var surveyedAt = time.GetUtcNow();
        var survey = new Dictionary<string, object?> { ["StatusRows"] = keys.Count, [ShardBoundsColumn] = bounds.Count > 0 ? string.Join(' ', bounds) : null, [SurveyedAtColumn] = surveyedAt };
        await ReplaceTenantColumnsAsync(tenantId, survey, cancellationToken);
        return new TenantShards(tenantId, bounds, surveyedAt);
    }

    /// <summary>
    /// Sets the given columns of a Tenants row and keeps its others (FirstSeenAt), leaving out the
    /// empty ones. A merge cannot remove a column, so the row is replaced, under its ETag: of two
    /// surveys at once the second re-reads and writes again (both are right).
    /// </summary>
    private async Task ReplaceTenantColumnsAsync(string tenantId, Dictionary<string, object?> columns, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantPartition, tenantId, cancellationToken: cancellationToken);
            var row = new TableEntity(TenantPartition, tenantId);
            if (existing.HasValue)
            {
                foreach (var (name, value) in existing.Value!)
                {
                    if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") && !columns.ContainsKey(name))
                    {
                        row[name] = value;
                    }
                }
            }

            foreach (var (name, value) in columns)
            {
                if (value is not null)
                {
                    row[name] = value;
                }
            }

            try
            {
                _ = existing.HasValue
                    ? await _tenants.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
                    : await _tenants.AddEntityAsync(row, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < _attempts)
            {
                // Real time on purpose: the back-off spaces out storage calls.
                await Task.Delay(TableRetry.Backoff(attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// A Tenants row as the tick needs it. A survey column edited by hand (another type, bounds that
    /// are not ascending ids, a survey time later than now) would fail every tick or misplace the
    /// tenant's shards: the tenant is then probed as one request and surveyed again, which rewrites the row.
    /// </summary>
    private TenantShards ReadTenant(TableEntity row, DateTimeOffset latest)
    {
        var badColumns = new List<string>();
        var bounds = TableColumns.GetString(row, ShardBoundsColumn, badColumns)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var surveyedAt = TableColumns.Get<DateTimeOffset>(row, SurveyedAtColumn, badColumns);
        if (!bounds.All(Identifier.IsValid) || bounds.Zip(bounds.Skip(1)).Any(pair => string.CompareOrdinal(pair.First, pair.Second) >= 0))
        {
            badColumns.Add(ShardBoundsColumn);
        }

        if (surveyedAt > latest)
        {
            badColumns.Add(SurveyedAtColumn);
        }

        if (badColumns.Count == 0)
        {
            return new TenantShards(row.RowKey, bounds, surveyedAt);
        }

        logger.LogError("Tenants row {TenantId} cannot be read (column {Columns}): probed whole and surveyed again", row.RowKey, string.Join(", ", badColumns));
        return new TenantShards(row.RowKey, [], null);
    }

    /// <summary>Whether the tenant has a Tenants row, i.e. whether any account of it was ever written (one point read of its key).</summary>
    public async Task<bool> IsTenantRegisteredAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            return (await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantPartition, tenantId, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return false;
        }
    }

    /// <summary>Keeps a tenant's boundaries well inside a string column's 64 KiB (ids up to 128 characters).</summary>
    public const int MaxShards = 200;

    private const string ShardBoundsColumn = "ShardBounds";
    private const string SurveyedAtColumn = "SurveyedAt";

    private const string TenantPartition = "tenant";

    private async Task RegisterTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_knownTenants.ContainsKey(tenantId))
        {
            return;
        }

        try
        {
            await _tenants.AddEntityAsync(new TableEntity(TenantPartition, tenantId) { ["FirstSeenAt"] = time.GetUtcNow() }, cancellationToken);
            _knownTenants.TryAdd(tenantId, 0);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already known: insert-if-absent is all that is wanted.
            _knownTenants.TryAdd(tenantId, 0);
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            await _tenants.CreateIfNotExistsAsync(cancellationToken);
            await RegisterTenantAsync(tenantId, cancellationToken);
        }
    }

    /// <summary>A tenant's status rows, without the history rows that follow them in its partition.</summary>
    private static string StatusRowsOf(string tenantId) => TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey lt {StatusRowKeyEnd}");

    private static string Filter(string tenantId, ListFilter filter)
    {
        var parts = new List<string> { StatusRowsOf(tenantId) };
        if (filter.Status is { } status)
        {
            parts.Add(TableClient.CreateQueryFilter($"Status eq {WireName.Of(status)}"));
        }

        if (filter.Channel is { } channel)
        {
            parts.Add(TableClient.CreateQueryFilter($"Channel eq {WireName.Of(channel)}"));
        }

        return string.Join(" and ", parts);
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
        else if (entity.TimesLaterThan(LatestReadableTime()) is { Count: > 0 } future)
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

    /// <summary>
    /// No report is accepted with a time later than the clock skew allows, so no stored time can be
    /// later than now plus that skew: one that is was typed in, and would otherwise win over every
    /// true report (a LastCheckedAt of 9999-12-31 would make each of them stale).
    /// </summary>
    private DateTimeOffset LatestReadableTime() => time.GetUtcNow() + policy.Value.MaxClockSkew;
}
