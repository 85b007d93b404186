using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>
/// A connector's "429, Retry-After" kept where every probe worker sees it: one row per channel
/// (ChannelHealth table, PartitionKey "backoff") whose PausedUntil only ever moves later. Workers
/// read the rows at most every <see cref="RefreshEvery"/>, so a pause another worker set is
/// respected here within that delay; a pause set in this process is respected at once.
/// </summary>
public sealed class ProbeBackoff(TableServiceClient service, IOptions<StorageOptions> options, TimeProvider time, ILogger<ProbeBackoff> logger)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A Retry-After longer than this is taken as this. A channel's template is shared by every
    /// tenant, so a pause holds back every account of the channel: at most one probe interval
    /// (the default's), not the hour a single throttled account once asked for.
    /// </summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The pause of a 429 whose Retry-After names no time ahead (absent, 0, negative, unreadable, a
    /// date already past): the connector still said it throttles the prober, so the channel pauses.
    /// </summary>
    public static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(30);

    /// <summary>How long a 429 pauses its channel, given what its Retry-After asked for (null: nothing usable).</summary>
    public static TimeSpan PauseFor(TimeSpan? retryAfter) => retryAfter switch
    {
        { } asked when asked > LongestPause => LongestPause,
        { } asked when asked > TimeSpan.Zero => asked,
        _ => DefaultPause,
    };

    private const string Partition = "backoff";
    private const int WriteAttempts = 5;
    private readonly TableClient _table = service.GetTableClient(options.Value.ChannelHealthTable);
    private readonly Lock _gate = new();
    private Dictionary<Channel, DateTimeOffset> _shared = [];
    private readonly Dictionary<Channel, DateTimeOffset> _local = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    // One refresh at a time: the probes that find the cache stale meanwhile use it as it is.
    private int _refreshing;

    /// <summary>Until when probes of the channel wait, or null when they may go.</summary>
    public async Task<DateTimeOffset?> PausedUntilAsync(Channel channel, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        bool stale;
        lock (_gate)
        {
            stale = now - _readAt >= RefreshEvery || now < _readAt;
        }

        if (stale && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            try
            {
                await RefreshAsync(now, cancellationToken);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        }

        lock (_gate)
        {
            var (shared, local) = (_shared.GetValueOrDefault(channel), _local.GetValueOrDefault(channel));
            var until = shared > local ? shared : local;
            return until > now ? until : null;
        }
    }

    /// <summary>Pauses the channel until <paramref name="until"/> for every worker, unless it is paused longer already.</summary>
    public async Task PauseAsync(Channel channel, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var longest = time.GetUtcNow() + LongestPause;
        until = until > longest ? longest : until;
        lock (_gate)
        {
            if (_local.GetValueOrDefault(channel) < until)
            {
                _local[channel] = until;
            }
        }

        var key = WireName.Of(channel);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken);
                if (existing.HasValue && ReadPausedUntil(existing.Value!) >= until)
                {
                    return;
                }

                var row = new TableEntity(Partition, key) { ["PausedUntil"] = until };
                // Conditional, so that of two workers extending the pause at once the later time is kept.
                _ = existing.HasValue
                    ? await _table.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
                    : await _table.AddEntityAsync(row, cancellationToken);
                logger.LogInformation("Probes of {Channel} pause until {Until:O}: its connector answered 429", key, until);
                return;
            }
            catch (RequestFailedException e) when (ConnectionStore.IsTableMissing(e))
            {
                await _table.CreateIfNotExistsAsync(cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < WriteAttempts)
            {
                // Real time on purpose: the back-off spaces out storage calls.
                await Task.Delay(ConnectionStore.Backoff(attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// The row's pause, or null when it is not one the service could have written (another type, or
    /// further ahead than the longest pause): a hand edit must not stop a channel's probes for good.
    /// Such a row is replaced by the next pause.
    /// </summary>
    private DateTimeOffset? ReadPausedUntil(TableEntity row)
    {
        var badColumns = new List<string>();
        var until = TableColumns.Get<DateTimeOffset>(row, "PausedUntil", badColumns);
        if (badColumns.Count == 0 && (until is null || until <= time.GetUtcNow() + LongestPause))
        {
            return until;
        }

        logger.LogError("Probe back-off row {Channel} cannot be read and is ignored: column PausedUntil", row.RowKey);
        return null;
    }

    private async Task RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var shared = new Dictionary<Channel, DateTimeOffset>();
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
            {
                if (WireName.TryParse<Channel>(row.RowKey, out var channel) && ReadPausedUntil(row) is { } until)
                {
                    shared[channel] = until;
                }
            }
        }
        catch (RequestFailedException e) when (ConnectionStore.IsTableMissing(e))
        {
        }

        lock (_gate)
        {
            _shared = shared;
            _readAt = now;
        }
    }
}
