using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ConnectionStatusFunctions.Testing;

/// <summary>An OpenID provider on 127.0.0.1 with its own signing key: metadata, keys, and tokens minted to order.</summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string Audience = "api://connection-status-tests";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };

    private FakeIdentityProvider()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = Issuer + "/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        _app.MapGet("/keys", () => Results.Json(new { keys = new[] { JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId }) } }));
    }

    public string Issuer { get; private set; } = string.Empty;

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var provider = new FakeIdentityProvider();
        await provider._app.StartAsync();
        provider.Issuer = provider._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return provider;
    }

    /// <summary>
    /// A token for <paramref name="roles"/> and <paramref name="tenants"/>; the named parts can be made wrong on purpose.
    /// <paramref name="claims"/> adds or replaces payload claims (a null value removes one, e.g. "sub"); <paramref name="headers"/> adds header parameters.
    /// </summary>
    public string Mint(string[] roles, string[] tenants, TimeSpan? expiresIn = null, string[]? channels = null, string? issuer = null, string audience = Audience, SecurityKey? signingKey = null, bool withoutSignature = false,
        IDictionary<string, object?>? claims = null, IDictionary<string, object>? headers = null)
    {
        var payload = new Dictionary<string, object>
        {
            ["sub"] = "caller-" + string.Join("-", roles),
            ["roles"] = roles,
            ["tenants"] = tenants,
        };
        if (channels is not null)
        {
            payload["channels"] = channels;
        }

        foreach (var (name, value) in claims ?? new Dictionary<string, object?>())
        {
            if (value is null)
            {
                payload.Remove(name);
            }
            else
            {
                payload[name] = value;
            }
        }

        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(30));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = payload,
            AdditionalHeaderClaims = headers,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = withoutSignature ? null : new SigningCredentials(signingKey ?? _key, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public static SecurityKey OtherKey() => new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key" };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
