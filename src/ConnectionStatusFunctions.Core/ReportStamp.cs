namespace ConnectionStatusFunctions.Core;

/// <summary>
/// Where a report stands in the order (its checkedAt, status and id) and who sent it; what it said
/// beyond its status is in the state's last-error fields.
/// </summary>
public sealed record ReportStamp(DateTimeOffset CheckedAt, ConnectionStatus Status, string? ReportId, ReportSource Source)
{
    public static ReportStamp Of(ConnectionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.CheckedAt, report.Status, report.ReportId, report.Source);
    }

    /// <summary>The newest report a state shows, when that report was not a probe's success.</summary>
    public static ReportStamp Of(ConnectionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(state.ObservedAt, state.Status, state.LastReportId, state.LastSource);
    }
}
