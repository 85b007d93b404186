namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// One event on its way out of the outbox: a status transition of an account, or its flapping
/// starting or stopping. <see cref="Id"/> is stable for the transition and never reused, so a sink
/// handed the same event twice (after a crash between publishing and removing the outbox row) can
/// tell; <see cref="CloudEventJson"/> is the whole CloudEvents 1.0 JSON document every sink sends
/// as is, so the queue and every webhook receiver see the same bytes. <see cref="Order"/> is where
/// it stands among its account's events, as the outbox orders them (the incarnation, time-ordered,
/// then the event number): an account deleted and created again, a flapping event sharing its
/// transition's number and a deletion all sort as they were written.
/// </summary>
public sealed record OutgoingEvent(
    string Id,
    string Type,
    string TenantId,
    string ChannelAccountId,
    string Channel,
    long Transition,
    DateTimeOffset Time,
    string CloudEventJson,
    string Order);
