using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>
/// Provider health's counts from every report this instance applies, whatever its source (HTTP,
/// queue, probe): each account once per <see cref="ProbeOptions.Interval"/> (a chatty connector
/// weighs as much as a probed account), kept in memory and flushed every <see cref="FlushEvery"/>
/// into one partial row the tick adds up, so no report writes a shared row. A flush lost when the
/// instance stops is a few seconds of counts; the next window counts those accounts again.
/// </summary>
public sealed class ChannelTally(ProbeCountStore store, IOptions<ProbeOptions> options, TimeProvider time, ILogger<ChannelTally> logger) : IDisposable
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(5);

    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);

    // When this instance last counted each account; entries older than the window are dropped at each flush.
    private readonly Dictionary<ConnectionKey, DateTimeOffset> _countedAt = [];

    // Counted, not flushed yet: the account's latest status stands until the flush.
    private Dictionary<ConnectionKey, (Channel Channel, bool Failing)> _pending = [];
    private ITimer? _timer;
    private long _flushes;

    /// <summary>Counts an applied report's resulting state, unless this instance counted the account within the window.</summary>
    public void Record(ConnectionKey key, ConnectionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var now = time.GetUtcNow();
        var windowStart = now - options.Value.Interval;
        if (state.LastCheckedAt <= windowStart)
        {
            // A late report of an old observation says nothing about the channel now.
            return;
        }

        lock (_gate)
        {
            var latest = (state.Channel, state.Status == ConnectionStatus.Error);
            if (_pending.ContainsKey(key))
            {
                _pending[key] = latest;
            }
            else if (!_countedAt.TryGetValue(key, out var counted) || counted <= windowStart)
            {
                _pending[key] = latest;
                _countedAt[key] = now;
            }

            _timer ??= time.CreateTimer(_ => _ = FlushInBackgroundAsync(), null, FlushEvery, FlushEvery);
        }
    }

    /// <summary>Writes what was counted since the last flush; returns once any flush under way has finished too.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            Dictionary<ConnectionKey, (Channel Channel, bool Failing)> batch;
            lock (_gate)
            {
                (batch, _pending) = (_pending, []);
                var windowStart = now - options.Value.Interval;
                foreach (var old in _countedAt.Where(c => c.Value <= windowStart).Select(c => c.Key).ToList())
                {
                    _countedAt.Remove(old);
                }
            }

            if (batch.Count == 0)
            {
                return;
            }

            var counts = batch.Values
                .GroupBy(v => v.Channel)
                .ToDictionary(g => g.Key, g => (Checked: g.Count(), Failing: g.Count(v => v.Failing)));
            await store.SaveTallyAsync(now, _instance, Interlocked.Increment(ref _flushes), counts, cancellationToken);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task FlushInBackgroundAsync()
    {
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // Those counts are lost; the accounts count again in the next window.
            logger.LogWarning("Provider-health counts of this instance were not flushed: {Error}", e.GetType().Name);
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _flushing.Dispose();
    }
}
