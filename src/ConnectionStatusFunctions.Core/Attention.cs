namespace ConnectionStatusFunctions.Core;

/// <summary>
/// The one definition of "needs attention" (docs/status-engine.md): the summary, its badge and
/// issueCount, the list filter, the page and the API's descriptions all use this, so a count and
/// a list can never disagree.
/// </summary>
public static class Attention
{
    /// <summary>Health states that need someone to act; flapping needs attention whatever the state.</summary>
    public static IReadOnlySet<HealthState> States { get; } =
        new HashSet<HealthState> { HealthState.Error, HealthState.RequiresReauth, HealthState.Disconnected, HealthState.Stale };

    public static bool IsNeeded(HealthState state, bool isFlapping) => isFlapping || States.Contains(state);

    /// <summary>
    /// Since when an account has needed attention, null when it does not: the earliest start among
    /// the reasons that hold. A status that needs attention (error, disconnected, stale) holds since
    /// its status change (for a stale account, the start of the silence); flapping since it began;
    /// a connected account whose failures of the last 24 hours make its health an error, since the
    /// start of the hour of its oldest failure in that window (the window keeps hours, not instants),
    /// or, for a flapper whose flapping began within that hour, since its flapping began.
    /// </summary>
    public static DateTimeOffset? Since(ConnectionState state, HealthState health, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!IsNeeded(health, state.IsFlapping))
        {
            return null;
        }

        DateTimeOffset? since = null;
        if (States.Contains(health))
        {
            since = state.Status == ConnectionStatus.Connected
                ? FailuresSince(state, now) ?? state.StatusChangedAt
                : state.StatusChangedAt;
        }

        if (state.IsFlapping)
        {
            var flapping = state.FlappingSince ?? state.StatusChangedAt;
            since = since is { } other && other < flapping ? other : flapping;
        }

        return since;
    }

    /// <summary>
    /// The start of the hour of the oldest failure in the window, which keeps hours, not instants: up to an hour
    /// before that failure. A flapper whose flapping began within that hour failed first no earlier than the hour's
    /// start and no later than its flapping began, so that start, an instant the row keeps, stands for it: its since
    /// is never before the account first failed (nor before it first reported).
    /// </summary>
    private static DateTimeOffset? FailuresSince(ConnectionState state, DateTimeOffset now)
    {
        var hourOfOldest = state.RecentFailures.OldestInLast24Hours(now);
        return state.IsFlapping && state.FlappingSince is { } flapping && hourOfOldest is { } hour && flapping >= hour && flapping < hour.AddHours(1)
            ? flapping
            : hourOfOldest;
    }

    /// <summary>The rule in words, for descriptions that readers of the API see.</summary>
    public static string Definition { get; } =
        $"health state {string.Join(", ", States.Order().Select(s => WireName.Of(s)))}, or flapping";
}
