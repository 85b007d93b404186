namespace ConnectionStatusFunctions.Core;

/// <summary>How one channel's provider is doing, as a probe run measured it.</summary>
public sealed record ChannelHealth(Channel Channel, int Checked, int Failing, double ErrorRate, bool IsOutage, DateTimeOffset ComputedAt);
