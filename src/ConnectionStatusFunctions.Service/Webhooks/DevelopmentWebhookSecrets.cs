using System.Security.Cryptography;
using System.Text;

namespace ConnectionStatusFunctions.Service.Webhooks;

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
