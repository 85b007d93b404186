using Azure;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>One event on its way to one subscription.</summary>
public sealed record WebhookDelivery(
    string TenantId,
    string SubscriptionId,
    string ChannelAccountId,
    string EventId,
    string Body,
    int Attempts,
    DateTimeOffset? FirstAttemptAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LeaseUntil,
    string RowKey,
    ETag ETag)
{
    /// <summary>When its row was written (its first attempt, or its first due time, for a row written before this column): how long it has waited.</summary>
    public DateTimeOffset WrittenAt { get; init; } = FirstAttemptAt is { } first && first < NextAttemptAt ? first : NextAttemptAt;
}
