using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace ConnectionStatusFunctions.Service.Security;

public static class SecurityRegistration
{
    /// <summary>Who may call the API: API keys, Entra ID tokens when enabled, the role policies and the per-caller limits.</summary>
    public static IServiceCollection AddStatusSecurity(this IServiceCollection services, IConfiguration configuration, AppEnvironment environment)
    {
        services.AddSettings<ApiKeyOptions>(ApiKeyOptions.SectionName, o => o.Validate(environment));
        services.AddSettings<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.SectionName, o => o.Validate());
        services.AddSettings<EntraIdOptions>(EntraIdOptions.SectionName, o => o.Validate());
        services.AddSingleton<AccessCheck>();
        services.AddSingleton<RateLimits>();
        var authentication = services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var entraId = configuration.GetSection(EntraIdOptions.SectionName).Get<EntraIdOptions>() ?? new EntraIdOptions();
        if (entraId.Enabled)
        {
            authentication.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, entraId.Configure);
        }

        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.RolesByPolicy)
            {
                o.AddPolicy(policy, p => p.RequireRole(roles));
            }
        });
        return services;
    }
}
