using ConnectionStatusFunctions.Service.Webhooks;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// A subscription's health as attempts are recorded: each run records what it saw when it ends, and
/// runs of two instances overlap, so attempts arrive late and out of order. The health never goes back.
/// </summary>
public sealed class WebhookHealthTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static readonly WebhookSubscriptionView Fresh = new("0123456789abcdef0123456789abcdef", "tenant-h", "https://hooks.example/h", [], [], WebhookState.Active, T.AddHours(-1), 0, null, null, null, null);

    private static WebhookSubscriptionView Recorded(params WebhookAttempt[] attempts) => attempts.Aggregate(Fresh, WebhookStore.Apply);

    [Fact]
    public void AnOlderSuccessRecordedAfterANewerOneDoesNotMoveItsTimeBack()
    {
        var health = Recorded(new WebhookAttempt.Delivered(T.AddSeconds(32)), new WebhookAttempt.Delivered(T.AddSeconds(31)));

        Assert.Equal(T.AddSeconds(32), health.LastSuccessAt);
    }

    [Fact]
    public void AFailureOlderThanTheLastSuccessCountsNoFailureInARowAndDoesNotMoveTheLastFailureBack()
    {
        var health = Recorded(
            new WebhookAttempt.Failed(T.AddSeconds(20), "HTTP 500"),
            new WebhookAttempt.Delivered(T.AddSeconds(30)),
            new WebhookAttempt.Failed(T.AddSeconds(10), "timeout"));

        Assert.Equal((0, T.AddSeconds(20), "HTTP 500"), (health.ConsecutiveFailures, health.LastFailureAt, health.LastFailureReason));
    }

    [Fact]
    public void ASuccessOlderThanTheLastFailureKeepsTheFailuresAfterItCounted()
    {
        var health = Recorded(new WebhookAttempt.Failed(T.AddSeconds(40), "HTTP 503"), new WebhookAttempt.Delivered(T.AddSeconds(30)));

        Assert.Equal((1, T.AddSeconds(30)), (health.ConsecutiveFailures, health.LastSuccessAt));
    }

    [Fact]
    public void InOrderAttemptsCountAsBeforeAndAGiveUpWithNoSuccessSinceItsFirstAttemptDisables()
    {
        var health = Recorded(
            new WebhookAttempt.Delivered(T),
            new WebhookAttempt.Failed(T.AddSeconds(10), "HTTP 500"),
            new WebhookAttempt.Failed(T.AddSeconds(20), "HTTP 500"),
            new WebhookAttempt.GivenUp(T.AddSeconds(30), "HTTP 500", FirstAttemptAt: T.AddSeconds(10)));

        Assert.Equal((3, WebhookState.Disabled, T.AddSeconds(30)), (health.ConsecutiveFailures, health.State, health.DisabledAt));
        Assert.Equal(WebhookState.Active, Recorded(new WebhookAttempt.Delivered(T.AddSeconds(15)), new WebhookAttempt.GivenUp(T.AddSeconds(30), "HTTP 500", FirstAttemptAt: T.AddSeconds(10))).State);
    }
}
