using System.Security.Cryptography;

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
