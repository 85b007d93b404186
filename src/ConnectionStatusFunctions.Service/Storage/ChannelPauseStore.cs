using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The probe pauses every worker shares: one row per channel (ChannelHealth table, PartitionKey
/// <see cref="ChannelHealthPartitions.Backoff"/>) whose PausedUntil only ever moves later.
/// </summary>
public sealed class ChannelPauseStore(TableServiceClient service, IOptions<StorageOptions> options, ILogger<ChannelPauseStore> logger)
{
    private const int WriteAttempts = 5;
    private readonly TableClient _table = service.GetTableClient(options.Value.ChannelHealthTable);

    /// <summary>
    /// Every channel's stored pause. A row later than <paramref name="latestReadable"/> (further ahead
    /// than the longest pause) or of another type is not one the service wrote: a hand edit must not stop
    /// a channel's probes for good, so it is left out, and the next pause replaces it.
    /// </summary>
    public async Task<Dictionary<Channel, DateTimeOffset>> ReadAllAsync(DateTimeOffset latestReadable, CancellationToken cancellationToken)
    {
        var pauses = new Dictionary<Channel, DateTimeOffset>();
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == ChannelHealthPartitions.Backoff, cancellationToken: cancellationToken))
            {
                if (WireName.TryParse<Channel>(row.RowKey, out var channel) && ReadPausedUntil(row, latestReadable) is { } until)
                {
                    pauses[channel] = until;
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return pauses;
    }

    /// <summary>Stores the channel's pause until <paramref name="until"/>, unless it is paused longer already; false when it was.</summary>
    public async Task<bool> ExtendAsync(Channel channel, DateTimeOffset until, DateTimeOffset latestReadable, CancellationToken cancellationToken)
    {
        var key = WireName.Of(channel);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await _table.GetEntityIfExistsAsync<TableEntity>(ChannelHealthPartitions.Backoff, key, cancellationToken: cancellationToken);
                if (existing.HasValue && ReadPausedUntil(existing.Value!, latestReadable) >= until)
                {
                    return false;
                }

                var row = new TableEntity(ChannelHealthPartitions.Backoff, key) { ["PausedUntil"] = until };
                // Conditional, so that of two workers extending the pause at once the later time is kept.
                _ = existing.HasValue
                    ? await _table.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
                    : await _table.AddEntityAsync(row, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
            {
                await _table.CreateIfNotExistsAsync(cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < WriteAttempts)
            {
                // Real time on purpose: the back-off spaces out storage calls.
                await Task.Delay(TableRetry.Backoff(attempt), cancellationToken);
            }
        }
    }

    private DateTimeOffset? ReadPausedUntil(TableEntity row, DateTimeOffset latestReadable)
    {
        var badColumns = new List<string>();
        var until = TableColumns.Get<DateTimeOffset>(row, "PausedUntil", badColumns);
        if (badColumns.Count == 0 && (until is null || until <= latestReadable))
        {
            return until;
        }

        logger.LogError("Probe back-off row {Channel} cannot be read and is ignored: column PausedUntil", row.RowKey);
        return null;
    }
}
