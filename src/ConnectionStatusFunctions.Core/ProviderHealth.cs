namespace ConnectionStatusFunctions.Core;

/// <summary>How one channel's provider is doing, as a probe run measured it.</summary>
public sealed record ChannelHealth(Channel Channel, int Checked, int Failing, double ErrorRate, bool IsOutage, DateTimeOffset ComputedAt);

/// <summary>When a channel counts as having a provider outage (the "Probes:Outage*" settings).</summary>
public sealed class OutagePolicy
{
    public const string SectionName = "Probes";

    /// <summary>A channel has an outage when more than this share of its recently checked accounts are in error...</summary>
    public double OutageErrorRate { get; set; } = 0.5;

    /// <summary>...among at least this many accounts...</summary>
    public int OutageMinSample { get; set; } = 5;

    /// <summary>...checked within this window. An outage no run has confirmed within it no longer counts.</summary>
    public TimeSpan OutageWindow { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<string> Validate()
    {
        if (OutageErrorRate is < 0 or > 1 || double.IsNaN(OutageErrorRate))
        {
            yield return "Probes:OutageErrorRate must be between 0 and 1.";
        }

        if (OutageMinSample is < 1 or > 100_000)
        {
            yield return "Probes:OutageMinSample must be between 1 and 100000.";
        }

        if (OutageWindow < TimeSpan.FromMinutes(1) || OutageWindow > TimeSpan.FromDays(1))
        {
            yield return "Probes:OutageWindow must be between 00:01:00 and 1.00:00:00.";
        }
    }
}

/// <summary>Provider health per channel, from the accounts checked recently.</summary>
public static class ProviderHealth
{
    /// <summary>One entry per channel that has recent results: how many were checked, how many fail, and whether that is an outage.</summary>
    public static IReadOnlyList<ChannelHealth> Compute(IEnumerable<(Channel Channel, bool Failing)> recent, OutagePolicy policy, DateTimeOffset now) =>
        FromCounts(recent.GroupBy(r => r.Channel).Select(g => (g.Key, g.Count(), g.Count(r => r.Failing))), policy, now);

    /// <summary>
    /// The same rule over counts already summed per channel (the probe workers' partial counts added
    /// up): parts of one channel are added together first, so the threshold and minimum sample apply to the whole.
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
                return new ChannelHealth(c.Channel, c.Checked, c.Failing, Math.Round(rate, 4), c.Checked >= policy.OutageMinSample && rate > policy.OutageErrorRate, now);
            })
            .OrderBy(h => h.Channel)
            .ToList();
    }

    /// <summary>A measured outage counts only while a run inside the outage window confirmed it.</summary>
    public static bool IsCurrentOutage(ChannelHealth health, OutagePolicy policy, DateTimeOffset now) =>
        health.IsOutage && health.ComputedAt >= now - policy.OutageWindow;
}

/// <summary>The channels whose provider is currently marked as having an outage.</summary>
public sealed class ChannelOutages(IEnumerable<Channel> channels)
{
    private readonly HashSet<Channel> _channels = [.. channels];

    public static ChannelOutages None { get; } = new([]);

    public bool Contains(Channel channel) => _channels.Contains(channel);
}
