using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// Secrets recognised by their shape before the key pass: PEM blocks, XML elements and bracketed values under secret keys,
// credentials in URLs with or without a scheme.
public static partial class SecretRedactor
{
    // A PEM block's body, whatever splits its lines (line breaks, spaces, a JSON-escaped "\n"), up to its END line or,
    // when the text was cut, to the end. A certificate is no secret, but telling one from a key is not worth the risk.
    // Its BEGIN and END lines as a reader takes them: in any case, with four dashes or more, the spaces of the label
    // perhaps escaped ("BEGIN\u0020PRIVATE\u0020KEY").
    private const string PemSpace = @"(?:\s|\\u0020|%20|&\#32;|&nbsp;)";
    private const string PemLabel = "(?:" + PemSpace + "(?:[A-Z0-9]|" + PemSpace + ")*)?";
    private const string PemBodyPattern = @"-{4,}\s*BEGIN" + PemLabel + @"-{4,}(?<secret>.*?)(?=-{4,}\s*END" + PemLabel + @"-{4,}|$)";

    [GeneratedRegex(PemBodyPattern, RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PemBody();

    // An XML element with text only, <name attributes>value</name>: the value is a secret when the name is a secret's key.
    private const string XmlElementPattern = @"<(?<name>[A-Za-z_][\w:.-]{0,63})(?:\s[^<>]*)?>(?<secret>[^<]+)</\k<name>\s*>";

    [GeneratedRegex(XmlElementPattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex XmlElement();

    private static readonly MatchEvaluator ReplaceXmlValue = match =>
        IsSecretKey(match.Groups["name"].Value) ? Replace(match) : match.Value;

    /// <summary>
    /// Secrets in shapes of their own: PEM blocks, XML elements, JSON lists and objects under a secret's key, and
    /// credentials without a URL scheme. Each pass runs only when a character its shape needs is in the text, so
    /// ordinary text pays a scan or two for them.
    /// </summary>
    private static string RedactShapedSecrets(string text)
    {
        if (text.Contains("----", StringComparison.Ordinal) && text.Contains("BEGIN", StringComparison.OrdinalIgnoreCase))
        {
            text = PemBody().Replace(text, ReplaceSecret);
        }

        if (text.Contains('<'))
        {
            text = XmlElement().Replace(text, ReplaceXmlValue);
        }

        if (text.AsSpan().IndexOfAny('[', '{') >= 0)
        {
            text = RedactBracketedValues(text);
        }

        return text.Contains('@') ? RedactSchemelessCredentials(text) : text;
    }

    /// <summary>
    /// Replaces a JSON list or object written after a secret's key (<c>"token":["..."]</c>, <c>"password":{"value":"..."}</c>)
    /// whole, as the poison path does with a message's own JSON: every part of it is the secret's.
    /// </summary>
    private static string RedactBracketedValues(string text)
    {
        StringBuilder? builder = null;
        var copied = 0;
        for (var open = text.AsSpan().IndexOfAny('[', '{'); open >= 0;)
        {
            // The marker is bracketed too: a value redacted before is not a list.
            var end = !text.AsSpan(open).StartsWith(Marker) && IsUnderSecretKey(text, open) ? ClosingBracket(text, open) : open;
            if (end > open)
            {
                // The brackets stay, so the text still reads as the list or object it was.
                var closed = text[end - 1] is ']' or '}' && end - 1 > open;
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, open + 1 - copied).Append(Marker);
                copied = closed ? end - 1 : end;
            }

            var next = end + (end > open ? 0 : 1);
            var offset = next < text.Length ? text.AsSpan(next).IndexOfAny('[', '{') : -1;
            open = offset < 0 ? -1 : next + offset;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Whether the bracket at <paramref name="open"/> follows a key naming a secret and ':' or '=' ("token":[, password={).</summary>
    private static bool IsUnderSecretKey(string text, int open)
    {
        var i = open;
        while (i > 0 && char.IsWhiteSpace(text[i - 1]))
        {
            i--;
        }

        if (i == 0 || text[i - 1] is not (':' or '='))
        {
            return false;
        }

        i--;
        while (i > 0 && char.IsWhiteSpace(text[i - 1]))
        {
            i--;
        }

        // A quoted key, also inside escaped JSON: "token", \"token\", 'token'.
        if (i > 0 && text[i - 1] is '"' or '\'')
        {
            i--;
            i -= i > 0 && text[i - 1] == '\\' ? 1 : 0;
        }

        var keyEnd = i;
        while (i > 0 && (char.IsLetterOrDigit(text[i - 1]) || text[i - 1] is '_' or '-' or '.' or ' ') && keyEnd - i < 64)
        {
            i--;
        }

        return keyEnd > i && IsSecretKey(text[i..keyEnd].Trim());
    }

    /// <summary>Just past the bracket that closes the one at <paramref name="open"/>, or the end of the text when none does (it was cut).</summary>
    private static int ClosingBracket(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] is '[' or '{' ? 1 : text[i] is ']' or '}' ? -1 : 0;
            if (depth == 0)
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    private static readonly SearchValues<char> CredentialBoundaries = SearchValues.Create(" \t\r\n\"'`<>()[]{},;=");

    // A password may hold '=' and ',' (base64 padding, a list of words), so the credentials start only after one of these.
    private static readonly SearchValues<char> CredentialStarts = SearchValues.Create(" \t\r\n\"'`<>()[]{};");

    /// <summary>
    /// Replaces the password of credentials written without a scheme, <c>user:password@host</c> (<c>admin:s3cret@db:5432</c>):
    /// a user (which may be a mail address, <c>shop@acme.co:...@db</c>), ':', a password (which may hold '@', '=' and ',')
    /// and '@' before a host (a name, an address, or an IPv6 address in brackets). It errs on the side of redacting:
    /// <c>from:support@example.com</c> loses "support". A token with "://" is a URL, which the first pass and
    /// <see cref="RedactUrlUsers"/> deal with.
    /// </summary>
    private static string RedactSchemelessCredentials(string text)
    {
        StringBuilder? builder = null;
        var copied = 0;
        for (var at = text.IndexOf('@'); at >= 0; at = at + 1 < text.Length ? text.IndexOf('@', at + 1) : -1)
        {
            // The password runs to the last '@' of the token: a password may hold one.
            var tokenEnd = text.AsSpan(at).IndexOfAny(CredentialBoundaries);
            tokenEnd = tokenEnd < 0 ? text.Length : at + tokenEnd;
            at = text.LastIndexOf('@', tokenEnd - 1, tokenEnd - at);
            var start = text.AsSpan(0, at).LastIndexOfAny(CredentialStarts) + 1;
            var token = text.AsSpan(start, at - start);
            var colon = token.IndexOf(':');

            // The user is what follows the last '=' or ',' before the colon ("user=admin:...", "db1,admin:...").
            var userStart = colon <= 0 ? 0 : token[..colon].LastIndexOfAny('=', ',') + 1;
            var user = colon <= 0 ? [] : token[userStart..colon];
            if (user.IsEmpty || colon == token.Length - 1 || start < copied || !IsHostStart(text, at + 1)
                || token.Contains("://", StringComparison.Ordinal) || token[(colon + 1)..].SequenceEqual(Marker)
                || user.ContainsAnyExcept(UserCharacters) || user.Equals("mailto", StringComparison.OrdinalIgnoreCase)
                || IsClockTime(token[userStart..]))
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, start + colon + 1 - copied).Append(Marker);
            copied = at;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    private static readonly SearchValues<char> UserCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-@");

    /// <summary>Whether a host starts at <paramref name="at"/>: a letter or digit, or an IPv6 address in brackets ("[fd00::5]").</summary>
    private static bool IsHostStart(string text, int at) =>
        at < text.Length && (char.IsAsciiLetterOrDigit(text[at])
            || (text[at] == '[' && at + 1 < text.Length && (char.IsAsciiHexDigit(text[at + 1]) || text[at + 1] == ':')));

    /// <summary>
    /// Whether what stands before an '@' is a time of day ("09:00:00@Asia/Bangkok", a schedule's time and zone), not a
    /// user and password: hours of one or two digits, then minutes and maybe seconds of two, and maybe a fraction.
    /// </summary>
    private static bool IsClockTime(ReadOnlySpan<char> token)
    {
        var colon = token.IndexOf(':');
        if (colon is < 1 or > 2 || token[..colon].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var rest = token[(colon + 1)..];
        var dot = rest.IndexOf('.');
        if (dot >= 0)
        {
            if (dot == rest.Length - 1 || rest[(dot + 1)..].ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            rest = rest[..dot];
        }

        return (rest.Length == 2 || (rest.Length == 5 && rest[2] == ':'))
            && char.IsAsciiDigit(rest[0]) && char.IsAsciiDigit(rest[1]) && (rest.Length == 2 || (char.IsAsciiDigit(rest[3]) && char.IsAsciiDigit(rest[4])));
    }

    // A URL's user alone (no ':' and password) is a credential when it is longer than a user name
    // usually is, or when the host is one whose URLs carry a token as the user (https://<token>@github.com/...).
    private const int MinUrlTokenUserLength = 12;
    private static readonly string[] TokenUserHosts = ["github.com", "gitlab.com", "bitbucket.org", "dev.azure.com", "visualstudio.com", "huggingface.co"];
    private static readonly SearchValues<char> UserInfoEnds = SearchValues.Create(" \t\r\n/@:?#");

    /// <summary>Replaces the user of each URL whose user alone is a credential (see <see cref="MinUrlTokenUserLength"/>).</summary>
    private static string RedactUrlUsers(string text)
    {
        StringBuilder? builder = null;
        var copied = 0;
        for (var scheme = text.IndexOf("://", StringComparison.Ordinal); scheme >= 0; scheme = text.IndexOf("://", scheme + 3, StringComparison.Ordinal))
        {
            var userStart = scheme + 3;
            var userLength = text.AsSpan(userStart).IndexOfAny(UserInfoEnds);
            if (userLength <= 0 || text[userStart + userLength] != '@')
            {
                continue;
            }

            var user = text.AsSpan(userStart, userLength);
            var hostStart = userStart + userLength + 1;
            var hostLength = text.AsSpan(hostStart).IndexOfAny(UserInfoEnds);
            var host = hostLength < 0 ? text.AsSpan(hostStart) : text.AsSpan(hostStart, hostLength);
            if (host.IsEmpty || (hostLength >= 0 && text[hostStart + hostLength] == '@') || user.SequenceEqual(Marker)
                || (user.Length < MinUrlTokenUserLength && !IsTokenUserHost(host)))
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, userStart - copied).Append(Marker);
            copied = userStart + userLength;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool IsTokenUserHost(ReadOnlySpan<char> host)
    {
        foreach (var tokenHost in TokenUserHosts)
        {
            if (host.EndsWith(tokenHost, StringComparison.OrdinalIgnoreCase)
                && (host.Length == tokenHost.Length || host[^(tokenHost.Length + 1)] == '.'))
            {
                return true;
            }
        }

        return false;
    }
}
