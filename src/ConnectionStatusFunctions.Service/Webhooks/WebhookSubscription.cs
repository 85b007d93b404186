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
