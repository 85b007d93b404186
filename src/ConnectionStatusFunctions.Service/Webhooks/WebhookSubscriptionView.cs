using System.ComponentModel;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Webhooks;

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
