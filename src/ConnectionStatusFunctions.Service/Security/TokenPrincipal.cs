using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConnectionStatusFunctions.Core;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ConnectionStatusFunctions.Service.Security;

/// <summary>
/// The principal a validated Entra ID token stands for, built afresh from the claims the settings
/// name, so that nothing else the token carries is read: a claim named <c>tenant</c>, or any of
/// the access check's own claim names, grants nothing unless it is the configured tenant claim.
/// </summary>
public static class TokenPrincipal
{
    public const string RolesClaim = "roles";
    public const string ChannelsClaim = "channels";

    /// <summary>Who the caller is, in order of preference: the object id is one per user or app, whichever client app asked for the token.</summary>
    private static readonly string[] SubjectClaims = ["oid", "sub", "azp", "appid"];

    /// <summary>The principal, or the reason the token is refused.</summary>
    public static (ClaimsPrincipal? Principal, string? Refusal) From(JsonWebToken token, string tenantClaim)
    {
        ArgumentNullException.ThrowIfNull(token);
        using var header = Decode(token.EncodedHeader);
        using var payload = Decode(token.EncodedPayload);
        if (header is null || payload is null)
        {
            return (null, "The token's header or payload is not a JSON object.");
        }

        // RFC 7515 4.1.11: a recipient must refuse a token whose critical extensions it does not
        // understand. This service understands none.
        if (header.RootElement.TryGetProperty("crit", out _))
        {
            return (null, "The token names critical header parameters this service does not understand.");
        }

        var claims = payload.RootElement;
        var subject = SubjectClaims.Select(name => Values(claims, name).FirstOrDefault(v => v.Length > 0)).FirstOrDefault(v => v is not null);
        if (subject is null)
        {
            return (null, "The token names no caller (oid, sub, azp or appid).");
        }

        var issuer = Values(claims, "iss").FirstOrDefault() ?? string.Empty;
        var identity = new ClaimsIdentity(JwtBearerDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, subject));
        identity.AddClaim(new Claim(ApiKeyAuthenticationHandler.CallerClaim, "token:" + CallerHash(issuer, subject)));
        identity.AddClaims(Values(claims, RolesClaim).Select(role => new Claim(ClaimTypes.Role, role)));
        identity.AddClaims(Values(claims, tenantClaim).Select(tenant => new Claim(ApiKeyAuthenticationHandler.TenantClaim, tenant)));

        // Present is limited, even to nothing: "channels": [] grants no channel rather than every one.
        if (claims.TryGetProperty(ChannelsClaim, out var channels))
        {
            identity.AddClaim(ChannelLimit.ClaimFor(KnownChannels(channels)));
        }

        return (new ClaimsPrincipal(identity), null);
    }

    /// <summary>
    /// A bounded bucket name per issuer and subject: tokens of one caller share a request budget,
    /// tokens of different callers never do (a token without <c>sub</c> is not everyone's bucket).
    /// </summary>
    private static string CallerHash(string issuer, string subject) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issuer + "\n" + subject)))[..32];

    /// <summary>
    /// The channels claim's values when every one is exactly one known channel wire name, else none:
    /// the limit travels as one space-separated claim, so a value such as "line facebook" would
    /// otherwise split into two grants, and a token its issuer got wrong must not grant more than
    /// was meant. An API key's channels are checked the same way, at start-up.
    /// </summary>
    private static string[] KnownChannels(JsonElement value)
    {
        JsonElement[] values = value.ValueKind switch
        {
            JsonValueKind.String => [value],
            JsonValueKind.Array => [.. value.EnumerateArray()],
            _ => [],
        };
        var names = values.Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToArray();
        return names.All(name => WireName.TryParse<Channel>(name, out _)) ? names.OfType<string>().ToArray() : [];
    }

    /// <summary>A claim's string values: one for a string, each string of an array, none for anything else.</summary>
    private static List<string> Values(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
            _ => [],
        };
    }

    private static JsonDocument? Decode(string encoded)
    {
        try
        {
            var document = JsonDocument.Parse(Base64Url.DecodeFromChars(encoded));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
