namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>A subscription was to be created or sent to with no place for its signing secret (<see cref="UnconfiguredWebhookSecrets"/>).</summary>
public sealed class WebhooksNotConfiguredException() : Exception(UnconfiguredWebhookSecrets.Explanation);
