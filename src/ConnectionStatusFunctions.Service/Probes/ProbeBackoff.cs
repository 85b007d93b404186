using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>
/// A connector's "429, Retry-After" kept where every probe worker sees it (<see cref="ChannelPauseStore"/>:
/// one row per channel whose PausedUntil only ever moves later). Workers
/// read the rows at most every <see cref="RefreshEvery"/>, so a pause another worker set is
/// respected here within that delay; a pause set in this process is respected at once.
/// </summary>
public sealed class ProbeBackoff(ChannelPauseStore pauses, TimeProvider time, ILogger<ProbeBackoff> logger)
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

        if (await pauses.ExtendAsync(channel, until, longest, cancellationToken))
        {
            logger.LogInformation("Probes of {Channel} pause until {Until:O}: its connector answered 429", WireName.Of(channel), until);
        }
    }

    private async Task RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var shared = await pauses.ReadAllAsync(now + LongestPause, cancellationToken);
        lock (_gate)
        {
            _shared = shared;
            _readAt = now;
        }
    }
}
