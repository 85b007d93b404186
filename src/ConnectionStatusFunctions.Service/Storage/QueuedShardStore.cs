using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The probe requests queued for a round and their done marks (ChannelHealth table, PartitionKey
/// <see cref="ChannelHealthPartitions.Queued"/>, one row per shard), so a tick does not queue a shard
/// whose request is still waiting or working, and knows which channels a finished one is owed.
/// </summary>
public sealed class QueuedShardStore(TableServiceClient service, IOptions<StorageOptions> options, TimeProvider time)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.ChannelHealthTable);

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
                await _table.CreateIfNotExistsAsync(cancellationToken);
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
                await _table.CreateIfNotExistsAsync(cancellationToken);
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

    /// <summary>Deletes a deleted tenant's queued and done marks (its shards' and its survey's): one key range, since ids never contain '|' and '}' follows it. Returns how many.</summary>
    public Task<int> DeleteTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        TableDeletes.DeleteFoundAsync(
            _table,
            ChannelHealthPartitions.Queued,
            TableClient.CreateQueryFilter($"PartitionKey eq {ChannelHealthPartitions.Queued} and RowKey ge {tenantId + "|"} and RowKey lt {tenantId + "}"}"),
            selected: null,
            cancellationToken);
}
