using System.Text.Json.Serialization;

namespace ConnectionStatusFunctions.Core;

/// <summary>What an event announces; each has its own CloudEvents type (<see cref="AccountEvents.TypeOf"/>).</summary>
[JsonConverter(typeof(WireNameJsonConverter<AccountEventKind>))]
public enum AccountEventKind
{
    /// <summary>A transition the history records, while the account is not flapping.</summary>
    StatusChanged,

    /// <summary>The account began switching back and forth: its transitions are recorded, not announced, until it stops.</summary>
    FlappingStarted,

    /// <summary>The account settled; the event carries the status it settled on.</summary>
    FlappingStopped,

    /// <summary>An operator removed the account; the event carries the status it had then. A later report creates it again, as new.</summary>
    Deleted,
}

/// <summary>
/// One event of an account, before it is written as a CloudEvent. <see cref="What"/> holds the same
/// (already redacted) fields as the history entry: for a flapping event, the status the account
/// had before and has now, observed at the moment the flapping started or stopped.
/// <see cref="Incarnation"/> and <see cref="Sequence"/> (the account's event number within its
/// incarnation) are the order the outbox writes and publishes the account's events in, so a
/// receiver sorts by them: the transition number restarts when a deleted account is created
/// again, and a flapping or deleted event shares its transition number with a status change.
/// </summary>
public sealed record AccountEvent(
    string Id,
    AccountEventKind Kind,
    string TenantId,
    string ChannelAccountId,
    Channel Channel,
    string Incarnation,
    long Sequence,
    long Transition,
    StatusChange What,
    HealthState Health,
    string? RecommendedAction,
    bool IsFlapping)
{
    public string Type => AccountEvents.TypeOf(Kind);
}
