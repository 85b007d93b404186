using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

public class TenantSummaryTests
{
    private static TenantSummary Summarize(params ConnectionState[] states)
    {
        var builder = new TenantSummary.Builder();
        foreach (var state in states)
        {
            builder.Add(HealthEvaluator.Evaluate(state, false, T0.AddMinutes(30), new ActionTexts()));
        }

        return builder.Build();
    }

    [Fact]
    public void EveryAccountConnectedIsGreenAt100()
    {
        var summary = Summarize(ApplyAll([Connected(T0)]), ApplyAll([Connected(T0)]));

        Assert.Equal((Badge.Green, 100, 2, 2, 0), (summary.Badge, summary.HealthScore, summary.Total, summary.Healthy, summary.IssueCount));
        Assert.Equal("All 2 connections healthy", summary.StatusText);
    }

    [Fact]
    public void OneErrorAndOneHealthyAverageTo60AndTurnRed()
    {
        var summary = Summarize(ApplyAll([Failed(T0)]), ApplyAll([Connected(T0)]));

        Assert.Equal((Badge.Red, 60, 1, 1), (summary.Badge, summary.HealthScore, summary.Error, summary.IssueCount));
    }

    /// <summary>The text's noun agrees with the total and its verb with the count it follows, at 0, 1 and 2.</summary>
    [Theory]
    [InlineData(0, 0, "No connections yet")]
    [InlineData(0, 1, "1 connection healthy")]
    [InlineData(0, 2, "All 2 connections healthy")]
    [InlineData(1, 1, "1 of 1 connection needs attention")]
    [InlineData(1, 2, "1 of 2 connections needs attention")]
    [InlineData(2, 2, "2 of 2 connections need attention")]
    [InlineData(2, 3, "2 of 3 connections need attention")]
    public void TheTextAgreesWithItsCounts(int failing, int total, string text)
    {
        var states = Enumerable.Range(0, total).Select(i => ApplyAll([i < failing ? Failed(T0) : Connected(T0)])).ToArray();

        Assert.Equal(text, Summarize(states).StatusText);
    }

    [Fact]
    public void NoAccountsIsGreenAt100()
    {
        var summary = Summarize();

        Assert.Equal((Badge.Green, 100, 0), (summary.Badge, summary.HealthScore, summary.Total));
    }

    [Fact]
    public void DegradedOnlyIsYellow()
    {
        var summary = Summarize(ApplyAll([Failed(T0), Failed(T0.AddMinutes(1)), Failed(T0.AddMinutes(2)), Connected(T0.AddMinutes(3))]));

        // Degraded is not "needs attention": issueCount counts only what the filter lists.
        Assert.Equal((Badge.Yellow, 1, 0), (summary.Badge, summary.Degraded, summary.IssueCount));
        Assert.Equal("1 of 1 connection degraded", summary.StatusText);
    }

    [Fact]
    public void AFlappingConnectedAccountNeedsAttentionInTheBadgeTheTextAndTheIssueCount()
    {
        // Two short outages among successes: flapping, but only two failures, so its health is degraded, not error.
        var flapping = ApplyAll([.. Enumerable.Range(0, 4).Select(i => Connected(T0.AddMinutes(i))),
            Failed(T0.AddMinutes(4)), Connected(T0.AddMinutes(5)), Failed(T0.AddMinutes(6)), Connected(T0.AddMinutes(7))]);
        Assert.True(flapping.IsFlapping);
        Assert.Equal(HealthState.Degraded, HealthEvaluator.Evaluate(flapping, false, T0.AddMinutes(30), new ActionTexts()).State);

        var summary = Summarize(flapping, ApplyAll([Connected(T0.AddMinutes(20))]));

        Assert.Equal((Badge.Red, 1, 1), (summary.Badge, summary.Flapping, summary.IssueCount));
        Assert.Equal("1 of 2 connections needs attention", summary.StatusText);
    }

    [Fact]
    public void StaleAccountsAreCountedAndNeedAttention()
    {
        var stale = StatusTransition.Silence(ApplyAll([Connected(T0.AddHours(-2))]), Policy, T0).State!;

        var summary = Summarize(stale, ApplyAll([Connected(T0.AddMinutes(20))]));

        Assert.Equal((Badge.Red, 1, 1, 1), (summary.Badge, summary.Stale, summary.Healthy, summary.IssueCount));
        Assert.Equal("1 of 2 connections needs attention", summary.StatusText);
    }

    [Fact]
    public void TheIssueCountIsTheNumberOfAccountsThatNeedAttentionOneByOne()
    {
        var states = new[]
        {
            ApplyAll([Connected(T0)]),
            ApplyAll([Failed(T0), Failed(T0.AddMinutes(1)), Failed(T0.AddMinutes(2)), Connected(T0.AddMinutes(3))]),
            ApplyAll([Failed(T0, ErrorCategory.AuthError)]),
            ApplyAll([Disconnected(T0)]),
            ApplyAll(Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? Failed(T0.AddMinutes(i)) : Connected(T0.AddMinutes(i)))),
            StatusTransition.Silence(ApplyAll([Connected(T0.AddHours(-2))]), Policy, T0).State!,
        };
        var now = T0.AddMinutes(30);
        var needing = states.Count(s => HealthEvaluator.Evaluate(s, false, now, new ActionTexts()).NeedsAttention);

        var summary = Summarize(states);

        Assert.Equal(4, needing);
        Assert.Equal(needing, summary.IssueCount);
        Assert.Equal($"{needing} of {states.Length} connections need attention", summary.StatusText);
    }

    [Fact]
    public void ReauthAndDisconnectedAreCountedApart()
    {
        var summary = Summarize(ApplyAll([Failed(T0, ErrorCategory.AuthError)]), ApplyAll([Disconnected(T0)]));

        Assert.Equal((1, 1, 0, 2), (summary.RequiresReauth, summary.Disconnected, summary.Error, summary.IssueCount));
    }
}
