using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Api;

public sealed record ChannelHealthView(Channel Channel, string DisplayName, int Checked, int Failing, double ErrorRate, bool IsOutage, DateTimeOffset ComputedAt);

public sealed record ChannelHealthList(IReadOnlyList<ChannelHealthView> Items);
