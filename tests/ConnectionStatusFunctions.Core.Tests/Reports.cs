using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>Short ways to write reports and states in tests.</summary>
internal static class Reports
{
    public static readonly DateTimeOffset T0 = TestClock.Start;
    public static readonly StatusPolicy Policy = new();

    public static ConnectionReport Connected(DateTimeOffset at, string? id = null) =>
        new(ConnectionStatus.Connected, at, ReportSource.Connector, ReportId: id, Channel: Channel.Line);

    public static ConnectionReport Failed(DateTimeOffset at, ErrorCategory category = ErrorCategory.Unknown, string? id = null, string? code = null) =>
        new(ConnectionStatus.Error, at, ReportSource.Connector, category, code, $"failed at {at:O}", id, Channel.Line);

    public static ConnectionReport Disconnected(DateTimeOffset at) =>
        new(ConnectionStatus.Disconnected, at, ReportSource.Connector, Channel: Channel.Line);

    public static ConnectionState Apply(this ConnectionState? state, ConnectionReport report) =>
        StatusTransition.Apply(state, report, Policy).State!;

    public static ConnectionState ApplyAll(IEnumerable<ConnectionReport> reports)
    {
        ConnectionState? state = null;
        foreach (var report in reports)
        {
            state = StatusTransition.Apply(state, report, Policy).State;
        }

        return state!;
    }
}
