using System.ComponentModel.DataAnnotations;
using ConnectionStatusFunctions.Service.Security;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>Where signing secrets live, and how deliveries time out, back off and give up.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>The Key Vault that holds one signing secret per subscription (Azure); wins over the development key.</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>
    /// Base64 of 32 bytes: the AES-GCM key that encrypts signing secrets in the subscription rows when
    /// there is no vault. Published in the repository, so refused outside Development.
    /// </summary>
    public string? DevelopmentSecretKey { get; set; }

    /// <summary>Longest a receiver may take to answer a delivery's headers before the attempt counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after a delivery's first failure; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:01:00", "06:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after its first attempt a failing delivery is given up.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The rules between settings, which annotations cannot say.</summary>
    public IEnumerable<string> Validate(AppEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (KeyVaultUri is { } vault && (!vault.IsAbsoluteUri || vault.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{SectionName}:KeyVaultUri must be an absolute https URI (https://<vault>.vault.azure.net/).";
        }

        if (DevelopmentSecretKey is { Length: > 0 } key)
        {
            if (!environment.IsDevelopment)
            {
                yield return environment.OnlyInDevelopment($"{SectionName}:DevelopmentSecretKey keeps signing secrets under a key held in settings, not in a vault (the sample settings publish one), so it is for Development only: set {SectionName}:KeyVaultUri instead. It is refused");
            }
            else if (!IsKey(key))
            {
                yield return $"{SectionName}:DevelopmentSecretKey must be the base64 of 32 bytes.";
            }
        }

        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return $"{SectionName}:MaxRetryDelay must be at least {SectionName}:FirstRetryDelay.";
        }
    }

    private static bool IsKey(string key)
    {
        var bytes = new byte[33];
        return Convert.TryFromBase64String(key, bytes, out var length) && length == 32;
    }
}

[OptionsValidator]
internal sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;
