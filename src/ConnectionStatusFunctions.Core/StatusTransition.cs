namespace ConnectionStatusFunctions.Core;

/// <summary>
/// The one rule for changing a connection's state. It is pure: the same state and report always
/// give the same outcome, so a conflicting writer can simply re-read and run it again.
/// </summary>
public static class StatusTransition
{
    /// <summary>
    /// Applies <paramref name="report"/> to <paramref name="current"/> (null for an account never seen).
    /// Reports are totally ordered by (checkedAt, status rank, reportId): the state always reflects
    /// the greatest report seen, whatever order reports arrive in. At an equal checkedAt an error
    /// outranks disconnected, which outranks connected, so a problem seen at the same instant as a
    /// success is not hidden; then the ordinal greater reportId wins (no id sorts first); between
    /// two errors still tied, the greater category, then error code, then summary (ordinal) wins.
    /// A report whose whole key equals the stored one, or whose reportId is the last applied, is a
    /// duplicate.
    /// The clock-skew rule needs "now" and is enforced by <see cref="ReportValidator"/>; nothing
    /// here reads a clock.
    /// </summary>
    /// <summary>Whether a new state is a transition worth telling: a first state, another status, or another error category.</summary>
    public static bool IsChange(ConnectionState? previous, ConnectionState next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return previous is null || previous.Status != next.Status || previous.ErrorCategory != next.ErrorCategory;
    }

    public static TransitionOutcome Apply(ConnectionState? current, ConnectionReport report, StatusPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(policy);

        if (current is not null)
        {
            if (report.ReportId is not null && string.Equals(report.ReportId, current.LastReportId, StringComparison.Ordinal))
            {
                return new TransitionOutcome(TransitionKind.Duplicate, current);
            }

            var order = CompareToStored(report, current);
            if (order < 0)
            {
                return new TransitionOutcome(TransitionKind.Stale, current);
            }

            if (order == 0)
            {
                return new TransitionOutcome(TransitionKind.Duplicate, current);
            }
        }

        return new TransitionOutcome(TransitionKind.Applied, Next(current, report, policy));
    }

    private static int CompareToStored(ConnectionReport report, ConnectionState current)
    {
        var byTime = report.CheckedAt.UtcTicks.CompareTo(current.ObservedAt.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byStatus = Rank(report.Status).CompareTo(Rank(current.Status));
        if (byStatus != 0)
        {
            return byStatus;
        }

        var byId = string.CompareOrdinal(report.ReportId ?? string.Empty, current.LastReportId ?? string.Empty);
        if (byId != 0 || report.Status != ConnectionStatus.Error)
        {
            return byId;
        }

        var byCategory = Nullable.Compare(report.ErrorCategory, current.ErrorCategory);
        if (byCategory != 0)
        {
            return byCategory;
        }

        var byCode = string.CompareOrdinal(report.ErrorCode, current.ErrorCode);
        return byCode != 0 ? byCode : string.CompareOrdinal(report.ErrorSummary, current.ErrorSummary);
    }

    private static int Rank(ConnectionStatus status) => status switch
    {
        ConnectionStatus.Error => 2,
        ConnectionStatus.Disconnected => 1,
        ConnectionStatus.Connected => 0,
        // Below every report: a report observed at the very moment silence began shows it was not silent.
        _ => -1,
    };

    /// <summary>
    /// The silence rule: a connected account with no report for its channel's StaleAfter becomes
    /// stale, observed at the moment the silence began (last check + limit). That moment takes its
    /// place in the same total order as reports: a late report from before it is stale, the first
    /// report after it ends the silence. An error stays an error, and a disconnected account
    /// expects no reports. Anything else is returned unchanged as <see cref="TransitionKind.Stale"/>:
    /// there is nothing to record.
    /// </summary>
    public static TransitionOutcome Silence(ConnectionState? current, StatusPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (current is not { Status: ConnectionStatus.Connected })
        {
            return new TransitionOutcome(TransitionKind.Stale, current);
        }

        var limit = policy.StaleAfterFor(current.Channel);
        if (now - current.LastCheckedAt < limit)
        {
            return new TransitionOutcome(TransitionKind.Stale, current);
        }

        return new TransitionOutcome(
            TransitionKind.Applied,
            current with { Status = ConnectionStatus.Stale, StatusChangedAt = current.LastCheckedAt + limit, LastSource = ReportSource.Silence });
    }

    private static ConnectionState Next(ConnectionState? current, ConnectionReport report, StatusPolicy policy)
    {
        var at = report.CheckedAt;
        var isError = report.Status == ConnectionStatus.Error;
        var isSuccess = report.Status == ConnectionStatus.Connected;
        var history = (current?.RecentResults ?? CheckHistory.Empty).Push(report.Status);

        return new ConnectionState(
            Channel: report.Channel ?? current?.Channel ?? Channel.Other,
            DisplayName: report.DisplayName ?? current?.DisplayName,
            Status: report.Status,
            LastCheckedAt: at,
            LastSuccessAt: isSuccess ? at : current?.LastSuccessAt,
            LastErrorAt: isError ? at : current?.LastErrorAt,
            StatusChangedAt: current is null || current.Status != report.Status ? at : current.StatusChangedAt,
            ErrorCategory: isError ? report.ErrorCategory : current?.ErrorCategory,
            ErrorCode: isError ? report.ErrorCode : current?.ErrorCode,
            ErrorSummary: isError ? report.ErrorSummary : current?.ErrorSummary,
            ConsecutiveFailures: isError ? (current?.ConsecutiveFailures ?? 0) + 1 : 0,
            RecentFailures: isError ? (current?.RecentFailures ?? FailureWindow.Empty).AddFailure(at) : current?.RecentFailures ?? FailureWindow.Empty,
            RecentResults: history,
            IsFlapping: IsFlapping(current?.IsFlapping ?? false, history, policy),
            LastSource: report.Source,
            LastReportId: report.ReportId);
    }

    /// <summary>Hysteresis: start above the high threshold, stop only below the low one.</summary>
    private static bool IsFlapping(bool wasFlapping, CheckHistory history, StatusPolicy policy)
    {
        var percent = history.ChangePercent();
        return wasFlapping
            ? percent >= policy.FlapStopPercent
            : history.Count >= policy.FlapMinResults && percent > policy.FlapStartPercent;
    }
}
