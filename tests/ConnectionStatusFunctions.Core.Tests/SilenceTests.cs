using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

public class SilenceTests
{
    private static readonly StatusPolicy LineAfterTenMinutes = new() { StaleAfterByChannel = { ["line"] = TimeSpan.FromMinutes(10) } };

    [Fact]
    public void AConnectedAccountSilentPastStaleAfterBecomesStaleAtTheMomentTheSilenceBegan()
    {
        var state = ApplyAll([Connected(T0, "rep-1")]);

        var outcome = StatusTransition.Silence(state, Policy, T0.AddHours(3));

        Assert.Equal(TransitionKind.Applied, outcome.Kind);
        var stale = outcome.State!;
        Assert.Equal((ConnectionStatus.Stale, ReportSource.Silence), (stale.Status, stale.LastSource));
        Assert.Equal(T0.AddHours(1), stale.StatusChangedAt);
        Assert.Equal(T0.AddHours(1), stale.ObservedAt);
        Assert.Equal(T0, stale.LastCheckedAt); // still the last report's time, for "last checked"
        Assert.Equal(state.RecentResults, stale.RecentResults); // silence is no check result
    }

    [Fact]
    public void AnAccountNotYetPastItsLimitHasNothingToRecord()
    {
        var state = ApplyAll([Connected(T0)]);

        var outcome = StatusTransition.Silence(state, Policy, T0.AddMinutes(59));

        Assert.Equal(TransitionKind.Stale, outcome.Kind);
        Assert.Same(state, outcome.State);
    }

    [Fact]
    public void AChannelsOwnLimitReplacesTheDefault()
    {
        var line = ApplyAll([Connected(T0)]);
        var facebook = ApplyAll([Connected(T0)]) with { Channel = Channel.Facebook };

        Assert.Equal(TransitionKind.Applied, StatusTransition.Silence(line, LineAfterTenMinutes, T0.AddMinutes(10)).Kind);
        Assert.Equal(T0.AddMinutes(10), StatusTransition.Silence(line, LineAfterTenMinutes, T0.AddMinutes(30)).State!.StatusChangedAt);
        Assert.Equal(TransitionKind.Stale, StatusTransition.Silence(facebook, LineAfterTenMinutes, T0.AddMinutes(30)).Kind);
    }

    [Fact]
    public void AnErrorStaysAnErrorAndADisconnectedAccountNeverGoesStale()
    {
        var failed = ApplyAll([Failed(T0)]);
        var disconnected = ApplyAll([Disconnected(T0)]);

        Assert.Equal(TransitionKind.Stale, StatusTransition.Silence(failed, Policy, T0.AddDays(20)).Kind);
        Assert.Equal(TransitionKind.Stale, StatusTransition.Silence(disconnected, Policy, T0.AddDays(20)).Kind);
        Assert.Equal(TransitionKind.Stale, StatusTransition.Silence(null, Policy, T0.AddDays(20)).Kind);
    }

    [Fact]
    public void AStaleAccountIsNotRecordedStaleTwice()
    {
        var stale = StatusTransition.Silence(ApplyAll([Connected(T0)]), Policy, T0.AddHours(2)).State!;

        Assert.Equal(TransitionKind.Stale, StatusTransition.Silence(stale, Policy, T0.AddDays(2)).Kind);
    }

    [Fact]
    public void TheFirstReportAfterTheSilenceBeganEndsIt()
    {
        var stale = StatusTransition.Silence(ApplyAll([Connected(T0)]), Policy, T0.AddHours(2)).State!;

        var outcome = StatusTransition.Apply(stale, Connected(T0.AddHours(1).AddSeconds(1)), Policy);

        Assert.Equal(TransitionKind.Applied, outcome.Kind);
        Assert.Equal((ConnectionStatus.Connected, T0.AddHours(1).AddSeconds(1)), (outcome.State!.Status, outcome.State.StatusChangedAt));
        var change = StatusChange.Between(stale, outcome.State)!;
        Assert.Equal((ConnectionStatus.Stale, ConnectionStatus.Connected, ReportSource.Connector), (change.From, change.To, change.Source));
    }

    [Fact]
    public void AReportObservedAtTheVeryMomentTheSilenceBeganEndsIt()
    {
        var stale = StatusTransition.Silence(ApplyAll([Connected(T0)]), Policy, T0.AddHours(2)).State!;

        Assert.Equal(TransitionKind.Applied, StatusTransition.Apply(stale, Failed(T0.AddHours(1)), Policy).Kind);
    }

    [Fact]
    public void ALateReportOlderThanTheSilenceMomentIsStale()
    {
        var stale = StatusTransition.Silence(ApplyAll([Connected(T0)]), Policy, T0.AddHours(2)).State!;

        var outcome = StatusTransition.Apply(stale, Failed(T0.AddMinutes(59)), Policy);

        Assert.Equal(TransitionKind.Stale, outcome.Kind);
        Assert.Same(stale, outcome.State);
    }

    [Fact]
    public void TheSilenceIsATransitionAtTheMomentItBeganFromSourceSilence()
    {
        var connected = ApplyAll([Connected(T0)]);
        var stale = StatusTransition.Silence(connected, Policy, T0.AddHours(5)).State!;

        var change = StatusChange.Between(connected, stale);

        Assert.Equal(new StatusChange(T0.AddHours(1), ConnectionStatus.Connected, ConnectionStatus.Stale, null, null, null, ReportSource.Silence), change);
    }

    [Fact]
    public void AStaleAccountNeedsAttentionWithItsReasonAndAnActionThatSaysForHowLong()
    {
        var stale = StatusTransition.Silence(ApplyAll([Connected(T0)]), Policy, T0.AddDays(3)).State!;

        var health = HealthEvaluator.Evaluate(stale, false, T0.AddDays(2).AddHours(1), new ActionTexts());

        Assert.Equal((HealthState.Stale, true), (health.State, health.NeedsAttention));
        Assert.Contains(health.Reasons, r => r.Code == "no_recent_report");
        Assert.Equal(HealthEvaluator.StaleCeiling, health.Score);
        Assert.Equal("No report for 2 days: check that the connector for LINE is running.", health.RecommendedAction);
    }

    [Fact]
    public void AReportCannotSayStale()
    {
        var valid = ReportValidator.TryCreate(new ReportInput("stale", T0.ToString("O")), ReportSource.Connector, Policy, T0, out _, out var errors);

        Assert.False(valid);
        Assert.Equal(["status must be one of 'connected', 'error', 'disconnected'."], errors["status"]);
    }

    [Theory]
    [InlineData("line", "00:00:30")]
    [InlineData("line", "31.00:00:00")]
    [InlineData("myspace", "01:00:00")]
    public void AChannelLimitOutOfRangeOrForAnUnknownChannelIsRefused(string channel, string limit)
    {
        var policy = new StatusPolicy { StaleAfterByChannel = { [channel] = TimeSpan.Parse(limit, System.Globalization.CultureInfo.InvariantCulture) } };

        Assert.Single(policy.Validate(), m => m.StartsWith("StatusPolicy:StaleAfterByChannel", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.5, "less than a minute")]
    [InlineData(1, "1 minute")]
    [InlineData(59, "59 minutes")]
    [InlineData(61, "1 hour")]
    [InlineData(60 * 47, "1 day")]
    [InlineData(60 * 49, "2 days")]
    public void AgesReadInTheirLargestWholeUnit(double minutes, string expected) =>
        Assert.Equal(expected, Age.Describe(TimeSpan.FromMinutes(minutes)));

    private static ConnectionReport ProbeSuccess(DateTimeOffset at) => new(ConnectionStatus.Connected, at, ReportSource.Probe);

    private static ConnectionState Silent(ConnectionState state, DateTimeOffset now) => StatusTransition.Silence(state, Policy, now).State!;

    [Fact]
    public void ALateWebhookErrorUnderAProbesSuccessEndsTheSameWhetherItArrivesBeforeOrAfterTheSilence()
    {
        // The probe's success at +10 min cannot see a webhook error the connector observed at +5 min.
        var checkedByProbe = ApplyAll([Connected(T0, "c1"), ProbeSuccess(T0.AddMinutes(10))]);
        var lateError = Failed(T0.AddMinutes(5), ErrorCategory.WebhookError, "e1");
        var now = T0.AddHours(3);

        var errorFirst = Silent(checkedByProbe.Apply(lateError), now);
        var silenceFirst = Silent(checkedByProbe, now).Apply(lateError);

        Assert.Equal(ConnectionStatus.Error, errorFirst.Status);
        Assert.Equal(
            (errorFirst.Status, errorFirst.ErrorCategory, errorFirst.StatusChangedAt, errorFirst.LastCheckedAt, errorFirst.LastSource),
            (silenceFirst.Status, silenceFirst.ErrorCategory, silenceFirst.StatusChangedAt, silenceFirst.LastCheckedAt, silenceFirst.LastSource));
    }

    [Fact]
    public void ALateReportAProbesSuccessWouldHaveEndedLeavesTheSilenceThatFollowedIt()
    {
        var checkedByProbe = ApplyAll([Connected(T0, "c1"), ProbeSuccess(T0.AddMinutes(10))]);
        var now = T0.AddHours(3);

        foreach (var late in new[] { Connected(T0.AddMinutes(5), "c2"), Failed(T0.AddMinutes(5), ErrorCategory.AuthError, "e2") })
        {
            var reportFirst = Silent(checkedByProbe.Apply(late), now);
            var silenceFirst = Silent(checkedByProbe, now).Apply(late);

            Assert.Equal(ConnectionStatus.Stale, reportFirst.Status);
            Assert.Equal((reportFirst.Status, reportFirst.StatusChangedAt, reportFirst.LastSource), (silenceFirst.Status, silenceFirst.StatusChangedAt, silenceFirst.LastSource));
        }
    }

    [Fact]
    public void AFailureCountEditedToItsMaximumStaysThereInsteadOfWrapping()
    {
        var edited = ApplyAll([Failed(T0)]) with { ConsecutiveFailures = int.MaxValue };

        Assert.Equal(int.MaxValue, edited.Apply(Failed(T0.AddMinutes(1))).ConsecutiveFailures);
    }
}
