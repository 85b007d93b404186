using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// One row per channel (PartitionKey "channel", RowKey the channel's name), rewritten by each probe
/// tick from the partial counts the probe workers leave under PartitionKey "partial". Readers need the outages on every request, so they are kept in memory for a short while.
/// An outage no run has confirmed within the outage window no longer counts (see
/// <see cref="ProviderHealth.IsCurrentOutage"/>).
/// </summary>
public sealed class ChannelHealthStore(TableServiceClient service, IOptions<StorageOptions> options, OutagePolicy policy, TimeProvider time, ILogger<ChannelHealthStore> logger)
{
    /// <summary>Provider health changes once per probe tick (minutes); another instance's run shows here within this.</summary>
    public static readonly TimeSpan OutageCacheDuration = TimeSpan.FromSeconds(30);

    /// <summary>How far ahead of this instance's clock another instance's tick may stamp its row; later than that was typed in.</summary>
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    private readonly TableClient _table = service.GetTableClient(options.Value.ChannelHealthTable);
    private volatile CachedOutages? _cached;

    private sealed record CachedOutages(ChannelOutages Outages, DateTimeOffset ReadAt);

    public Task EnsureTableAsync(CancellationToken cancellationToken) => _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<IReadOnlyList<ChannelHealth>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<ChannelHealth>();
        var now = time.GetUtcNow();
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == ChannelHealthPartitions.Channel, cancellationToken: cancellationToken))
            {
                if (WireName.TryParse<Channel>(row.RowKey, out var channel))
                {
                    var badColumns = new List<string>();
                    var measured = new ChannelHealth(
                        channel,
                        TableColumns.Get<int>(row, "Checked", badColumns) ?? 0,
                        TableColumns.Get<int>(row, "Failing", badColumns) ?? 0,
                        TableColumns.Get<double>(row, "ErrorRate", badColumns) ?? 0,
                        TableColumns.Get<bool>(row, "IsOutage", badColumns) ?? false,
                        TableColumns.Get<DateTimeOffset>(row, "ComputedAt", badColumns) ?? DateTimeOffset.MinValue);
                    if (badColumns.Count > 0 || measured.ComputedAt > now + ClockTolerance)
                    {
                        // Edited by hand: the channel shows no measurement until the next tick rewrites its row.
                        logger.LogError("Channel health row {Channel} cannot be read and is skipped: column {Columns}", row.RowKey, badColumns.Count > 0 ? string.Join(", ", badColumns) : "ComputedAt");
                        continue;
                    }

                    result.Add(measured with { IsOutage = ProviderHealth.IsCurrentOutage(measured, policy, now) });
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            // No probe run has written channel health yet.
        }

        return result;
    }

    public async Task<ChannelOutages> GetOutagesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cached is { } cached && now - cached.ReadAt < OutageCacheDuration && now >= cached.ReadAt)
        {
            return cached.Outages;
        }

        var outages = new ChannelOutages((await ListAsync(cancellationToken)).Where(h => h.IsOutage).Select(h => h.Channel));
        _cached = new CachedOutages(outages, now);
        return outages;
    }

    public async Task SaveAsync(IReadOnlyList<ChannelHealth> channels, CancellationToken cancellationToken)
    {
        try
        {
            await UpsertAsync(channels, cancellationToken);
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            await EnsureTableAsync(cancellationToken);
            await UpsertAsync(channels, cancellationToken);
        }

        _cached = null; // this instance sees its own run at once
    }


    /// <summary>Fixed width, so that row keys sort by round and a range query finds a span of rounds.</summary>
    private static string RoundKey(DateTimeOffset round) => round.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// What one probe request observed, per channel, under its round (the tick that sent it), its
    /// tenant and shard and its delivery, so a redelivery adds to the first delivery's count instead
    /// of replacing it (it probes only what the first left due).
    /// </summary>
    public Task SavePartialAsync(DateTimeOffset round, string tenantId, string? from, long delivery, IReadOnlyDictionary<Channel, (int Checked, int Failing)> counts, CancellationToken cancellationToken) =>
        WritePartialAsync($"{RoundKey(round)}|{tenantId}|{from}|{delivery}", round, counts, cancellationToken);

    /// <summary>
    /// What one instance counted since its last flush, under the flush's time ("~" keeps it apart
    /// from a tenant's counts), its instance and a sequence number, so no flush replaces another.
    /// </summary>
    public Task SaveTallyAsync(DateTimeOffset flushedAt, string instance, long flush, IReadOnlyDictionary<Channel, (int Checked, int Failing)> counts, CancellationToken cancellationToken) =>
        WritePartialAsync($"{RoundKey(flushedAt)}|~{instance}|{flush}", flushedAt, counts, cancellationToken);

    private async Task WritePartialAsync(string rowKey, DateTimeOffset round, IReadOnlyDictionary<Channel, (int Checked, int Failing)> counts, CancellationToken cancellationToken)
    {
        var row = new TableEntity(ChannelHealthPartitions.Partial, rowKey) { ["Round"] = round };
        foreach (var (channel, count) in counts)
        {
            row[$"Checked_{WireName.Of(channel)}"] = count.Checked;
            row[$"Failing_{WireName.Of(channel)}"] = count.Failing;
        }

        try
        {
            await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            await EnsureTableAsync(cancellationToken);
            await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>The partial counts of every round since <paramref name="since"/>, added up per channel.</summary>
    public async Task<IReadOnlyList<(Channel Channel, int Checked, int Failing)>> SumPartialsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<Channel, (int Checked, int Failing)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ChannelHealthPartitions.Partial} and RowKey ge {RoundKey(since)}");
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                var badColumns = new List<string>();
                var counts = Enum.GetValues<Channel>()
                    .Select(channel => (Channel: channel, Checked: TableColumns.Get<int>(row, $"Checked_{WireName.Of(channel)}", badColumns), Failing: TableColumns.Get<int>(row, $"Failing_{WireName.Of(channel)}", badColumns)))
                    .ToList();
                if (badColumns.Count > 0)
                {
                    // Edited by hand: one request's counts are left out rather than every tick failing on them.
                    logger.LogError("Partial probe counts {RowKey} cannot be read and are skipped: column {Columns}", row.RowKey, string.Join(", ", badColumns));
                    continue;
                }

                foreach (var (channel, checkedCount, failingCount) in counts)
                {
                    if (checkedCount is { } counted)
                    {
                        var sum = sums.GetValueOrDefault(channel);
                        sums[channel] = (sum.Checked + counted, sum.Failing + (failingCount ?? 0));
                    }
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return sums.Select(s => (s.Key, s.Value.Checked, s.Value.Failing)).ToList();
    }

    /// <summary>Deletes the partial counts of rounds before <paramref name="before"/>, in batches of 100 (one partition). Returns how many.</summary>
    public async Task<int> DeletePartialsBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var old = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ChannelHealthPartitions.Partial} and RowKey lt {RoundKey(before)}");
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                old.Add(row);
            }

            foreach (var batch in old.Chunk(100))
            {
                try
                {
                    await _table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(ChannelHealthPartitions.Partial, r.RowKey), ETag.All)), cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // Another tick deleted one of them first: the rest go at the next tick.
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return old.Count;
    }

    private const string QueuedColumn = "QueuedRound";
    private const string DoneColumn = "DoneRound";
    private const string PauseSkippedColumn = "PauseSkipped";

    /// <summary>Where a probe request's shard (or its tenant's survey) is marked queued; ids never contain '|' or '~'.</summary>
    public static string QueuedKey(string tenantId, string? from, bool survey) => survey ? $"{tenantId}|~survey" : $"{tenantId}|{from}";

    /// <summary>Every shard marked queued, with the round it was last queued in and the round whose request last finished.</summary>
    public async Task<IReadOnlyDictionary<string, QueuedShard>> ListQueuedAsync(CancellationToken cancellationToken)
    {
        var shards = new Dictionary<string, QueuedShard>(StringComparer.Ordinal);
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == ChannelHealthPartitions.Queued, maxPerPage: 1000, select: ["RowKey", QueuedColumn, DoneColumn, PauseSkippedColumn], cancellationToken: cancellationToken))
            {
                // A cell retyped by hand reads as absent: that shard is queued as if never marked, and its marks are written again.
                // So does a round ahead of this clock (a hand edit, or an instance whose clock ran ahead): it would hold the shard back for as long.
                shards[row.RowKey] = new QueuedShard(Believable(TableColumns.Get<DateTimeOffset>(row, QueuedColumn)), Believable(TableColumns.Get<DateTimeOffset>(row, DoneColumn)), ReadChannels(row, PauseSkippedColumn));
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return shards;
    }

    /// <summary>
    /// Marks the shards queued in <paramref name="round"/>: merges, 100 to a transaction (one
    /// partition), so the round a worker marked done stays beside it whichever write lands first.
    /// </summary>
    public async Task MarkQueuedAsync(IReadOnlyCollection<string> keys, DateTimeOffset round, CancellationToken cancellationToken)
    {
        foreach (var batch in keys.Chunk(100))
        {
            var actions = batch.Select(key => new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(ChannelHealthPartitions.Queued, key) { [QueuedColumn] = round })).ToList();
            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
            {
                await EnsureTableAsync(cancellationToken);
                await _table.SubmitTransactionAsync(actions, cancellationToken);
            }
        }
    }

    /// <summary>Channel names, comma-separated; a name edited by hand into something unknown is left out (that shard is owed nothing of it).</summary>
    private static HashSet<Channel>? ReadChannels(TableEntity row, string column) =>
        row.TryGetValue(column, out var value) && value is string { Length: > 0 } names
            ? names.Split(',').Select(name => WireName.TryParse<Channel>(name, out var channel) ? channel : (Channel?)null).OfType<Channel>().ToHashSet()
            : null;

    /// <summary>
    /// Marks the request of <paramref name="round"/> for this shard finished, so the next tick may
    /// queue it again, with the channels it skipped because they were paused (none clears what an
    /// earlier request left). Conditional, and only ever later: a late request of an older round
    /// finishing after a newer one must not make the newer look unfinished, nor undo what it owes.
    /// </summary>
    public async Task MarkDoneAsync(string key, DateTimeOffset round, IReadOnlyCollection<Channel> pauseSkipped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pauseSkipped);
        var skipped = string.Join(',', pauseSkipped.Select(WireName.Of).Order(StringComparer.Ordinal));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await _table.GetEntityIfExistsAsync<TableEntity>(ChannelHealthPartitions.Queued, key, select: [DoneColumn], cancellationToken: cancellationToken);
                if (existing.HasValue && Believable(TableColumns.Get<DateTimeOffset>(existing.Value!, DoneColumn)) >= round)
                {
                    return;
                }

                var row = new TableEntity(ChannelHealthPartitions.Queued, key) { [DoneColumn] = round, [PauseSkippedColumn] = skipped };
                _ = existing.HasValue
                    ? await _table.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Merge, cancellationToken)
                    : await _table.AddEntityAsync(row, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
            {
                await EnsureTableAsync(cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MarkAttempts)
            {
                // Real time on purpose: the back-off spaces out storage calls.
                await Task.Delay(TableRetry.Backoff(attempt), cancellationToken);
            }
        }
    }

    private const int MarkAttempts = 5;

    /// <summary>A round no tick could have sent yet (later than now plus the instances' clock skew) reads as absent.</summary>
    private DateTimeOffset? Believable(DateTimeOffset? round) => round > time.GetUtcNow() + QueuedShard.ClockSkew ? null : round;

    /// <summary>Removes the marks of shards that no longer exist (a tenant's shards re-cut by a survey), 100 to a transaction.</summary>
    public async Task DeleteQueuedAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        foreach (var batch in keys.Chunk(100))
        {
            try
            {
                await _table.SubmitTransactionAsync(batch.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(ChannelHealthPartitions.Queued, key), ETag.All)), cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Another tick deleted one of them first: the rest go at the next tick.
            }
        }
    }

    private async Task UpsertAsync(IReadOnlyList<ChannelHealth> channels, CancellationToken cancellationToken)
    {
        foreach (var health in channels)
        {
            // One run per tick writes these; should two runs overlap, either is a fresh measurement, so the last writer may win.
            await _table.UpsertEntityAsync(
                new TableEntity(ChannelHealthPartitions.Channel, WireName.Of(health.Channel))
                {
                    ["Checked"] = health.Checked,
                    ["Failing"] = health.Failing,
                    ["ErrorRate"] = health.ErrorRate,
                    ["IsOutage"] = health.IsOutage,
                    ["ComputedAt"] = health.ComputedAt,
                },
                TableUpdateMode.Replace,
                cancellationToken);
        }
    }
}
