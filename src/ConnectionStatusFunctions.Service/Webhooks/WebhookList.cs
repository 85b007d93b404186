using System.ComponentModel;

namespace ConnectionStatusFunctions.Service.Webhooks;

[Description("A tenant's webhook subscriptions, in id order.")]
public sealed record WebhookList(
    [Description("Every subscription of the tenant (at most 20).")] IReadOnlyList<WebhookSubscriptionView> Items);
