using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>The expectations listed in docs/status-engine.md ("Health"), one test each.</summary>
public class HealthEvaluatorTests
{
    private static readonly ActionTexts Texts = new();
    private static readonly DateTimeOffset Now = T0.AddMinutes(30);

    private static ConnectionHealth Evaluate(ConnectionState state, bool outage = false, DateTimeOffset? now = null) =>
        HealthEvaluator.Evaluate(state, outage, now ?? Now, Texts);

    [Fact]
    public void ConnectedAccountIsHealthyAt100()
    {
        var health = Evaluate(ApplyAll([Connected(T0)]));

        Assert.Equal((HealthState.Healthy, 100), (health.State, health.Score));
        Assert.Null(health.RecommendedAction);
        Assert.Empty(health.Reasons);
        Assert.False(health.NeedsAttention);
    }

    [Fact]
    public void ErrorAccountScores20WhateverItsFailureCountAndSaysConnectionError()
    {
        var health = Evaluate(ApplyAll([Failed(T0)]));

        Assert.Equal((HealthState.Error, 20), (health.State, health.Score));
        Assert.Contains("Connection error", health.RecommendedAction);
        Assert.True(health.NeedsAttention);
        Assert.Equal("status_error", health.Reasons[0].Code);
    }

    [Fact]
    public void DisconnectedAccountScores0AndAsksToReconnect()
    {
        var health = Evaluate(ApplyAll([Connected(T0), Disconnected(T0.AddMinutes(1))]));

        Assert.Equal((HealthState.Disconnected, 0), (health.State, health.Score));
        Assert.Contains("Please reconnect", health.RecommendedAction);
    }

    [Fact]
    public void AuthErrorRequiresReauthAndScores10()
    {
        var health = Evaluate(ApplyAll([Failed(T0, ErrorCategory.AuthError)]));

        Assert.Equal((HealthState.RequiresReauth, 10), (health.State, health.Score));
        Assert.Contains("Authorization expired", health.RecommendedAction);
        Assert.True(health.NeedsAttention);
    }

    [Theory]
    [InlineData(ErrorCategory.WebhookError, "webhook")]
    [InlineData(ErrorCategory.RateLimit, "Wait for the limit")]
    [InlineData(ErrorCategory.Unknown, "Connection error")]
    public void EachErrorCategoryHasItsOwnAction(ErrorCategory category, string expected)
    {
        Assert.Contains(expected, Evaluate(ApplyAll([Failed(T0, category)])).RecommendedAction, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ThreeFailuresTodayOnAConnectedAccountIsDegradedAtMost60()
    {
        var health = Evaluate(ApplyAll([Failed(T0), Failed(T0.AddMinutes(1)), Failed(T0.AddMinutes(2)), Connected(T0.AddMinutes(3))]));

        Assert.Equal((HealthState.Degraded, 60), (health.State, health.Score));
        Assert.Equal(3, health.FailuresInLast24Hours);
        Assert.False(health.NeedsAttention);
    }

    [Fact]
    public void OneFailureTodayCapsAt80()
    {
        var health = Evaluate(ApplyAll([Failed(T0), Connected(T0.AddMinutes(3))]));

        Assert.Equal((HealthState.Healthy, 80), (health.State, health.Score));
        Assert.Equal("failures_24h", Assert.Single(health.Reasons).Code);
    }

    [Fact]
    public void FiveFailuresTodayIsTheErrorBandWithTheCountInTheAction()
    {
        var reports = Enumerable.Range(0, 5).Select(i => Failed(T0.AddMinutes(i))).Append(Connected(T0.AddMinutes(6)));
        var health = Evaluate(ApplyAll(reports));

        Assert.Equal((HealthState.Error, 30), (health.State, health.Score));
        Assert.Contains("5 failed sync attempts in the last 24 hours", health.RecommendedAction);
        Assert.True(health.NeedsAttention);
    }

    [Fact]
    public void FortyNineHoursWithoutSuccessIsDegradedAtMost50()
    {
        var health = Evaluate(ApplyAll([Connected(T0)]), now: T0.AddHours(49));

        Assert.Equal((HealthState.Degraded, 50), (health.State, health.Score));
        Assert.Contains("has not synced in over 48 hours", health.RecommendedAction);
    }

    [Fact]
    public void ThirtyHoursWithoutSuccessCapsAt70()
    {
        var health = Evaluate(ApplyAll([Connected(T0)]), now: T0.AddHours(30));

        Assert.Equal((HealthState.Degraded, 70), (health.State, health.Score));
        Assert.Null(health.RecommendedAction);
    }

    [Fact]
    public void ProviderOutageDegradesToAtMost40AndNamesTheChannel()
    {
        var health = Evaluate(ApplyAll([Connected(T0)]), outage: true);

        Assert.Equal((HealthState.Degraded, 40), (health.State, health.Score));
        Assert.Contains("LINE provider is experiencing issues", health.RecommendedAction);
    }

    [Fact]
    public void FlappingAccountIsDegradedAndNeedsAttention()
    {
        // Alternating every 5 hours: only two failures fall in the last 24 hours (cap 80), so the
        // flapping cap of 50 is what degrades it.
        var reports = Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? Failed(T0.AddHours(5 * i)) : Connected(T0.AddHours(5 * i)));
        var state = ApplyAll(reports);
        var health = Evaluate(state, now: state.LastCheckedAt.AddSeconds(1));

        Assert.True(state.IsFlapping);
        Assert.Equal(ConnectionStatus.Connected, state.Status);
        Assert.Equal((HealthState.Degraded, 50), (health.State, health.Score));
        Assert.Equal(["failures_24h", "flapping"], health.Reasons.Select(r => r.Code));
        Assert.True(health.NeedsAttention);
        Assert.Contains("keeps switching", health.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void ReasonsListOnlyConditionsThatLoweredTheScore()
    {
        // An error account is already at 20; a stale success cannot lower it further.
        var health = Evaluate(ApplyAll([Connected(T0), Failed(T0.AddHours(30))]), now: T0.AddHours(30));

        Assert.Equal(["status_error"], health.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void TextsAndRunbookLinksComeFromConfiguration()
    {
        var texts = new ActionTexts
        {
            WebhookError = "Re-register the webhook.",
            RunbookLinks = { ["webhook_error"] = new Uri("https://runbooks.example/webhook") },
        };

        var health = HealthEvaluator.Evaluate(ApplyAll([Failed(T0, ErrorCategory.WebhookError)]), false, Now, texts);

        Assert.Equal("Re-register the webhook.", health.RecommendedAction);
        Assert.Equal(new Uri("https://runbooks.example/webhook"), health.RunbookUrl);
        Assert.Empty(texts.Validate());
    }

    [Fact]
    public void RunbookLinkForAnUnknownCategoryIsAConfigurationError()
    {
        var texts = new ActionTexts { RunbookLinks = { ["webhook"] = new Uri("https://runbooks.example/webhook") } };

        Assert.Contains(texts.Validate(), e => e.Contains("'webhook'", StringComparison.Ordinal));
    }
}
