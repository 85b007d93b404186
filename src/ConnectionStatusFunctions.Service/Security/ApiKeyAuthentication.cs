using System.Security.Claims;
using ConnectionStatusFunctions.Core;
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
    public const string TenantClaim = "tenant";

    /// <summary>A channel a connector is limited to; none means every channel. Tokens carry it as "channels".</summary>
    public const string ChannelClaim = "channels";

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
                var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(ClaimTypes.Role, key.Role) };
                claims.AddRange(key.Tenants.Select(t => new Claim(TenantClaim, t)));
                claims.AddRange(key.Channels.Select(c => new Claim(ChannelClaim, c)));
                var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
            }
        }

        // The key itself is never logged.
        return Task.FromResult(AuthenticateResult.Fail("The API key is not recognised."));
    }
}

public static class Policies
{
    public const string ReportStatus = nameof(ReportStatus);
    public const string ReadStatus = nameof(ReadStatus);

    /// <summary>The tenant scope that covers every tenant.</summary>
    public const string EveryTenant = "*";

    /// <summary>The roles each policy admits: what the authorization setup enforces and the API contract documents.</summary>
    public static IReadOnlyDictionary<string, string[]> RolesByPolicy { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [ReportStatus] = [Roles.Connector],
        [ReadStatus] = [Roles.Support, Roles.Admin, Roles.TenantAdmin],
    };

    /// <summary>Whether the caller may report on this channel: every channel unless it is limited to some, and then only a named one.</summary>
    public static bool MayReportOnChannel(this ClaimsPrincipal user, Channel? channel)
    {
        ArgumentNullException.ThrowIfNull(user);
        var allowed = user.FindAll(ApiKeyAuthenticationHandler.ChannelClaim).Select(c => c.Value).ToList();
        return allowed.Count == 0 || (channel is { } named && allowed.Contains(WireName.Of(named)));
    }

    /// <summary>Whether the caller's scope covers the tenant; a tenant_admin only ever covers the tenants it names.</summary>
    public static bool MayAccessTenant(this ClaimsPrincipal user, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(user);
        var tenantAdmin = user.IsInRole(Roles.TenantAdmin);
        return user.FindAll(ApiKeyAuthenticationHandler.TenantClaim).Any(c => (c.Value == EveryTenant && !tenantAdmin) || (c.Value == tenantId && tenantId != EveryTenant));
    }
}
