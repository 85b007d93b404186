namespace ConnectionStatusFunctions.Core;

/// <summary>The tunable rules of the status engine. Defaults are documented in docs/status-engine.md.</summary>
public sealed class StatusPolicy
{
    public const string SectionName = "StatusPolicy";

    /// <summary>
    /// How far in the future a report's checkedAt may be before it is rejected. Every accepted
    /// second ahead is a second in which reports from correct clocks are stale, so the limit is
    /// what an unsynchronised host drifts, not what a broken clock shows.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxClockSkewLimit = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The latest observation time a deletion at <paramref name="deletedAt"/> (the service's clock)
    /// refuses: a report sent before the deletion may say it was observed up to
    /// <see cref="MaxClockSkew"/> later, and a retry of it must not bring the account or tenant back.
    /// </summary>
    public DateTimeOffset RefusedUpTo(DateTimeOffset deletedAt) =>
        deletedAt >= DateTimeOffset.MaxValue - MaxClockSkew ? DateTimeOffset.MaxValue : deletedAt + MaxClockSkew;

    /// <summary>How far in the past a report's checkedAt may be: older ones are a broken clock or a lost replay, not news.</summary>
    public TimeSpan MaxReportAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>An account starts flapping when its weighted change percent rises above this.</summary>
    public double FlapStartPercent { get; set; } = 25;

    /// <summary>A flapping account stops flapping only when its change percent falls below this.</summary>
    public double FlapStopPercent { get; set; } = 10;

    /// <summary>Results needed before flapping can start, so two early blips are not a flap.</summary>
    public int FlapMinResults { get; set; } = 8;

    /// <summary>A connected account with no report for this long becomes stale (silence is a state, not health).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Per channel name (e.g. "line"), a limit other than <see cref="StaleAfter"/>.</summary>
    public Dictionary<string, TimeSpan> StaleAfterByChannel { get; set; } = new(StringComparer.Ordinal);

    public TimeSpan StaleAfterFor(Channel channel) =>
        StaleAfterByChannel.TryGetValue(WireName.Of(channel), out var limit) ? limit : StaleAfter;

    private static readonly TimeSpan MinStaleAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxStaleAfter = TimeSpan.FromDays(30);

    public IEnumerable<string> Validate()
    {
        if (MaxClockSkew < TimeSpan.Zero || MaxClockSkew > MaxClockSkewLimit)
        {
            yield return $"StatusPolicy:MaxClockSkew must be between 00:00:00 and {MaxClockSkewLimit:c}.";
        }

        if (MaxReportAge < TimeSpan.FromHours(1) || MaxReportAge > TimeSpan.FromDays(365))
        {
            yield return "StatusPolicy:MaxReportAge must be between 01:00:00 and 365.00:00:00.";
        }

        // Alternating results are 100%, and flapping starts only above FlapStartPercent.
        if (FlapStopPercent is < 0 or > 100 || FlapStartPercent is < 0 or >= 100)
        {
            yield return "StatusPolicy:FlapStartPercent must be at least 0 and below 100, StatusPolicy:FlapStopPercent between 0 and 100.";
        }

        if (FlapStopPercent > FlapStartPercent)
        {
            yield return "StatusPolicy:FlapStopPercent must not exceed FlapStartPercent (hysteresis).";
        }

        // Fewer results than one more than the changes needed could never show a flap starting at FlapMinResults.
        if (FlapMinResults < StatusTransition.MinChangesToStartFlapping + 1 || FlapMinResults > CheckHistory.Capacity)
        {
            yield return $"StatusPolicy:FlapMinResults must be between {StatusTransition.MinChangesToStartFlapping + 1} and {CheckHistory.Capacity}.";
        }

        if (StaleAfter < MinStaleAfter || StaleAfter > MaxStaleAfter)
        {
            yield return $"StatusPolicy:StaleAfter must be between {MinStaleAfter} and {MaxStaleAfter}.";
        }

        foreach (var (channel, limit) in StaleAfterByChannel)
        {
            if (!WireName.TryParse<Channel>(channel, out _))
            {
                yield return $"StatusPolicy:StaleAfterByChannel key '{channel}' must be one of {WireName.AllowedValues<Channel>()}.";
            }
            else if (limit < MinStaleAfter || limit > MaxStaleAfter)
            {
                yield return $"StatusPolicy:StaleAfterByChannel:{channel} must be between {MinStaleAfter} and {MaxStaleAfter}.";
            }
        }
    }
}
