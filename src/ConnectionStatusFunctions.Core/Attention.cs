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

    /// <summary>The rule in words, for descriptions that readers of the API see.</summary>
    public static string Definition { get; } =
        $"health state {string.Join(", ", States.Order().Select(s => WireName.Of(s)))}, or flapping";
}
