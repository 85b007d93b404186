using System.Collections.Concurrent;
using Azure;
using Azure.Security.KeyVault.Secrets;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// One Key Vault secret per subscription, named after the subscription (its id is unique across
/// tenants). Read once per process and kept in memory: a subscription's secret never changes.
/// </summary>
public sealed class KeyVaultWebhookSecrets(SecretClient vault) : IWebhookSecrets
{
    private readonly ConcurrentDictionary<string, string> _read = new(StringComparer.Ordinal);

    public static string NameOf(string subscriptionId) => "webhook-" + subscriptionId;

    public async Task<string> StoreAsync(string tenantId, string subscriptionId, string secret, CancellationToken cancellationToken)
    {
        var name = NameOf(subscriptionId);
        var stored = new KeyVaultSecret(name, secret);
        stored.Properties.ContentType = "Standard Webhooks signing secret";
        stored.Properties.Tags["tenant"] = tenantId;
        await vault.SetSecretAsync(stored, cancellationToken);
        return name;
    }

    public async Task<string> ReadAsync(string tenantId, string subscriptionId, string reference, CancellationToken cancellationToken)
    {
        if (_read.TryGetValue(reference, out var known))
        {
            return known;
        }

        var secret = (await vault.GetSecretAsync(reference, null, cancellationToken)).Value.Value;
        _read[reference] = secret;
        return secret;
    }

    public async Task DeleteAsync(string tenantId, string subscriptionId, string reference, CancellationToken cancellationToken)
    {
        _read.TryRemove(reference, out _);
        try
        {
            await vault.StartDeleteSecretAsync(reference, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: deleting twice is deleting once.
        }
    }
}
