using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Security;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Webhooks;

public static class WebhookRegistration
{
    /// <summary>
    /// The subscriptions API, the webhook sink and its delivery runs. The secret store is chosen here
    /// from the settings: the vault when Webhooks:KeyVaultUri is set, else the development key
    /// (Development only), else none, and creating a subscription says what to set.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration, AppEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        services.AddSettings<WebhookOptions, WebhookOptionsValidator>(WebhookOptions.SectionName, o => o.Validate(environment));
        services.AddSingleton<IWebhookResolver, DnsWebhookResolver>();
        services.AddSingleton(s => new WebhookAddressGuard(s.GetRequiredService<IWebhookResolver>(), allowLoopback: environment.IsDevelopment));
        services.AddSingleton<IWebhookSecrets>(s => new ChosenWebhookSecrets(() =>
        {
            var options = s.GetRequiredService<IOptions<WebhookOptions>>().Value;
            if (options.KeyVaultUri is { } vault)
            {
                return new KeyVaultWebhookSecrets(s.GetService<SecretClient>() ?? new SecretClient(vault, new DefaultAzureCredential()));
            }

            return options.DevelopmentSecretKey is { Length: > 0 } key
                ? new DevelopmentWebhookSecrets(Convert.FromBase64String(key))
                : new UnconfiguredWebhookSecrets();
        }));
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDeliveries>();
        services.AddSingleton<WebhookSweep>();
        services.AddSingleton<WebhookSink>();
        services.AddSingleton<IEventSink>(s => s.GetRequiredService<WebhookSink>());
        services.AddSingleton<WebhooksApi>();
        return services;
    }
}
