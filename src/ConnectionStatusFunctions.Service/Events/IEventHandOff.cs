namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// How a write that committed an event gets its tenant dispatched at once. The standalone host,
/// a long-lived process, dispatches in process (<see cref="EventHandOff"/>); the Functions app,
/// whose worker may be frozen once an invocation returns, puts a dispatch request on the queue
/// (<see cref="QueueHandOff"/>). Either way a hand-off that fails loses nothing: the sweep finds the rows.
/// </summary>
public interface IEventHandOff
{
    /// <summary>Never throws: the write it follows has committed, and its answer must not say otherwise.</summary>
    Task HandOffAsync(string tenantId, CancellationToken cancellationToken);
}
