namespace ConnectionStatusFunctions.Core;

/// <summary>
/// What one write of an account announces: at most one event, because a write that starts or stops
/// the flapping is announced by that alone (its data carries the status), and a transition while
/// flapping is announced by nothing (<see cref="Suppressed"/>).
/// </summary>
public readonly record struct EventDecision(AccountEventKind? Kind, bool Suppressed)
{
    public static readonly EventDecision None = new(null, false);
}

/// <summary>
/// The one rule for which writes become events, and their names. Nagios's way with flapping: the
/// start and the stop are announced, the transitions in between only recorded, so a receiver paging
/// someone is not paged on every switch.
/// </summary>
public static class AccountEvents
{
    /// <summary>Every event type starts with this: the service's own namespace, so a receiver can tell its events from others'.</summary>
    public const string TypePrefix = "connectionstatus.account.";

    public static string TypeOf(AccountEventKind kind) => kind switch
    {
        AccountEventKind.StatusChanged => TypePrefix + "status_changed",
        AccountEventKind.FlappingStarted => TypePrefix + "flapping_started",
        AccountEventKind.FlappingStopped => TypePrefix + "flapping_stopped",
        AccountEventKind.Deleted => TypePrefix + "deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an event kind."),
    };

    /// <summary>What the write from <paramref name="previous"/> to <paramref name="next"/> announces; <paramref name="change"/> is its history entry, if any.</summary>
    public static EventDecision Decide(ConnectionState? previous, ConnectionState next, StatusChange? change)
    {
        ArgumentNullException.ThrowIfNull(next);
        var wasFlapping = previous?.IsFlapping ?? false;
        return (wasFlapping, next.IsFlapping) switch
        {
            (false, true) => new EventDecision(AccountEventKind.FlappingStarted, false),
            (true, false) => new EventDecision(AccountEventKind.FlappingStopped, false),
            (false, false) when change is not null => new EventDecision(AccountEventKind.StatusChanged, false),
            (true, true) when change is not null => new EventDecision(null, Suppressed: true),
            _ => EventDecision.None,
        };
    }

    /// <summary>
    /// Unique for ever: the account's incarnation changes when its row is created again, the
    /// transition number grows with each transition, and a flapping event, which may share its
    /// transition number with a status change or another flapping event, adds its kind and the
    /// account's event number (which only grows within an incarnation).
    /// </summary>
    public static string IdOf(string tenantId, string channelAccountId, string incarnation, long transition, AccountEventKind kind, long eventNumber)
    {
        var transitionId = $"{tenantId}/{channelAccountId}/{incarnation}/{transition.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        return kind switch
        {
            AccountEventKind.StatusChanged => transitionId,
            AccountEventKind.FlappingStarted => $"{transitionId}/flapping-started-{eventNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            AccountEventKind.FlappingStopped => $"{transitionId}/flapping-stopped-{eventNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            AccountEventKind.Deleted => $"{transitionId}/deleted-{eventNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an event kind."),
        };
    }

    /// <summary>
    /// The event of a decided write. <paramref name="health"/> is the account's health right after it
    /// (as the account alone shows it: a provider outage is not known to the write).
    /// </summary>
    public static AccountEvent Of(
        AccountEventKind kind,
        string tenantId,
        string channelAccountId,
        string incarnation,
        long transition,
        long eventNumber,
        ConnectionState? previous,
        ConnectionState next,
        StatusChange? change,
        ConnectionHealth health)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(health);
        var what = kind == AccountEventKind.StatusChanged
            ? change ?? throw new ArgumentException("A status change event needs its history entry.", nameof(change))
            : Snapshot(previous, next, kind == AccountEventKind.FlappingStarted ? next.FlappingSince ?? next.ObservedAt : next.ObservedAt);
        return new AccountEvent(
            IdOf(tenantId, channelAccountId, incarnation, transition, kind, eventNumber),
            kind,
            tenantId,
            channelAccountId,
            next.Channel,
            incarnation,
            eventNumber,
            transition,
            what,
            health.State,
            health.RecommendedAction,
            next.IsFlapping);
    }

    /// <summary>
    /// The deletion of an account as it stood (<paramref name="last"/>, its last transition
    /// <paramref name="transition"/>): a deletion is not a status, so <c>from</c> and <c>to</c> are
    /// both the status it had, <c>at</c> the deletion on the service's clock, and the health the one
    /// it showed then.
    /// </summary>
    public static AccountEvent Deleted(string tenantId, string channelAccountId, string incarnation, long transition, long eventNumber, ConnectionState last, DateTimeOffset deletedAt, ConnectionHealth health)
    {
        ArgumentNullException.ThrowIfNull(last);
        ArgumentNullException.ThrowIfNull(health);
        return new AccountEvent(
            IdOf(tenantId, channelAccountId, incarnation, transition, AccountEventKind.Deleted, eventNumber),
            AccountEventKind.Deleted,
            tenantId,
            channelAccountId,
            last.Channel,
            incarnation,
            eventNumber,
            transition,
            Snapshot(last, last, deletedAt),
            health.State,
            health.RecommendedAction,
            last.IsFlapping);
    }

    /// <summary>The account's status before and after a flapping event, with the error it shows, as a history entry would hold it.</summary>
    private static StatusChange Snapshot(ConnectionState? previous, ConnectionState next, DateTimeOffset at)
    {
        var isError = next.Status == ConnectionStatus.Error;
        return new StatusChange(
            at,
            previous?.Status,
            next.Status,
            isError ? next.ErrorCategory : null,
            isError ? next.ErrorCode : null,
            isError ? next.ErrorSummary : null,
            next.LastSource);
    }
}
