using System.Threading.Channels;

namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// The standalone host's hand-off: tenants with freshly committed events, waiting for this process's dispatch loop
/// (<see cref="EventHandOffLoop"/>). A tenant waits at most once: a tenant offered again while it
/// waits is already covered, and one offered while it is being dispatched is queued again when
/// that dispatch ends, so no two local dispatches of one tenant run at once and none is missed.
/// Bounded: when full, an offer is dropped, and the sweep publishes the tenant's rows later.
/// </summary>
public sealed class EventHandOff : IEventHandOff
{
    public const int Capacity = 10_000;

    private readonly Channel<string> _waiting = Channel.CreateBounded<string>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });
    private readonly Dictionary<string, bool> _dispatchingOfferedAgain = new(StringComparer.Ordinal);
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task HandOffAsync(string tenantId, CancellationToken cancellationToken)
    {
        Offer(tenantId);
        return Task.CompletedTask;
    }

    public void Offer(string tenantId)
    {
        lock (_lock)
        {
            if (_dispatchingOfferedAgain.ContainsKey(tenantId))
            {
                _dispatchingOfferedAgain[tenantId] = true;
                return;
            }

            if (_queued.Add(tenantId) && !_waiting.Writer.TryWrite(tenantId))
            {
                _queued.Remove(tenantId);
            }
        }
    }

    /// <summary>The next tenant to dispatch; call <see cref="Done"/> when its dispatch ends, however it ends.</summary>
    public async ValueTask<string> TakeAsync(CancellationToken cancellationToken)
    {
        var tenantId = await _waiting.Reader.ReadAsync(cancellationToken);
        lock (_lock)
        {
            _queued.Remove(tenantId);
            _dispatchingOfferedAgain[tenantId] = false;
        }

        return tenantId;
    }

    public void Done(string tenantId)
    {
        bool again;
        lock (_lock)
        {
            again = _dispatchingOfferedAgain.Remove(tenantId, out var offered) && offered;
        }

        if (again)
        {
            Offer(tenantId);
        }
    }
}
