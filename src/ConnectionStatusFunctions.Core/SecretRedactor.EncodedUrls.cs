using System.Buffers;
using System.Text;

namespace ConnectionStatusFunctions.Core;

// A whole URL percent-encoded inside another (a redirect or callback parameter): its credentials.
public static partial class SecretRedactor
{
    private const string EncodedAt = "%40";

    // Where a URL's authority ends: a raw space, quote, bracket, separator of the outer query, or the start of its path.
    private static readonly SearchValues<char> EncodedUrlEnds = SearchValues.Create(" \t\r\n\"'`<>()[]{},;&/?#");

    /// <summary>
    /// Replaces the password of <c>scheme://user:password%40host</c>: a URL encoded whole into a query
    /// (<c>redirect=https%3A%2F%2Fuser%3Apassword%40host</c>) reads with its ':' and '/' decoded (see
    /// <see cref="EscapesDecoded"/>) but its '@' still escaped, and '%40' is then the '@' of its credentials.
    /// </summary>
    private static string RedactEncodedUrlCredentials(string text)
    {
        if (!text.Contains(EncodedAt, StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        StringBuilder? builder = null;
        var copied = 0;
        for (var scheme = text.IndexOf("://", StringComparison.Ordinal); scheme >= 0; scheme = text.IndexOf("://", scheme + 3, StringComparison.Ordinal))
        {
            var userStart = scheme + 3;
            var rest = text.AsSpan(userStart);
            var end = rest.IndexOfAny(EncodedUrlEnds);
            var authority = end < 0 ? rest : rest[..end];
            var at = authority.LastIndexOf(EncodedAt, StringComparison.OrdinalIgnoreCase);
            var colon = at < 0 ? -1 : authority[..at].IndexOf(':');
            if (colon < 0 || at - colon <= 1 || !IsHostStart(text, userStart + at + EncodedAt.Length)
                || authority[(colon + 1)..at].SequenceEqual(Marker))
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, userStart + colon + 1 - copied).Append(Marker);
            copied = userStart + at;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }
}
