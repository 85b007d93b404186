using System.Security.Cryptography;
using System.Text;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Security;

/// <summary>One caller's key: only its SHA-256 is configured, never the key itself.</summary>
public sealed class ApiKey
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Lower-case hex SHA-256 of the UTF-8 key.</summary>
    public string Sha256 { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    /// <summary>Tenant ids this key may touch, or "*" for all.</summary>
    public List<string> Tenants { get; set; } = [];

    /// <summary>For a connector: the channels it may report on; empty for every channel.</summary>
    public List<string> Channels { get; set; } = [];
}

public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";

    public List<ApiKey> Keys { get; set; } = [];

    /// <summary>
    /// Hashes of the keys published in local.settings.sample.json and appsettings.Development.json.
    /// Everyone can read them, so the app refuses to start with them outside Development.
    /// </summary>
    public static readonly IReadOnlySet<string> DevelopmentKeyHashes = new HashSet<string>(
        new[] { "dev-connector-key", "dev-support-key", "dev-admin-key" }.Select(HashOf), StringComparer.Ordinal);

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public IEnumerable<string> Validate(AppEnvironment environment)
    {
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            var where = $"ApiKeys:Keys:{i} ({key.Name})";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                yield return $"{where}: Name is required.";
            }

            if (key.Sha256.Length != 64 || !key.Sha256.All(char.IsAsciiHexDigitLower))
            {
                yield return $"{where}: Sha256 must be 64 lower-case hex characters (the SHA-256 of the key, never the key).";
            }

            if (!Roles.All.Contains(key.Role))
            {
                yield return $"{where}: Role must be one of {string.Join(", ", Roles.All)}.";
            }

            if (key.Tenants.Count == 0)
            {
                yield return $"{where}: Tenants must list tenant ids or \"*\".";
            }

            foreach (var channel in key.Channels.Where(c => !WireName.TryParse<Channel>(c, out _)))
            {
                yield return $"{where}: Channels entry '{channel}' must be one of {WireName.AllowedValues<Channel>()}.";
            }

            // A limit on reads would have to filter every list and summary; only writes are limited.
            if (key.Channels.Count > 0 && key.Role != Roles.Connector)
            {
                yield return $"{where}: Channels limits a connector's reports; a {key.Role} key reads every channel of its tenants.";
            }

            if (key.Role == Roles.TenantAdmin && key.Tenants.Contains("*"))
            {
                yield return $"{where}: a tenant_admin key names its tenants; \"*\" is for support and admin.";
            }

            if (!environment.IsDevelopment && DevelopmentKeyHashes.Contains(key.Sha256))
            {
                yield return environment.OnlyInDevelopment($"{where}: this is a published development key; configure a key of your own");
            }
        }
    }
}
