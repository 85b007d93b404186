namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>What one delivery attempt did, as the subscription's health records it.</summary>
public abstract record WebhookAttempt(DateTimeOffset At)
{
    public sealed record Delivered(DateTimeOffset At) : WebhookAttempt(At);

    public sealed record Failed(DateTimeOffset At, string Reason) : WebhookAttempt(At);

    public sealed record GivenUp(DateTimeOffset At, string Reason, DateTimeOffset FirstAttemptAt) : WebhookAttempt(At);
}
