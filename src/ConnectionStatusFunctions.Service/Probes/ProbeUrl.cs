using System.Diagnostics.CodeAnalysis;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>
/// A channel's health URL template (<c>Probes:Urls:&lt;channel&gt;</c>) made into the URL of one
/// account. Each id is escaped and must land, unchanged, inside the path segment or query part
/// the template gives it: an id that a URL would rewrite (a dot segment) or that moves the host,
/// the segments or the query's parts is refused rather than sent somewhere else.
/// </summary>
public static class ProbeUrl
{
    public const string TenantPlaceholder = "{tenantId}";
    public const string AccountPlaceholder = "{channelAccountId}";

    /// <summary>Why <paramref name="template"/> cannot be a probe URL template, or null when it can.</summary>
    public static string? ProblemOf(string? template)
    {
        if (template is null
            || !Uri.TryCreate(Substitute(template, new ConnectionKey("tenant", "account")), UriKind.Absolute, out var sample)
            || sample.Scheme is not ("http" or "https"))
        {
            return "must be an absolute http(s) URL template";
        }

        // The fragment is never sent, and an id anywhere else (host, port, user) could move the request.
        if (!Uri.TryCreate(template, UriKind.Absolute, out var shape)
            || HasPlaceholder(Uri.UnescapeDataString(shape.Fragment))
            || !TryExpand(template, new ConnectionKey("tenant", "account"), out _))
        {
            return $"must have {TenantPlaceholder} and {AccountPlaceholder} only in its path or its query";
        }

        return null;
    }

    public static bool TryExpand(string template, ConnectionKey key, [NotNullWhen(true)] out Uri? url)
    {
        ArgumentNullException.ThrowIfNull(template);
        url = null;
        var text = Substitute(template, new ConnectionKey(Uri.EscapeDataString(key.TenantId), Uri.EscapeDataString(key.ChannelAccountId)));
        if (!Uri.TryCreate(template, UriKind.Absolute, out var shape) || !Uri.TryCreate(text, UriKind.Absolute, out var expanded))
        {
            return false;
        }

        // Compared unescaped, part by part: the template's part with the raw ids put in must be
        // exactly what the expanded URL holds there, so each id made the round trip unchanged.
        var kept = expanded.Scheme == shape.Scheme
            && expanded.IdnHost == shape.IdnHost
            && expanded.Port == shape.Port
            && expanded.UserInfo == shape.UserInfo
            && SameParts(shape.Segments, expanded.Segments, key)
            && SameParts(QueryParts(shape), QueryParts(expanded), key);
        url = kept ? expanded : null;
        return kept;
    }

    private static bool HasPlaceholder(string text) =>
        text.Contains(TenantPlaceholder, StringComparison.Ordinal) || text.Contains(AccountPlaceholder, StringComparison.Ordinal);

    private static string[] QueryParts(Uri uri) => uri.Query.TrimStart('?').Split('&');

    private static bool SameParts(string[] template, string[] expanded, ConnectionKey key) =>
        template.Length == expanded.Length
        && template.Zip(expanded).All(part => string.Equals(Substitute(Uri.UnescapeDataString(part.First), key), Uri.UnescapeDataString(part.Second), StringComparison.Ordinal));

    private static string Substitute(string template, ConnectionKey key) => template
        .Replace(TenantPlaceholder, key.TenantId, StringComparison.Ordinal)
        .Replace(AccountPlaceholder, key.ChannelAccountId, StringComparison.Ordinal);
}
