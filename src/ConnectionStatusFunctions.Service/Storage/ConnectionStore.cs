using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
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

    public async Task<ApplyResult> ApplyAsync(ConnectionKey key, ConnectionReport report, CancellationToken cancellationToken)
    {
        Func<ConnectionState?, TransitionOutcome> decide = state => StatusTransition.Apply(state, report, policy.Value);
        try
        {
            return await TryApplyAsync(key, decide, cancellationToken);
        }
        catch (RequestFailedException e) when (IsTableMissing(e))
        {
            // First write ever, or the emulator restarted without its data: create and go again.
            await EnsureTablesAsync(cancellationToken);
            return await TryApplyAsync(key, decide, cancellationToken);
        }
    }

    /// <summary>
    /// Records that a connected account went silent (<see cref="StatusTransition.Silence"/>), through
    /// the same conditional write and history as a report; true when it did. The rule runs again on
    /// the row as read, so a report that arrived since the query found the row wins.
    /// </summary>
    public async Task<bool> ApplySilenceAsync(ConnectionKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await TryApplyAsync(key, state => StatusTransition.Silence(state, policy.Value, now), cancellationToken);
        return result.Outcome == TransitionKind.Applied;
    }

    private async Task<ApplyResult> TryApplyAsync(ConnectionKey key, Func<ConnectionState?, TransitionOutcome> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await ReadForWriteAsync(key, cancellationToken);
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
            var entity = ConnectionEntity.From(key, outcome.State!, row.TransitionCount + (change is null ? 0 : 1));
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
                await Task.Delay(Backoff(attempt), cancellationToken);
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
        var entity = await ReadEntityAsync(key, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        return TryRead(entity, out var stored, out var unreadable) ? stored : throw new UnreadableRowException(unreadable!);
    }

    /// <summary>A row about to be written: its state when readable, its ETag when it exists at all, and its transition count.</summary>
    private sealed record RowForWrite(StoredConnection? Stored, ETag? ETag, long TransitionCount);

    private async Task<RowForWrite> ReadForWriteAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var entity = await ReadEntityAsync(key, cancellationToken);
        if (entity is null)
        {
            return new RowForWrite(null, null, 0);
        }

        return new RowForWrite(TryRead(entity, out var stored, out _) ? stored : null, entity.ETag, entity.TransitionCount);
    }

    private async Task<ConnectionEntity?> ReadEntityAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _connections.GetEntityIfExistsAsync<ConnectionEntity>(key.TenantId, key.ChannelAccountId, cancellationToken: cancellationToken);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException e) when (IsTableMissing(e))
        {
            return null;
        }
    }

    public async Task<ConnectionPage> ListAsync(string tenantId, ListFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var storageToken = ContinuationTokens.Open(continuationToken, tenantId);
        var query = _connections.QueryAsync<ConnectionEntity>(Filter(tenantId, filter), pageSize, cancellationToken: cancellationToken);
        try
        {
            await foreach (var page in query.AsPages(storageToken, pageSize).WithCancellation(cancellationToken))
            {
                var items = new List<StoredConnection>(page.Values.Count);
                var unreadable = new List<UnreadableRow>();
                foreach (var entity in page.Values)
                {
                    if (TryRead(entity, out var stored, out var row))
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
        catch (RequestFailedException e) when (IsTableMissing(e))
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
            await foreach (var row in _connections.QueryAsync<HistoryEntity>(filter, select: HistoryColumns, cancellationToken: cancellationToken))
            {
                if (row.RowKey == key.ChannelAccountId)
                {
                    exists = true;
                }
                else if (row.ToChange() is { } change)
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
        catch (RequestFailedException e) when (IsTableMissing(e))
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

    public async IAsyncEnumerable<StoredConnection> ListAllAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await ListAsync(tenantId, ListFilter.None, 1000, token, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

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
            await foreach (var row in _tenants.QueryAsync<TableEntity>(e => e.PartitionKey == TenantPartition, select: ["RowKey", ShardBoundsColumn, SurveyedAtColumn], cancellationToken: cancellationToken))
            {
                var bounds = row.GetString(ShardBoundsColumn) is { Length: > 0 } text ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
                tenants.Add(new TenantShards(row.RowKey, bounds, row.GetDateTimeOffset(SurveyedAtColumn)));
            }
        }
        catch (RequestFailedException e) when (IsTableMissing(e))
        {
        }

        return tenants;
    }

    /// <summary>
    /// The status rows of one tenant's row-key range [from, to) that are due: not disconnected, of
    /// a probed channel, and last checked at or before <paramref name="checkedBefore"/>. The table
    /// filters; only the row key and channel come back.
    /// </summary>
    public async IAsyncEnumerable<(ConnectionKey Key, Channel Channel)> ListDueAsync(
        string tenantId, string? from, string? to, DateTimeOffset checkedBefore, IReadOnlyCollection<Channel> channels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (channels.Count == 0)
        {
            yield break;
        }

        var end = to is null || string.CompareOrdinal(to, StatusRowKeyEnd) > 0 ? StatusRowKeyEnd : to;
        // Named statuses rather than "not disconnected": a row edited by hand into an unknown status is skipped, as a listing skips it.
        var (connected, error, stale) = (WireName.Of(ConnectionStatus.Connected), WireName.Of(ConnectionStatus.Error), WireName.Of(ConnectionStatus.Stale));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {from ?? string.Empty} and RowKey lt {end} and LastCheckedAt le {checkedBefore} and (Status eq {connected} or Status eq {error} or Status eq {stale})")
            + " and (" + string.Join(" or ", channels.Select(c => TableClient.CreateQueryFilter($"Channel eq {WireName.Of(c)}"))) + ")";
        var rows = _connections.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "Channel"], cancellationToken: cancellationToken);
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
            catch (RequestFailedException e) when (IsTableMissing(e))
            {
                yield break;
            }

            var row = enumerator.Current;
            if (WireName.TryParse<Channel>(row.GetString("Channel"), out var channel))
            {
                yield return (new ConnectionKey(tenantId, row.RowKey), channel);
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
            catch (RequestFailedException e) when (IsTableMissing(e))
            {
                yield break;
            }

            yield return new ConnectionKey(tenantId, enumerator.Current.RowKey);
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
        catch (RequestFailedException e) when (IsTableMissing(e))
        {
        }

        var step = Math.Max(shardSize, (keys.Count + MaxShards - 1) / MaxShards);
        var bounds = keys.Where((_, i) => i > 0 && i % step == 0).ToList();
        var surveyedAt = time.GetUtcNow();
        // A merge: the tenant's other columns (FirstSeenAt) stay; two surveys at once would both be right.
        await _tenants.UpsertEntityAsync(
            new TableEntity(TenantPartition, tenantId) { ["StatusRows"] = keys.Count, [ShardBoundsColumn] = string.Join(' ', bounds), [SurveyedAtColumn] = surveyedAt },
            TableUpdateMode.Merge,
            cancellationToken);
        return new TenantShards(tenantId, bounds, surveyedAt);
    }

    /// <summary>Keeps a tenant's boundaries well inside a string column's 64 KiB (ids up to 128 characters).</summary>
    public const int MaxShards = 200;

    private const string ShardBoundsColumn = "ShardBounds";
    private const string SurveyedAtColumn = "SurveyedAt";

    internal static bool IsTableMissing(RequestFailedException e) => e.Status == 404 && e.ErrorCode == "TableNotFound";

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
        catch (RequestFailedException e) when (IsTableMissing(e))
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

    /// <summary>Turns a row into a state; a row with a value the service never writes is reported and logged, not thrown.</summary>
    private bool TryRead(ConnectionEntity entity, out StoredConnection? stored, out UnreadableRow? unreadable)
    {
        try
        {
            stored = new StoredConnection(entity.Key, entity.ToState(), entity.ETag);
            unreadable = null;
            return true;
        }
        catch (FormatException e)
        {
            stored = null;
            unreadable = new UnreadableRow(entity.Key, e.Message);
            logger.LogError("Status row {TenantId}/{ChannelAccountId} cannot be read and is skipped: {Reason}", entity.PartitionKey, entity.RowKey, e.Message);
            return false;
        }
    }

    /// <summary>Full jitter over an exponential ceiling (5 ms, 10 ms, ... up to 250 ms).</summary>
    internal static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(250, 5 * Math.Pow(2, attempt)));
}
