namespace ConnectionStatusFunctions.Core;

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
