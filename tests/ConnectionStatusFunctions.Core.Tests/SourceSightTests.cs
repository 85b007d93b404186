using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>A result from a source clears only what that source can observe (issue 15, item 5).</summary>
public class SourceSightTests
{
    private static ConnectionReport ProbeSuccess(DateTimeOffset at) => new(ConnectionStatus.Connected, at, ReportSource.Probe);

    private static ConnectionReport ProbeError(DateTimeOffset at, ErrorCategory category) =>
        new(ConnectionStatus.Error, at, ReportSource.Probe, category, "HTTP_502", "Health probe answered HTTP 502");

    private static ConnectionReport WebhookError(DateTimeOffset at, ReportSource source = ReportSource.Connector, string? id = null) =>
        new(ConnectionStatus.Error, at, source, ErrorCategory.WebhookError, "WEBHOOK_DOWN", "deliveries failing", id, Channel.Shopee);

    [Theory]
    [InlineData(ReportSource.Connector)]
    [InlineData(ReportSource.Queue)]
    public void AProbesSuccessOverAWebhookErrorFromTheConnectorCountsAsACheckOnly(ReportSource source)
    {
        var broken = ((ConnectionState?)null).Apply(Connected(T0)).Apply(WebhookError(T0.AddMinutes(1), source, "wh-1"));

        var outcome = StatusTransition.Apply(broken, ProbeSuccess(T0.AddMinutes(7)), Policy);

        Assert.Equal(TransitionKind.Applied, outcome.Kind);
        var state = outcome.State!;
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.WebhookError, "WEBHOOK_DOWN"), (state.Status, state.ErrorCategory, state.ErrorCode));
        Assert.Equal(T0.AddMinutes(7), state.LastCheckedAt); // not due again for an interval
        Assert.Equal(T0, state.LastSuccessAt);
        Assert.Equal(broken.RecentResults, state.RecentResults);
        Assert.Equal(broken.StatusChangedAt, state.StatusChangedAt);
        Assert.Equal(broken.ConsecutiveFailures, state.ConsecutiveFailures);
        Assert.Null(StatusChange.Between(broken, state)); // nothing for the history
        Assert.Equal(new ReportStamp(T0.AddMinutes(1), ConnectionStatus.Error, "wh-1", source), state.LastVerdict);

        // Every later probe's success is another check.
        var later = state.Apply(ProbeSuccess(T0.AddMinutes(13)));
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.WebhookError, T0.AddMinutes(13)), (later.Status, later.ErrorCategory, later.LastCheckedAt));
    }

    [Fact]
    public void TheConnectorsNextSuccessEndsTheWebhookError()
    {
        var masked = ((ConnectionState?)null).Apply(WebhookError(T0)).Apply(ProbeSuccess(T0.AddMinutes(5)));

        var state = masked.Apply(Connected(T0.AddMinutes(9)));

        Assert.Equal((ConnectionStatus.Connected, T0.AddMinutes(9), T0.AddMinutes(9)), (state.Status, state.LastSuccessAt, state.LastCheckedAt));
        Assert.Null(state.LastVerdict);
    }

    [Theory]
    [InlineData(ReportSource.Probe, ErrorCategory.AuthError)]
    [InlineData(ReportSource.Probe, ErrorCategory.Unknown)]
    [InlineData(ReportSource.Connector, ErrorCategory.RateLimit)]
    public void AnErrorOfAnotherKindEndsTheWebhookErrorAndTheProbesNextSuccessEndsThatError(ReportSource source, ErrorCategory category)
    {
        var masked = ((ConnectionState?)null).Apply(WebhookError(T0)).Apply(ProbeSuccess(T0.AddMinutes(5)));
        var other = source == ReportSource.Probe ? ProbeError(T0.AddMinutes(10), category) : Failed(T0.AddMinutes(10), category);

        var failing = masked.Apply(other);
        var recovered = failing.Apply(ProbeSuccess(T0.AddMinutes(15)));

        Assert.Equal((ConnectionStatus.Error, category), (failing.Status, failing.ErrorCategory));
        Assert.Equal((ConnectionStatus.Connected, T0.AddMinutes(15)), (recovered.Status, recovered.LastSuccessAt));
    }

    [Fact]
    public void AWebhookErrorThatTheProbesOwnAnswerReportedIsEndedByALaterProbeSuccess()
    {
        var state = ((ConnectionState?)null).Apply(Connected(T0)).Apply(ProbeError(T0.AddMinutes(5), ErrorCategory.WebhookError)).Apply(ProbeSuccess(T0.AddMinutes(10)));

        Assert.Equal((ConnectionStatus.Connected, T0.AddMinutes(10)), (state.Status, state.LastSuccessAt));
    }

    [Theory]
    [InlineData(ErrorCategory.AuthError)]
    [InlineData(ErrorCategory.RateLimit)]
    [InlineData(ErrorCategory.Unknown)]
    public void AProbesSuccessStillEndsAConnectorsErrorItCanSee(ErrorCategory category)
    {
        var state = ((ConnectionState?)null).Apply(Failed(T0, category)).Apply(ProbeSuccess(T0.AddMinutes(5)));

        Assert.Equal((ConnectionStatus.Connected, T0.AddMinutes(5)), (state.Status, state.LastSuccessAt));
    }

    [Fact]
    public void OnlyTheProbeIsBlindToWebhookDeliveries()
    {
        foreach (var category in Enum.GetValues<ErrorCategory>())
        {
            Assert.True(SourceSight.Observes(ReportSource.Connector, category));
            Assert.True(SourceSight.Observes(ReportSource.Queue, category));
            Assert.Equal(category != ErrorCategory.WebhookError, SourceSight.Observes(ReportSource.Probe, category));
        }
    }

    [Fact]
    public void AConnectorsSuccessArrivingAfterANewerProbeSuccessStillEndsTheWebhookError()
    {
        // In order: webhook error, the connector's success, the probe's success: connected.
        var masked = ((ConnectionState?)null).Apply(WebhookError(T0)).Apply(ProbeSuccess(T0.AddMinutes(10)));

        var outcome = StatusTransition.Apply(masked, Connected(T0.AddMinutes(5)), Policy);

        Assert.Equal(TransitionKind.Applied, outcome.Kind);
        var state = outcome.State!;
        Assert.Equal((ConnectionStatus.Connected, T0.AddMinutes(10), T0.AddMinutes(10)), (state.Status, state.LastCheckedAt, state.LastSuccessAt));
        var change = StatusChange.Between(masked, state)!;
        Assert.Equal((T0.AddMinutes(10), ConnectionStatus.Connected, ReportSource.Probe), (change.At, change.To, change.Source));
    }

    [Fact]
    public void AConnectorsWebhookErrorArrivingAfterANewerProbeSuccessIsStillShown()
    {
        // In order: success, webhook error, the probe's success: the webhook error stays.
        var probed = ((ConnectionState?)null).Apply(Connected(T0)).Apply(ProbeSuccess(T0.AddMinutes(10)));

        var outcome = StatusTransition.Apply(probed, WebhookError(T0.AddMinutes(5), id: "wh-late"), Policy);

        Assert.Equal(TransitionKind.Applied, outcome.Kind);
        var state = outcome.State!;
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.WebhookError, T0.AddMinutes(10)), (state.Status, state.ErrorCategory, state.LastCheckedAt));
        var change = StatusChange.Between(probed, state)!;
        Assert.Equal((T0.AddMinutes(5), ConnectionStatus.Error, ReportSource.Connector), (change.At, change.To, change.Source));
        Assert.Equal(TransitionKind.Duplicate, StatusTransition.Apply(state, WebhookError(T0.AddMinutes(5), id: "wh-late"), Policy).Kind);
        Assert.Equal(TransitionKind.Stale, StatusTransition.Apply(state, WebhookError(T0.AddMinutes(2)), Policy).Kind);
        Assert.Equal(TransitionKind.Stale, StatusTransition.Apply(state, ProbeSuccess(T0.AddMinutes(9)), Policy).Kind);
    }

    [Fact]
    public void AtOneInstantAConnectorsSuccessOutranksTheProbesWhicheverArrivesFirst()
    {
        var broken = ((ConnectionState?)null).Apply(WebhookError(T0));

        var probeFirst = broken.Apply(ProbeSuccess(T0.AddMinutes(5))).Apply(Connected(T0.AddMinutes(5)));
        var connectorFirst = broken.Apply(Connected(T0.AddMinutes(5)));

        Assert.Equal(ConnectionStatus.Connected, probeFirst.Status);
        Assert.Equal(TransitionKind.Stale, StatusTransition.Apply(connectorFirst, ProbeSuccess(T0.AddMinutes(5)), Policy).Kind);
    }

    [Fact]
    public void ShuffledMixesOfProbeAndConnectorReportsConvergeToTheirStateInOrder()
    {
        var random = new Random(20261130);
        var categories = Enum.GetValues<ErrorCategory>();
        var (masked, underProbe) = (0, 0);
        for (var run = 0; run < 3000; run++)
        {
            var count = random.Next(1, 16);
            var reports = Enumerable.Range(0, count).Select(i =>
            {
                // Few distinct instants, so ties between the probe and connectors are common.
                var at = T0.AddSeconds(random.Next(0, 6) * 30);
                var id = random.Next(3) == 0 ? $"r-{i}" : null;
                var category = random.Next(2) == 0 ? ErrorCategory.WebhookError : categories[random.Next(categories.Length)];
                return random.Next(6) switch
                {
                    0 or 1 => ProbeSuccess(at),
                    2 => ProbeError(at, category),
                    3 => new ConnectionReport(ConnectionStatus.Error, at, random.Next(2) == 0 ? ReportSource.Connector : ReportSource.Queue, category, $"C{random.Next(2)}", $"summary {i}", id),
                    4 => new ConnectionReport(ConnectionStatus.Connected, at, ReportSource.Connector, ReportId: id),
                    _ => new ConnectionReport(ConnectionStatus.Disconnected, at, ReportSource.Queue, ReportId: id),
                };
            }).ToList();

            var inOrder = ApplyAll(reports
                .OrderBy(r => r.CheckedAt)
                .ThenBy(r => r.Status == ConnectionStatus.Error ? 2 : r.Status == ConnectionStatus.Disconnected ? 1 : 0)
                .ThenBy(r => r.ReportId ?? "", StringComparer.Ordinal)
                .ThenBy(r => r.Source == ReportSource.Probe ? 0 : 1)
                .ThenBy(r => r.ErrorCategory)
                .ThenBy(r => r.ErrorCode, StringComparer.Ordinal)
                .ThenBy(r => r.ErrorSummary, StringComparer.Ordinal));
            // Late, shuffled and duplicated deliveries.
            var shuffled = ApplyAll(reports.Concat(reports.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()));

            masked += inOrder.Status == ConnectionStatus.Error && inOrder.LastVerdict is not null ? 1 : 0;
            underProbe += inOrder.Status == ConnectionStatus.Connected && inOrder.LastVerdict is not null ? 1 : 0;
            var because = string.Join(", ", reports.Select(r => $"{r.Source}:{r.Status}:{r.ErrorCategory}@{(r.CheckedAt - T0).TotalSeconds}#{r.ReportId}"));
            Assert.True(inOrder.Status == shuffled.Status, because);
            Assert.Equal(inOrder.LastCheckedAt, shuffled.LastCheckedAt);
            Assert.Equal(inOrder.LastReportId, shuffled.LastReportId);
            Assert.Equal(inOrder.LastSource, shuffled.LastSource);
            Assert.Equal(inOrder.LastVerdict, shuffled.LastVerdict);
            if (inOrder.Status == ConnectionStatus.Error)
            {
                Assert.True(inOrder.ErrorCategory == shuffled.ErrorCategory, because);
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

        // Both ways a probe's success can be on top were reached often.
        Assert.True(masked > 100 && underProbe > 100, $"masked {masked}, connected under a probe's success {underProbe}");
    }
}
