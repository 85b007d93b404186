namespace ConnectionStatusFunctions.Core;

/// <summary>
/// When a channel counts as having a provider outage: more than <paramref name="ErrorRate"/> of its recently
/// checked accounts are in error, among at least <paramref name="MinSample"/> accounts, checked within
/// <paramref name="Window"/>; an outage no run has confirmed within the window no longer counts.
/// </summary>
public sealed record OutagePolicy(double ErrorRate, int MinSample, TimeSpan Window)
{
    public static OutagePolicy Default { get; } = new(0.5, 5, TimeSpan.FromMinutes(15));
}
