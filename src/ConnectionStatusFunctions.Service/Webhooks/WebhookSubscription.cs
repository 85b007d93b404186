using Azure;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>A subscription as stored: its view, and the reference to its secret (a vault name or a ciphertext, never the secret).</summary>
public sealed record WebhookSubscription(WebhookSubscriptionView View, string SecretReference, ETag ETag)
{
    public string TenantId => View.TenantId;

    public string SubscriptionId => View.SubscriptionId;

    public bool Matches(string eventType, string channel) =>
        View.State == WebhookState.Active
        && (View.EventTypes.Count == 0 || View.EventTypes.Contains(eventType, StringComparer.Ordinal))
        && (View.Channels.Count == 0 || View.Channels.Any(c => WireName.Of(c) == channel));
}

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
