using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ConnectionStatusFunctions.Service.Security;

/// <summary>
/// Bearer tokens from Microsoft Entra ID beside the API keys: off unless an authority is set. Roles
/// come from the token's <c>roles</c> claim, tenant scope from <see cref="TenantClaim"/>.
/// </summary>
public sealed class EntraIdOptions
{
    public const string SectionName = "EntraId";

    /// <summary>E.g. https://login.microsoftonline.com/{directory}/v2.0; its OpenID metadata names the issuer and keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The app registration's application ID URI or client id the tokens are issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that lists the tenants a caller may use ("*" for all).</summary>
    public string TenantClaim { get; set; } = "tenants";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            yield return $"{SectionName}:Authority must be an absolute https URL.";
        }
        else if (authority.Scheme == "http" && !authority.IsLoopback)
        {
            yield return $"{SectionName}:Authority must use https (http only on this machine, for tests).";
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return $"{SectionName}:Audience is required with {SectionName}:Authority.";
        }

        if (string.IsNullOrWhiteSpace(TenantClaim))
        {
            yield return $"{SectionName}:TenantClaim must name a claim.";
        }
    }

    /// <summary>Validates tokens against the authority's metadata, then makes the principal from the claims named here only (<see cref="TokenPrincipal"/>).</summary>
    public void Configure(JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Authority = Authority;
        options.Audience = Audience;
        options.RequireHttpsMetadata = Authority!.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        options.MapInboundClaims = false;
        options.TokenValidationParameters.RoleClaimType = "roles";
        options.TokenValidationParameters.NameClaimType = "sub";
        var tenantClaim = TenantClaim;
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var (principal, refusal) = context.SecurityToken is JsonWebToken token
                    ? TokenPrincipal.From(token, tenantClaim)
                    : (null, "The token is not a JSON web token.");
                if (principal is null)
                {
                    context.Fail(refusal!);
                }
                else
                {
                    context.Principal = principal;
                }

                return Task.CompletedTask;
            },
        };
    }
}
