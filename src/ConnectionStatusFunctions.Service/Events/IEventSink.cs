namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// Where the dispatcher hands events once they are committed: the events queue, the webhook
/// subscriptions. The dispatcher removes an outbox row only after every sink accepted it, so a
/// sink must accept the same event again without a second effect (dedupe on
/// <see cref="OutgoingEvent.Id"/>), and must not return before it holds the event durably.
/// </summary>
public interface IEventSink
{
    /// <summary>Takes one account's events, in the order the outbox wrote them; throws to have them offered again later.</summary>
    Task AcceptAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken);
}
