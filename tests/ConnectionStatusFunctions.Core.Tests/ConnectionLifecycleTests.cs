using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>The story's "simulate success and failure, verify status transitions and timestamps".</summary>
public class ConnectionLifecycleTests
{
    private sealed record Step(ConnectionReport Report, ConnectionStatus Status, DateTimeOffset StatusChangedAt, int Consecutive, int Failures24h, bool Flapping, HealthState Health, int Score);

    [Fact]
    public void AccountGoesThroughSuccessFailureRecoveryAndFlapping()
    {
        DateTimeOffset M(int minutes) => T0.AddMinutes(minutes);
        var steps = new List<Step>
        {
            new(Connected(M(0)), ConnectionStatus.Connected, M(0), 0, 0, false, HealthState.Healthy, 100),
            new(Connected(M(5)), ConnectionStatus.Connected, M(0), 0, 0, false, HealthState.Healthy, 100),
            new(Failed(M(10), ErrorCategory.RateLimit), ConnectionStatus.Error, M(10), 1, 1, false, HealthState.Error, 20),
            new(Failed(M(15), ErrorCategory.RateLimit), ConnectionStatus.Error, M(10), 2, 2, false, HealthState.Error, 20),
            new(Connected(M(20)), ConnectionStatus.Connected, M(20), 0, 2, false, HealthState.Healthy, 80),
            new(Failed(M(25), ErrorCategory.WebhookError), ConnectionStatus.Error, M(25), 1, 3, false, HealthState.Error, 20),
            new(Connected(M(30)), ConnectionStatus.Connected, M(30), 0, 3, false, HealthState.Degraded, 60),
            new(Failed(M(35), ErrorCategory.WebhookError), ConnectionStatus.Error, M(35), 1, 4, true, HealthState.Error, 20),
            new(Connected(M(40)), ConnectionStatus.Connected, M(40), 0, 4, true, HealthState.Degraded, 50),
            new(Failed(M(45), ErrorCategory.AuthError), ConnectionStatus.Error, M(45), 1, 5, true, HealthState.RequiresReauth, 10),
        };

        ConnectionState? state = null;
        foreach (var step in steps)
        {
            state = state.Apply(step.Report);
            var now = step.Report.CheckedAt.AddSeconds(1);
            var health = HealthEvaluator.Evaluate(state, false, now, new ActionTexts());
            var at = step.Report.CheckedAt;

            Assert.Equal(step.Status, state.Status);
            Assert.Equal(at, state.LastCheckedAt);
            Assert.Equal(step.StatusChangedAt, state.StatusChangedAt);
            Assert.Equal(step.Consecutive, state.ConsecutiveFailures);
            Assert.Equal(step.Failures24h, state.FailuresInLast24Hours(now));
            Assert.Equal(step.Flapping, state.IsFlapping);
            Assert.Equal(step.Health, health.State);
            Assert.Equal(step.Score, health.Score);
            if (step.Status == ConnectionStatus.Connected)
            {
                Assert.Equal(at, state.LastSuccessAt);
            }
            else
            {
                Assert.Equal(at, state.LastErrorAt);
            }
        }

        // A day later the failures have aged out, but the account is still flapping until steady results push the changes out.
        var nextDay = state!.Apply(Connected(T0.AddDays(1).AddHours(1)));
        Assert.Equal(0, nextDay.FailuresInLast24Hours(T0.AddDays(1).AddHours(1)));
    }
}
