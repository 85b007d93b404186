using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// What the probes counted per channel (ChannelHealth table, PartitionKey <see cref="ChannelHealthPartitions.Partial"/>):
/// each probe request's and each instance's partial counts, one row each so that no writer replaces
/// another's, summed and then deleted by the tick that computes provider health.
/// </summary>
public sealed class ProbeCountStore(TableServiceClient service, IOptions<StorageOptions> options, ILogger<ProbeCountStore> logger)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.ChannelHealthTable);

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
            await _table.CreateIfNotExistsAsync(cancellationToken);
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

    /// <summary>
    /// Deletes a deleted tenant's partial counts (its probe requests' rows; the instances' tallies
    /// name no tenant), 100 to a transaction. The partition is small (the rounds since the last
    /// tick), so it is read whole, keys only. Returns how many.
    /// </summary>
    public Task<int> DeleteTenantPartialsAsync(string tenantId, CancellationToken cancellationToken) =>
        TableDeletes.DeleteFoundAsync(
            _table,
            ChannelHealthPartitions.Partial,
            TableClient.CreateQueryFilter($"PartitionKey eq {ChannelHealthPartitions.Partial}"),
            rowKey => rowKey.Split('|') is [_, var tenant, ..] && tenant == tenantId,
            cancellationToken);
}
