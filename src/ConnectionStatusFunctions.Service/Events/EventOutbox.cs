using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// The write path's side of the events: which outbox row a write of a status row carries (decided
/// again on each attempt, since a conflicting writer re-reads), and, once the write committed, the
/// hand-off of its tenant to the dispatcher.
/// </summary>
public sealed class EventOutbox(IOptions<ActionTexts> texts, TimeProvider time, IEventHandOff handOff, StatusTelemetry telemetry)
{
    /// <summary>
    /// A status row the write is creating, or one stored before events existed, gets its
    /// incarnation: time-ordered, and unique even when one clock instant creates two. A row created
    /// again after a deletion at <paramref name="after"/> gets one of a later millisecond, so its
    /// outbox rows sort after the deleted incarnation's, the <c>deleted</c> event's included.
    /// </summary>
    public string NewIncarnation(DateTimeOffset? after = null)
    {
        var now = time.GetUtcNow();
        return Guid.CreateVersion7(after is { } deletedAt && now <= deletedAt.AddMilliseconds(1) ? deletedAt.AddMilliseconds(1) : now).ToString("N");
    }

    /// <summary>
    /// The outbox row of the write from <paramref name="previous"/> to <paramref name="next"/>, if it
    /// announces anything; <paramref name="entity"/> (the status row about to be written, with its
    /// incarnation and the event count as read) gets the count that includes it.
    /// </summary>
    public PlannedEvent Plan(ConnectionKey key, ConnectionState? previous, ConnectionState next, StatusChange? change, ConnectionEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var decision = AccountEvents.Decide(previous, next, change);
        if (decision.Kind is not { } kind)
        {
            return new PlannedEvent(null, decision.Suppressed);
        }

        var incarnation = entity.Incarnation ?? throw new InvalidOperationException("A status row is written with its incarnation.");
        entity.EventCount++;
        var now = time.GetUtcNow();
        var health = HealthEvaluator.Evaluate(next, providerOutage: false, now, texts.Value);
        var accountEvent = AccountEvents.Of(kind, key.TenantId, key.ChannelAccountId, incarnation, entity.TransitionCount, entity.EventCount, previous, next, change, health);
        return new PlannedEvent(OutboxEntity.Of(accountEvent, incarnation, entity.EventCount, now), false);
    }

    /// <summary>
    /// The outbox row of an account's deletion: its incarnation, the next event number after
    /// <paramref name="eventCount"/> (so it sorts after the account's events still pending), the
    /// state it had and the health that state showed.
    /// </summary>
    public PlannedEvent PlanDeleted(ConnectionKey key, ConnectionState last, string incarnation, long transitionCount, long eventCount, DateTimeOffset deletedAt)
    {
        ArgumentNullException.ThrowIfNull(last);
        var eventNumber = eventCount + 1;
        var health = HealthEvaluator.Evaluate(last, providerOutage: false, deletedAt, texts.Value);
        var accountEvent = AccountEvents.Deleted(key.TenantId, key.ChannelAccountId, incarnation, transitionCount, eventNumber, last, deletedAt, health);
        return new PlannedEvent(OutboxEntity.Of(accountEvent, incarnation, eventNumber, deletedAt), false);
    }

    /// <summary>After the write committed: its event goes to the dispatcher at once, a suppressed transition is counted.</summary>
    public async Task CommittedAsync(ConnectionKey key, PlannedEvent planned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        if (planned.Suppressed)
        {
            telemetry.EventSuppressed();
        }

        if (planned.Row is not null)
        {
            await handOff.HandOffAsync(key.TenantId, cancellationToken);
        }
    }

    /// <summary>
    /// Makes <paramref name="write"/>, the transaction that carries <paramref name="planned"/>'s outbox row, and hands its
    /// event off: once it committed (<see cref="CommittedAsync"/>), and also when storage failed in a way that does not
    /// tell whether it did (<see cref="MayHaveCommittedAsync"/>), before that failure goes on to the caller (answered 503).
    /// Any other failure (a conflict the caller retries) goes on untouched. Both writers of an account's rows, the write
    /// path and the deletion, commit through here.
    /// </summary>
    public async Task<T> CommitAsync<T>(ConnectionKey key, PlannedEvent planned, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            var written = await write();
            await CommittedAsync(key, planned, cancellationToken);
            return written;
        }
        catch (Exception e) when (StorageFailure.IsTransient(e))
        {
            await MayHaveCommittedAsync(key, planned, cancellationToken);
            throw;
        }
    }

    /// <summary>
    /// A write failed in a way that does not tell whether storage committed it (a reset, a timeout, a 5xx): if it did, its
    /// event is in the outbox, and a caller answered 503 may never retry. Handing the tenant off costs at most a dispatch
    /// that finds nothing, where leaving it would hold the event until the sweep.
    /// </summary>
    private Task MayHaveCommittedAsync(ConnectionKey key, PlannedEvent planned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return planned.Row is null ? Task.CompletedTask : handOff.HandOffAsync(key.TenantId, cancellationToken);
    }

    /// <summary>A report came again that the account's row already holds: an event its first try left may go now, not at the sweep.</summary>
    public Task RetriedAsync(ConnectionKey key, CancellationToken cancellationToken) => handOff.HandOffAsync(key.TenantId, cancellationToken);
}

/// <summary>The outbox row a write carries, if any, and whether it recorded a transition that no event announces.</summary>
public sealed record PlannedEvent(OutboxEntity? Row, bool Suppressed);
