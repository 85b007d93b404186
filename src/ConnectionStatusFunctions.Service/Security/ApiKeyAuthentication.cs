using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Security;

/// <summary>Authenticates the X-Api-Key header against the configured key hashes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiKeyOptions> keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    /// <summary>
    /// The claims the access check reads. A principal holds only these (a token's principal is
    /// rebuilt from the claims the settings name), so a token cannot name them for itself.
    /// </summary>
    public const string TenantClaim = "tenant";

    /// <summary>Present exactly when the caller is limited to some channels: their wire names, space-separated (none: no channel).</summary>
    public const string ChannelLimitClaim = "channel_limit";

    /// <summary>Who the request budget is counted for: "key:" and the key's name, or "token:" and a hash of the token's subject.</summary>
    public const string CallerClaim = "caller";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(values[0]!), presented);

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        foreach (var key in keys.Value.Keys)
        {
            if (Convert.FromHexString(key.Sha256, expected, out _, out var written) == System.Buffers.OperationStatus.Done
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(ClaimTypes.Role, key.Role), new(CallerClaim, "key:" + key.Name) };
                claims.AddRange(key.Tenants.Select(t => new Claim(TenantClaim, t)));
                if (key.Channels.Count > 0)
                {
                    claims.Add(ChannelLimit.ClaimFor(key.Channels));
                }

                var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
            }
        }

        // The key itself is never logged.
        return Task.FromResult(AuthenticateResult.Fail("The API key is not recognised."));
    }
}
