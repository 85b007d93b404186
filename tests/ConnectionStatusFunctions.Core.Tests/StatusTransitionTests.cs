using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

public class StatusTransitionTests
{
    [Fact]
    public void ATransitionAllocatesNothingButTheNewState()
    {
        var state = ApplyAll(Enumerable.Range(0, 30).Select(i => i % 4 == 0 ? Failed(T0.AddMinutes(i * 40)) : Connected(T0.AddMinutes(i * 40))));
        var report = Failed(T0.AddDays(1), ErrorCategory.AuthError, "rep-1", "LINE_401");
        _ = StatusTransition.Apply(state, report, Policy); // JIT and statics first
        _ = state with { };

        var before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = StatusTransition.Apply(state, report, Policy);
        var transition = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var copy = state with { };
        var oneState = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(TransitionKind.Applied, outcome.Kind);
        Assert.NotSame(state, copy);
        Assert.Equal(oneState, transition);
    }

    [Fact]
    public void FirstReportCreatesTheStateWithTheReportsTimestamps()
    {
        var outcome = StatusTransition.Apply(null, Failed(T0, ErrorCategory.WebhookError, code: "HTTP_502"), Policy);

        Assert.Equal(TransitionKind.Applied, outcome.Kind);
        var state = outcome.State!;
        Assert.Equal(ConnectionStatus.Error, state.Status);
        Assert.Equal(T0, state.LastCheckedAt);
        Assert.Equal(T0, state.LastErrorAt);
        Assert.Equal(T0, state.StatusChangedAt);
        Assert.Null(state.LastSuccessAt);
        Assert.Equal(ErrorCategory.WebhookError, state.ErrorCategory);
        Assert.Equal("HTTP_502", state.ErrorCode);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(ReportSource.Connector, state.LastSource);
        Assert.Equal(Channel.Line, state.Channel);
    }

    [Fact]
    public void OlderReportIsStaleAndChangesNothing()
    {
        var state = ((ConnectionState?)null).Apply(Connected(T0.AddMinutes(10)));

        var outcome = StatusTransition.Apply(state, Failed(T0), Policy);

        Assert.Equal(TransitionKind.Stale, outcome.Kind);
        Assert.Same(state, outcome.State);
    }

    [Fact]
    public void SameReportIdIsDuplicateEvenWithANewerTimestamp()
    {
        var state = ((ConnectionState?)null).Apply(Failed(T0, id: "r-1"));

        var outcome = StatusTransition.Apply(state, Connected(T0.AddMinutes(1), id: "r-1"), Policy);

        Assert.Equal(TransitionKind.Duplicate, outcome.Kind);
        Assert.Same(state, outcome.State);
    }

    [Fact]
    public void IdenticalReportWithoutIdIsDuplicate()
    {
        var state = ((ConnectionState?)null).Apply(Connected(T0));

        Assert.Equal(TransitionKind.Duplicate, StatusTransition.Apply(state, Connected(T0), Policy).Kind);
    }

    [Fact]
    public void AtEqualTimestampsAnErrorOutranksAConnectedReportWhicheverArrivesFirst()
    {
        var successFirst = ((ConnectionState?)null).Apply(Connected(T0)).Apply(Failed(T0));
        var errorFirst = ((ConnectionState?)null).Apply(Failed(T0));

        Assert.Equal(ConnectionStatus.Error, successFirst.Status);
        Assert.Equal(TransitionKind.Stale, StatusTransition.Apply(errorFirst, Connected(T0), Policy).Kind);
    }

    [Fact]
    public void AtEqualTimestampAndStatusTheGreaterReportIdWins()
    {
        var state = ((ConnectionState?)null).Apply(Failed(T0, ErrorCategory.RateLimit, id: "b"));

        Assert.Equal(TransitionKind.Stale, StatusTransition.Apply(state, Failed(T0, ErrorCategory.AuthError, id: "a"), Policy).Kind);
        Assert.Equal(ErrorCategory.AuthError, state.Apply(Failed(T0, ErrorCategory.AuthError, id: "c")).ErrorCategory);
    }

    [Fact]
    public void TimestampsWithDifferentOffsetsAreComparedAsInstants()
    {
        var bangkok = new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.FromHours(7)); // 09:00Z
        var state = ((ConnectionState?)null).Apply(Connected(T0.AddMinutes(1)));

        Assert.Equal(TransitionKind.Stale, StatusTransition.Apply(state, Failed(bangkok), Policy).Kind);
    }

    [Fact]
    public void SuccessResetsConsecutiveFailuresButKeepsTheLastError()
    {
        var state = ApplyAll([Failed(T0, ErrorCategory.AuthError, code: "E1"), Failed(T0.AddMinutes(1)), Connected(T0.AddMinutes(2))]);

        Assert.Equal(ConnectionStatus.Connected, state.Status);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(T0.AddMinutes(2), state.LastSuccessAt);
        Assert.Equal(T0.AddMinutes(1), state.LastErrorAt);
        Assert.Equal(ErrorCategory.Unknown, state.ErrorCategory);
        Assert.Equal(2, state.FailuresInLast24Hours(T0.AddMinutes(3)));
    }

    [Fact]
    public void StatusChangedAtMovesOnlyWhenTheStatusChanges()
    {
        var state = ApplyAll([Connected(T0), Connected(T0.AddMinutes(5)), Failed(T0.AddMinutes(10)), Failed(T0.AddMinutes(15))]);

        Assert.Equal(T0.AddMinutes(10), state.StatusChangedAt);
        Assert.Equal(T0.AddMinutes(15), state.LastCheckedAt);
    }

    [Fact]
    public void ChannelAndDisplayNameAreKeptWhenALaterReportOmitsThem()
    {
        var first = new ConnectionReport(ConnectionStatus.Connected, T0, ReportSource.Connector, Channel: Channel.Shopee, DisplayName: "Shop A");
        var later = new ConnectionReport(ConnectionStatus.Connected, T0.AddMinutes(1), ReportSource.Probe);

        var state = ((ConnectionState?)null).Apply(first).Apply(later);

        Assert.Equal(Channel.Shopee, state.Channel);
        Assert.Equal("Shop A", state.DisplayName);
        Assert.Equal(ReportSource.Probe, state.LastSource);
    }

    [Fact]
    public void DisconnectedIsNeitherASuccessNorAFailure()
    {
        var state = ApplyAll([Failed(T0), Disconnected(T0.AddMinutes(1))]);

        Assert.Equal(ConnectionStatus.Disconnected, state.Status);
        Assert.Null(state.LastSuccessAt);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(1, state.FailuresInLast24Hours(T0.AddMinutes(2)));
    }

    [Fact]
    public void ShuffledReportSequencesConvergeToTheNewestReport()
    {
        var random = new Random(20261124);
        var statuses = new[] { ConnectionStatus.Connected, ConnectionStatus.Error, ConnectionStatus.Disconnected };
        for (var run = 0; run < 500; run++)
        {
            var count = random.Next(1, 25);
            var reports = Enumerable.Range(0, count).Select(i =>
            {
                var status = statuses[random.Next(statuses.Length)];
                // Few distinct timestamps, so ties between workers are common.
                var at = T0.AddSeconds(random.Next(0, 8) * 30);
                // Report ids are unique per report, but often absent; codes repeat so content ties happen.
                var id = random.Next(2) == 0 ? null : $"r-{random.Next(3)}-{i}";
                return status == ConnectionStatus.Error
                    ? new ConnectionReport(status, at, ReportSource.Queue, (ErrorCategory)random.Next(4), $"C{random.Next(3)}", $"summary {random.Next(3)}", id)
                    : new ConnectionReport(status, at, ReportSource.Connector, ReportId: id);
            }).ToList();

            // The documented order: checkedAt, status rank, reportId, then category, code, summary.
            var inOrder = ApplyAll(reports
                .OrderBy(r => r.CheckedAt)
                .ThenBy(r => r.Status == ConnectionStatus.Error ? 2 : r.Status == ConnectionStatus.Disconnected ? 1 : 0)
                .ThenBy(r => r.ReportId ?? "", StringComparer.Ordinal)
                .ThenBy(r => r.ErrorCategory)
                .ThenBy(r => r.ErrorCode, StringComparer.Ordinal)
                .ThenBy(r => r.ErrorSummary, StringComparer.Ordinal));
            var shuffled = ApplyAll(reports.OrderBy(_ => random.Next()));

            // The newest report decides the status and everything it carries; counters and history
            // reflect the reports that were applied, which depends on arrival order by design.
            Assert.Equal(inOrder.Status, shuffled.Status);
            Assert.Equal(inOrder.LastCheckedAt, shuffled.LastCheckedAt);
            Assert.Equal(inOrder.LastReportId, shuffled.LastReportId);
            Assert.Equal(inOrder.LastSource, shuffled.LastSource);
            if (inOrder.Status == ConnectionStatus.Error)
            {
                Assert.Equal(inOrder.ErrorCategory, shuffled.ErrorCategory);
                Assert.Equal(inOrder.ErrorCode, shuffled.ErrorCode);
                Assert.Equal(inOrder.ErrorSummary, shuffled.ErrorSummary);
                Assert.Equal(inOrder.LastErrorAt, shuffled.LastErrorAt);
            }

            if (inOrder.Status == ConnectionStatus.Connected)
            {
                Assert.Equal(inOrder.LastSuccessAt, shuffled.LastSuccessAt);
                Assert.Equal(0, shuffled.ConsecutiveFailures);
            }
        }
    }

    [Fact]
    public void ReportsDeliveredInTimestampOrderAreAllApplied()
    {
        var random = new Random(7);
        for (var run = 0; run < 200; run++)
        {
            ConnectionState? state = null;
            var applied = 0;
            var at = T0;
            var n = random.Next(1, 40);
            for (var i = 0; i < n; i++)
            {
                at = at.AddSeconds(random.Next(1, 600));
                var report = random.Next(2) == 0 ? Connected(at) : Failed(at);
                var outcome = StatusTransition.Apply(state, report, Policy);
                Assert.Equal(TransitionKind.Applied, outcome.Kind);
                state = outcome.State;
                applied++;
            }

            Assert.Equal(Math.Min(applied, CheckHistory.Capacity), state!.RecentResults.Count);
        }
    }
}
