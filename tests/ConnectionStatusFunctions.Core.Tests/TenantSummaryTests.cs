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

        Assert.Equal((Badge.Yellow, 1, 1), (summary.Badge, summary.Degraded, summary.IssueCount));
    }

    [Fact]
    public void ReauthAndDisconnectedAreCountedApart()
    {
        var summary = Summarize(ApplyAll([Failed(T0, ErrorCategory.AuthError)]), ApplyAll([Disconnected(T0)]));

        Assert.Equal((1, 1, 0, 2), (summary.RequiresReauth, summary.Disconnected, summary.Error, summary.IssueCount));
    }
}
