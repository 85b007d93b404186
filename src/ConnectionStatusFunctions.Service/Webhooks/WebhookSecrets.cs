using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Security.KeyVault.Secrets;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// Where a subscription's signing secret is kept. What <see cref="StoreAsync"/> returns goes in the
/// subscription row: a reference (a vault secret's name) or a ciphertext, never the secret itself.
/// </summary>
public interface IWebhookSecrets
{
    Task<string> StoreAsync(string tenantId, string subscriptionId, string secret, CancellationToken cancellationToken);

    Task<string> ReadAsync(string tenantId, string subscriptionId, string reference, CancellationToken cancellationToken);

    Task DeleteAsync(string tenantId, string subscriptionId, string reference, CancellationToken cancellationToken);
}

/// <summary>The Standard Webhooks secret format: <c>whsec_</c> and the base64 of random bytes.</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>32 bytes: within the format's 24-64, as long as the HMAC-SHA256 key it becomes.</summary>
    public const int Bytes = 32;

    public static string Create() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(Bytes));
}

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

/// <summary>
/// Development only: the secret kept in the subscription row, encrypted with AES-GCM under
/// Webhooks:DevelopmentSecretKey, bound to its tenant and subscription so a ciphertext copied to
/// another row does not open. The key is published, so start-up refuses it outside Development.
/// </summary>
public sealed class DevelopmentWebhookSecrets(byte[] key) : IWebhookSecrets
{
    private const string Version = "aesgcm1:";

    public Task<string> StoreAsync(string tenantId, string subscriptionId, string secret, CancellationToken cancellationToken)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var plain = Encoding.UTF8.GetBytes(secret);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(key, tag.Length);
        aes.Encrypt(nonce, plain, cipher, tag, Bound(tenantId, subscriptionId));
        return Task.FromResult(Version + Convert.ToBase64String([.. nonce, .. cipher, .. tag]));
    }

    public Task<string> ReadAsync(string tenantId, string subscriptionId, string reference, CancellationToken cancellationToken)
    {
        if (!reference.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("The stored webhook secret is not a development ciphertext.");
        }

        var sealedBytes = Convert.FromBase64String(reference[Version.Length..]);
        var nonceLength = AesGcm.NonceByteSizes.MaxSize;
        var tagLength = AesGcm.TagByteSizes.MaxSize;
        var cipher = sealedBytes.AsSpan(nonceLength, sealedBytes.Length - nonceLength - tagLength);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(key, tagLength);
        aes.Decrypt(sealedBytes.AsSpan(0, nonceLength), cipher, sealedBytes.AsSpan(sealedBytes.Length - tagLength), plain, Bound(tenantId, subscriptionId));
        return Task.FromResult(Encoding.UTF8.GetString(plain));
    }

    public Task DeleteAsync(string tenantId, string subscriptionId, string reference, CancellationToken cancellationToken) => Task.CompletedTask;

    private static byte[] Bound(string tenantId, string subscriptionId) => Encoding.UTF8.GetBytes($"{tenantId}|{subscriptionId}");
}

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

public sealed class WebhooksNotConfiguredException() : Exception(UnconfiguredWebhookSecrets.Explanation);
