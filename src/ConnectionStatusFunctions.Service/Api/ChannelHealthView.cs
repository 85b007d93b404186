using System.ComponentModel;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Api;

[Description("How one channel's provider is doing, across every tenant, as of the last probe tick.")]
public sealed record ChannelHealthView(
    [Description("The channel.")] Channel Channel,
    [Description("The channel's name for people.")] string DisplayName,
    [Description("Accounts of the channel checked recently.")] int Checked,
    [Description("Of those, the accounts whose last check failed.")] int Failing,
    [Description("failing / checked, from 0 to 1.")] double ErrorRate,
    [Description("Whether that is a provider outage (Probes:OutageErrorRate and Probes:OutageMinSample).")] bool IsOutage,
    [Description("When the probe tick computed it.")] DateTimeOffset ComputedAt);

[Description("Provider health per channel.")]
public sealed record ChannelHealthList([Description("One entry per channel with recent checks.")] IReadOnlyList<ChannelHealthView> Items);
