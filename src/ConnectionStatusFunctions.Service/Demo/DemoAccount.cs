using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Demo;

/// <summary>One made-up account of the demo tenant and the reports that bring it to its state, oldest first.</summary>
public sealed record DemoAccount(string ChannelAccountId, Channel Channel, string DisplayName, IReadOnlyList<DemoReport> Reports);

/// <summary>One report of the demo script, dated relative to now.</summary>
public sealed record DemoReport(TimeSpan Ago, ConnectionStatus Status, ErrorCategory? Category = null, string? Code = null, string? Message = null);
