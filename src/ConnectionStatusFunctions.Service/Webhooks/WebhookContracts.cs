using System.ComponentModel;
using System.Text.Json.Serialization;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Webhooks;

[Description("A new webhook subscription: where to deliver a tenant's events, and which of them.")]
public sealed record CreateWebhookInput(
    [Description("The receiver: an absolute https URL (http allowed in Development only), at most 512 characters, without user name, password, query or fragment, whose host is not a loopback, private, link-local, multicast or cloud metadata address.")] string? Url,
    [Description("Only events of these types; null or empty for every type.")] IReadOnlyList<string>? EventTypes = null,
    [Description("Only events of accounts on these channels; null or empty for every channel.")] IReadOnlyList<string>? Channels = null);

[Description("Whether a subscription receives events.")]
[JsonConverter(typeof(WireNameJsonConverter<WebhookState>))]
public enum WebhookState
{
    Active,

    /// <summary>A delivery was given up with no successful delivery since its first attempt.</summary>
    Disabled,
}

[Description("A tenant's webhook subscription and its delivery health. Never carries the signing secret.")]
public sealed record WebhookSubscriptionView(
    [Description("The subscription's id: 32 lower-case hex digits.")] string SubscriptionId,
    [Description("The tenant whose events it receives.")] string TenantId,
    [Description("Where deliveries are sent.")] string Url,
    [Description("Only events of these types; empty for every type.")] IReadOnlyList<string> EventTypes,
    [Description("Only events of accounts on these channels; empty for every channel.")] IReadOnlyList<Channel> Channels,
    [Description("`active`, or `disabled` once a delivery was given up with no success since its first attempt (it then receives nothing more; delete and create it again).")] WebhookState State,
    [Description("When it was created.")] DateTimeOffset CreatedAt,
    [Description("Failed attempts since the last successful delivery.")] int ConsecutiveFailures,
    [Description("When an attempt last failed; null if none has.")] DateTimeOffset? LastFailureAt,
    [Description("Why it failed (an HTTP status, a timeout, a refused address), never the receiver's answer; null if none has.")] string? LastFailureReason,
    [Description("When a delivery last succeeded; null if none has.")] DateTimeOffset? LastSuccessAt,
    [Description("When it was disabled; null while active.")] DateTimeOffset? DisabledAt);

[Description("The subscription just created, with its signing secret: shown this once, never again.")]
public sealed record CreatedWebhook(
    [Description("The subscription.")] WebhookSubscriptionView Subscription,
    [Description("The Standard Webhooks signing secret (`whsec_` and base64): verify each delivery's webhook-signature with it. Store it now; no answer shows it again.")] string Secret);

[Description("A tenant's webhook subscriptions, in id order.")]
public sealed record WebhookList(
    [Description("Every subscription of the tenant (at most 20).")] IReadOnlyList<WebhookSubscriptionView> Items);
