using System.ComponentModel;

namespace ConnectionStatusFunctions.Service.Webhooks;

[Description("A new webhook subscription: where to deliver a tenant's events, and which of them.")]
public sealed record CreateWebhookInput(
    [Description("The receiver: an absolute https URL (http allowed in Development only), at most 512 characters, without user name, password, query or fragment, whose host is not a loopback, private, link-local, multicast or cloud metadata address.")] string? Url,
    [Description("Only events of these types; null or empty for every type.")] IReadOnlyList<string>? EventTypes = null,
    [Description("Only events of accounts on these channels; null or empty for every channel.")] IReadOnlyList<string>? Channels = null);

[Description("The subscription just created, with its signing secret: shown this once, never again.")]
public sealed record CreatedWebhook(
    [Description("The subscription.")] WebhookSubscriptionView Subscription,
    [Description("The Standard Webhooks signing secret (`whsec_` and base64): verify each delivery's webhook-signature with it. Store it now; no answer shows it again.")] string Secret);
