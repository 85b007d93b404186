namespace ConnectionStatusFunctions.Core;

/// <summary>
/// What is known about one channel account. Every timestamp is one a report carried, never the
/// time it was read. The error fields describe the last error and survive a recovery, so support
/// can still see what went wrong after the account reconnected. <see cref="LastVerdict"/> is set
/// only while the newest report is a probe's success: the newest report other than one, which a
/// probe's success cannot entirely overrule (see <see cref="StatusTransition.Apply"/>).
/// <see cref="FlappingSince"/> is the checkedAt of the report that started the flapping, kept while
/// it lasts and cleared when it ends; null on a flapping row stored before it was recorded.
/// </summary>
public sealed record ConnectionState(
    Channel Channel,
    string? DisplayName,
    ConnectionStatus Status,
    DateTimeOffset LastCheckedAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset StatusChangedAt,
    ErrorCategory? ErrorCategory,
    string? ErrorCode,
    string? ErrorSummary,
    int ConsecutiveFailures,
    FailureWindow RecentFailures,
    CheckHistory RecentResults,
    bool IsFlapping,
    ReportSource LastSource,
    string? LastReportId,
    ReportStamp? LastVerdict = null,
    DateTimeOffset? FlappingSince = null)
{
    public int FailuresInLast24Hours(DateTimeOffset now) => RecentFailures.CountInLast24Hours(now);

    /// <summary>
    /// This state's place in the total order of observations: its last report's checkedAt, or, for
    /// a stale account, the moment its silence began (LastCheckedAt keeps the last report's time).
    /// </summary>
    public DateTimeOffset ObservedAt => Status == ConnectionStatus.Stale ? StatusChangedAt : LastCheckedAt;
}
