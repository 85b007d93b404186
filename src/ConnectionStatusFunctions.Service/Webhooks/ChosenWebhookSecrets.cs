namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// The store the settings choose, chosen at its first use: hosted services build what they need before start-up
/// validation runs, and reading the settings then would report only this one of several bad settings.
/// </summary>
internal sealed class ChosenWebhookSecrets(Func<IWebhookSecrets> choose) : IWebhookSecrets
{
    private readonly Lazy<IWebhookSecrets> _chosen = new(choose);

    public Task<string> StoreAsync(string tenantId, string subscriptionId, string secret, CancellationToken cancellationToken) =>
        _chosen.Value.StoreAsync(tenantId, subscriptionId, secret, cancellationToken);

    public Task<string> ReadAsync(string tenantId, string subscriptionId, string reference, CancellationToken cancellationToken) =>
        _chosen.Value.ReadAsync(tenantId, subscriptionId, reference, cancellationToken);

    public Task DeleteAsync(string tenantId, string subscriptionId, string reference, CancellationToken cancellationToken) =>
        _chosen.Value.DeleteAsync(tenantId, subscriptionId, reference, cancellationToken);
}
