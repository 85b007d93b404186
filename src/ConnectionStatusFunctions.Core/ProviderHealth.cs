namespace ConnectionStatusFunctions.Core;

/// <summary>Provider health per channel, from the accounts checked recently.</summary>
public static class ProviderHealth
{
    /// <summary>
    /// One entry per channel that has results: how many were checked, how many fail, and whether that is an outage.
    /// The counts are the probe workers' partial counts; parts of one channel are added together first, so the
    /// threshold and the minimum sample apply to the whole.
    /// </summary>
    public static IReadOnlyList<ChannelHealth> FromCounts(IEnumerable<(Channel Channel, int Checked, int Failing)> counts, OutagePolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return counts.GroupBy(c => c.Channel)
            .Select(g => (Channel: g.Key, Checked: g.Sum(c => c.Checked), Failing: g.Sum(c => c.Failing)))
            .Where(c => c.Checked > 0)
            .Select(c =>
            {
                var rate = (double)c.Failing / c.Checked;
                return new ChannelHealth(c.Channel, c.Checked, c.Failing, Math.Round(rate, 4), c.Checked >= policy.MinSample && rate > policy.ErrorRate, now);
            })
            .OrderBy(h => h.Channel)
            .ToList();
    }

    /// <summary>A measured outage counts only while a run inside the outage window confirmed it.</summary>
    public static bool IsCurrentOutage(ChannelHealth health, OutagePolicy policy, DateTimeOffset now) =>
        health.IsOutage && health.ComputedAt >= now - policy.Window;
}
