using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// Provider health: one row per channel (PartitionKey <see cref="ChannelHealthPartitions.Channel"/>, RowKey
/// the channel's name), rewritten by each probe tick from the partial counts of <see cref="ProbeCountStore"/>.
/// Readers need the outages on every request, so they are kept in memory for a short while.
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
