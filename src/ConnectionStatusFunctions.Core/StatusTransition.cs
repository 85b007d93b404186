namespace ConnectionStatusFunctions.Core;

/// <summary>
/// The one rule for changing a connection's state. It is pure: the same state and report always
/// give the same outcome, so a conflicting writer can simply re-read and run it again.
/// Longer than 300 lines on purpose: report ordering, probe results, silence and flapping each change the same state in
/// one step, and reading them apart would hide how they interact.
/// </summary>
public static class StatusTransition
{
    /// <summary>
    /// One outage and its recovery are two changes, whatever their weight in a young history, so a
    /// third change is the least that can be called switching back and forth.
    /// </summary>
    public const int MinChangesToStartFlapping = 3;

    /// <summary>Whether a new state is a transition worth telling: a first state, another status, or another error category while in error.</summary>
    public static bool IsChange(ConnectionState? previous, ConnectionState next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return previous is null
            || previous.Status != next.Status
            || (next.Status == ConnectionStatus.Error && previous.ErrorCategory != next.ErrorCategory);
    }

    /// <summary>
    /// Applies <paramref name="report"/> to <paramref name="current"/> (null for an account never seen).
    /// Reports are totally ordered by (checkedAt, status rank, reportId, source): at an equal
    /// checkedAt an error outranks disconnected, which outranks connected, so a problem seen at the
    /// same instant as a success is not hidden; then the ordinal greater reportId wins (no id sorts
    /// first); then a connector's or the queue's report outranks the probe's; between two errors
    /// still tied, the greater category, then error code, then summary (ordinal).
    /// A report whose whole key equals a stored one, or whose reportId is a stored one, is a duplicate.
    /// <para>
    /// A probe's success sees only part of what a connector sees (<see cref="SourceSight"/>), so
    /// the state is a function of two maxima: the greatest report other than a probe's success
    /// (the verdict) and the greatest probe's success. The newer of the two is shown, except that a
    /// probe's success newer than an error it cannot see, reported by another source, only counts
    /// as a check. While a probe's success is the newest report the verdict is kept in
    /// <see cref="ConnectionState.LastVerdict"/>, so that a verdict arriving late, older than that
    /// success but newer than the kept one, still counts: the outcome does not depend on arrival order.
    /// </para>
    /// The clock-skew rule needs "now" and is enforced by <see cref="ReportValidator"/>; nothing
    /// here reads a clock.
    /// </summary>
    public static TransitionOutcome Apply(ConnectionState? current, ConnectionReport report, StatusPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(policy);

        if (current is null)
        {
            return new TransitionOutcome(TransitionKind.Applied, Next(null, report, policy, verdict: null));
        }

        if (report.ReportId is not null
            && (string.Equals(report.ReportId, current.LastReportId, StringComparison.Ordinal)
                || string.Equals(report.ReportId, current.LastVerdict?.ReportId, StringComparison.Ordinal)))
        {
            return new TransitionOutcome(TransitionKind.Duplicate, current);
        }

        var probeSuccessOnTop = IsProbeSuccessOnTop(current);
        var order = Compare(report, NewestKey(current, probeSuccessOnTop));
        if (order > 0)
        {
            return new TransitionOutcome(TransitionKind.Applied, Newer(current, report, policy, probeSuccessOnTop));
        }

        if (order == 0)
        {
            return new TransitionOutcome(TransitionKind.Duplicate, current);
        }

        // Older than the newest report: it can only still count as a verdict older than a probe's success.
        if (!probeSuccessOnTop || IsProbeSuccess(report))
        {
            return new TransitionOutcome(TransitionKind.Stale, current);
        }

        var byVerdict = current.LastVerdict is { } verdict ? Compare(report, VerdictKey(current, verdict)) : 1;
        return byVerdict switch
        {
            < 0 => new TransitionOutcome(TransitionKind.Stale, current),
            0 => new TransitionOutcome(TransitionKind.Duplicate, current),
            _ => new TransitionOutcome(TransitionKind.Applied, UnderProbeSuccess(current, report, policy)),
        };
    }

    private static bool IsProbeSuccess(ConnectionReport report) =>
        report.Source == ReportSource.Probe && report.Status == ConnectionStatus.Connected;

    /// <summary>
    /// Whether the newest report applied was a probe's success. Otherwise the newest report is the
    /// verdict itself, which the state shows; a probe's report it shows is then an error.
    /// </summary>
    private static bool IsProbeSuccessOnTop(ConnectionState state) =>
        state.LastVerdict is not null || (state.LastSource == ReportSource.Probe && state.Status == ConnectionStatus.Connected);

    /// <summary>Whether a success from <paramref name="source"/> cannot end the verdict's error: another source saw it, of a kind this one cannot see.</summary>
    private static bool CannotEnd(ReportSource source, ReportStamp verdict, ErrorCategory? category) =>
        verdict.Status == ConnectionStatus.Error
        && verdict.Source != source
        && category is { } seen
        && !SourceSight.Observes(source, seen);

    private static ConnectionState Newer(ConnectionState current, ConnectionReport report, StatusPolicy policy, bool probeSuccessOnTop)
    {
        if (!IsProbeSuccess(report))
        {
            return Next(current, report, policy, verdict: null);
        }

        var verdict = probeSuccessOnTop ? current.LastVerdict : ReportStamp.Of(current);
        if (verdict is not null && CannotEnd(report.Source, verdict, current.ErrorCategory))
        {
            // A check, not a success: the account is not due again for an interval, but what the
            // verdict saw stays shown, and neither the last success nor the history moves.
            return current with
            {
                Channel = report.Channel ?? current.Channel,
                DisplayName = report.DisplayName ?? current.DisplayName,
                LastCheckedAt = report.CheckedAt,
                LastSource = report.Source,
                LastReportId = report.ReportId,
                LastVerdict = verdict,
            };
        }

        return Next(current, report, policy, verdict);
    }

    /// <summary>
    /// A verdict older than the probe's success on top but newer than the kept verdict: it replaces
    /// the kept one, and the state shows what the two would show had they arrived in order.
    /// </summary>
    private static ConnectionState UnderProbeSuccess(ConnectionState current, ConnectionReport report, StatusPolicy policy)
    {
        var verdict = ReportStamp.Of(report);
        var isError = report.Status == ConnectionStatus.Error;
        // A silence recorded after the probe's success still stands over anything the probe ended.
        var shown = CannotEnd(ReportSource.Probe, verdict, report.ErrorCategory) ? ConnectionStatus.Error
            : current.Status == ConnectionStatus.Stale ? ConnectionStatus.Stale
            : ConnectionStatus.Connected;
        var history = current.RecentResults.Push(report.Status);
        var probeSuccessAt = current.LastCheckedAt;
        var isFlapping = IsFlapping(current.IsFlapping, history, policy);

        return current with
        {
            Channel = report.Channel ?? current.Channel,
            DisplayName = report.DisplayName ?? current.DisplayName,
            Status = shown,
            LastSuccessAt = shown == ConnectionStatus.Connected && current.Status != ConnectionStatus.Connected ? probeSuccessAt : current.LastSuccessAt,
            LastErrorAt = isError ? report.CheckedAt : current.LastErrorAt,
            StatusChangedAt = shown == current.Status ? current.StatusChangedAt : shown == ConnectionStatus.Error ? report.CheckedAt : probeSuccessAt,
            ErrorCategory = isError ? report.ErrorCategory : current.ErrorCategory,
            ErrorCode = isError ? report.ErrorCode : current.ErrorCode,
            ErrorSummary = isError ? report.ErrorSummary : current.ErrorSummary,
            ConsecutiveFailures = shown == ConnectionStatus.Error ? Increment(current.ConsecutiveFailures) : 0,
            RecentFailures = isError ? current.RecentFailures.AddFailure(report.CheckedAt) : current.RecentFailures,
            RecentResults = history,
            IsFlapping = isFlapping,
            FlappingSince = FlappingSince(current, isFlapping, report.CheckedAt),
            // An error that ends a silence shows the probe's check as the newest report, as in arrival order.
            LastSource = current.Status == ConnectionStatus.Stale && shown != ConnectionStatus.Stale ? ReportSource.Probe : current.LastSource,
            LastVerdict = verdict,
        };
    }

    /// <summary>
    /// The silence rule: a connected account with no report for its channel's StaleAfter becomes
    /// stale, observed at the moment the silence began (last check + limit). That moment takes its
    /// place in the same total order as reports: a late report from before it is stale, the first
    /// report after it ends the silence. An error stays an error, and a disconnected account
    /// expects no reports. Anything else is returned unchanged as <see cref="TransitionKind.Stale"/>:
    /// there is nothing to record. A kept verdict stays kept: a late report older than a probe's
    /// success still counts under it, as it would have had it arrived before the silence.
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

    private static ConnectionState Next(ConnectionState? current, ConnectionReport report, StatusPolicy policy, ReportStamp? verdict)
    {
        var at = report.CheckedAt;
        var isError = report.Status == ConnectionStatus.Error;
        var isSuccess = report.Status == ConnectionStatus.Connected;
        var history = (current?.RecentResults ?? CheckHistory.Empty).Push(report.Status);
        var isFlapping = IsFlapping(current?.IsFlapping ?? false, history, policy);

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
            ConsecutiveFailures: isError ? Increment(current?.ConsecutiveFailures ?? 0) : 0,
            RecentFailures: isError ? (current?.RecentFailures ?? FailureWindow.Empty).AddFailure(at) : current?.RecentFailures ?? FailureWindow.Empty,
            RecentResults: history,
            IsFlapping: isFlapping,
            LastSource: report.Source,
            LastReportId: report.ReportId,
            LastVerdict: verdict,
            FlappingSince: FlappingSince(current, isFlapping, at));
    }

    /// <summary>
    /// When the flapping began: the report that started it, kept while it goes on. A row that was
    /// flapping before the start was recorded takes its last status change, the earliest moment known.
    /// </summary>
    private static DateTimeOffset? FlappingSince(ConnectionState? current, bool isFlapping, DateTimeOffset at) =>
        !isFlapping ? null
        : current is { IsFlapping: true } ? current.FlappingSince ?? current.StatusChangedAt
        : at;

    /// <summary>
    /// Hysteresis: start above the high threshold, stop only below the low one. Starting also
    /// needs enough results and more changes than one outage makes, because dividing by the
    /// weights actually seen lets two changes in a short history weigh more than the threshold.
    /// </summary>
    private static bool IsFlapping(bool wasFlapping, CheckHistory history, StatusPolicy policy)
    {
        var percent = history.ChangePercent();
        return wasFlapping
            ? percent >= policy.FlapStopPercent
            : history.Count >= policy.FlapMinResults
                && history.UpDownChanges() >= MinChangesToStartFlapping
                && percent > policy.FlapStartPercent;
    }

    /// <summary>A count that a row edited by hand may have set to its maximum stays there rather than wrapping negative.</summary>
    private static int Increment(int count) => count == int.MaxValue ? count : count + 1;

    /// <summary>A report's place in the total order; the error fields matter only between two errors.</summary>
    private readonly record struct OrderKey(DateTimeOffset CheckedAt, ConnectionStatus Status, string? ReportId, ReportSource Source, ErrorCategory? Category, string? Code, string? Summary);

    /// <summary>The newest observation: a probe's success on top is connected, whatever the state shows; a silence after it is the silence.</summary>
    private static OrderKey NewestKey(ConnectionState state, bool probeSuccessOnTop) => probeSuccessOnTop && state.Status != ConnectionStatus.Stale
        ? new OrderKey(state.LastCheckedAt, ConnectionStatus.Connected, state.LastReportId, state.LastSource, null, null, null)
        : new OrderKey(state.ObservedAt, state.Status, state.LastReportId, state.LastSource, state.ErrorCategory, state.ErrorCode, state.ErrorSummary);

    /// <summary>The kept verdict; its error, if it was one, is the state's last error, since only verdicts are errors.</summary>
    private static OrderKey VerdictKey(ConnectionState state, ReportStamp verdict) =>
        new(verdict.CheckedAt, verdict.Status, verdict.ReportId, verdict.Source, state.ErrorCategory, state.ErrorCode, state.ErrorSummary);

    private static int Compare(ConnectionReport report, OrderKey stored)
    {
        var byTime = report.CheckedAt.UtcTicks.CompareTo(stored.CheckedAt.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byStatus = Rank(report.Status).CompareTo(Rank(stored.Status));
        if (byStatus != 0)
        {
            return byStatus;
        }

        var byId = string.CompareOrdinal(report.ReportId ?? string.Empty, stored.ReportId ?? string.Empty);
        if (byId != 0)
        {
            return byId;
        }

        // A connector's success and the probe's at one instant are different evidence, not one report.
        var bySight = Sight(report.Source).CompareTo(Sight(stored.Source));
        if (bySight != 0 || report.Status != ConnectionStatus.Error)
        {
            return bySight;
        }

        var byCategory = Nullable.Compare(report.ErrorCategory, stored.Category);
        if (byCategory != 0)
        {
            return byCategory;
        }

        var byCode = string.CompareOrdinal(report.ErrorCode, stored.Code);
        return byCode != 0 ? byCode : string.CompareOrdinal(report.ErrorSummary, stored.Summary);
    }

    /// <summary>A source that sees more outranks one that sees less; connector and queue are one connector's two ways in.</summary>
    private static int Sight(ReportSource source) => source == ReportSource.Probe ? 0 : 1;

    private static int Rank(ConnectionStatus status) => status switch
    {
        ConnectionStatus.Error => 2,
        ConnectionStatus.Disconnected => 1,
        ConnectionStatus.Connected => 0,
        // Below every report: a report observed at the very moment silence began shows it was not silent.
        _ => -1,
    };
}
