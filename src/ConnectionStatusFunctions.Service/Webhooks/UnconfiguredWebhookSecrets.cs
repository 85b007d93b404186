namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>Neither a vault nor (in Development) a development key is set: subscriptions cannot be created.</summary>
public sealed class UnconfiguredWebhookSecrets : IWebhookSecrets
{
    public const string Explanation = "Webhook signing secrets have nowhere to be kept: set Webhooks:KeyVaultUri (or, in Development, Webhooks:DevelopmentSecretKey).";

    public Task<string> StoreAsync(string tenantId, string subscriptionId, string secret, CancellationToken cancellationToken) =>
        throw new WebhooksNotConfiguredException();

    public Task<string> ReadAsync(string tenantId, string subscriptionId, string reference, CancellationToken cancellationToken) =>
        throw new WebhooksNotConfiguredException();

    public Task DeleteAsync(string tenantId, string subscriptionId, string reference, CancellationToken cancellationToken) => Task.CompletedTask;
}
