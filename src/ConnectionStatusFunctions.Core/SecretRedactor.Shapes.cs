using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// Secrets recognised by their shape before the key pass: PEM blocks, XML elements and bracketed values under secret keys,
// Python pairs, credentials in URLs with or without a scheme. Long because each shape is a small scanner of its own,
// cheaper than a regex for what it reads (brackets that nest, tags that close in another case).
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

    // A body holds base64: a BEGIN line quoted alone ("expected -----BEGIN PRIVATE KEY-----") has no body to hide.
    private static readonly MatchEvaluator ReplacePemBody = match =>
        Base64Run().IsMatch(match.Groups["secret"].ValueSpan) ? Replace(match) : match.Value;

    [GeneratedRegex("[A-Za-z0-9+/]{8}", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Run();

    // An XML start tag, <name attributes>, and one of its attributes, name="value" or name='value'.
    [GeneratedRegex(@"<(?<name>[A-Za-z_][\w:.-]{0,63})(?<attributes>\s[^<>]*)?>", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex XmlStartTag();

    [GeneratedRegex(@"(?<name>[\w:.-]+)\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)')", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex XmlAttribute();

    // A Python tuple or pair whose first item names the secret the second is: ('password', 'x').
    [GeneratedRegex(@"\(\s*(?<q>['""])(?<name>[^'""]{1,64})\k<q>\s*,\s*(?<r>['""])(?<secret>[^'""]+)\k<r>", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex NamedPair();

    private static readonly MatchEvaluator ReplaceNamedPair = match => IsSecretKey(match.Groups["name"].Value) ? Replace(match) : match.Value;

    /// <summary>
    /// Secrets in shapes of their own: PEM blocks, XML elements, JSON lists and objects under a secret's key, and
    /// credentials without a URL scheme. Each pass runs only when a character its shape needs is in the text, so
    /// ordinary text pays a scan or two for them.
    /// </summary>
    private static string RedactShapedSecrets(string text)
    {
        if (text.Contains("----", StringComparison.Ordinal) && text.Contains("BEGIN", StringComparison.OrdinalIgnoreCase))
        {
            text = PemBody().Replace(text, ReplacePemBody);
        }

        if (text.Contains('<'))
        {
            text = RedactXmlElements(text);
        }

        if (text.Contains("('", StringComparison.Ordinal) || text.Contains("(\"", StringComparison.Ordinal))
        {
            text = NamedPair().Replace(text, ReplaceNamedPair);
        }

        text = RedactNamedJsonValues(text);

        if (text.AsSpan().IndexOfAny(OpeningBrackets) >= 0)
        {
            text = RedactBracketedValues(text);
        }

        return text.Contains('@') ? RedactSchemelessCredentials(text) : text;
    }

    /// <summary>
    /// Replaces what an XML element named as a secret's key holds (<c>&lt;password&gt;</c>, <c>&lt;wsse:Password&gt;</c>), whatever
    /// it is: text, CDATA, child elements; its close tag may differ in case. An element may also be named by an attribute
    /// (<c>&lt;add key="DbPassword" value="x"/&gt;</c>, <c>&lt;param name="password"&gt;x&lt;/param&gt;</c>): then its
    /// <c>value</c> attribute and what it holds are the secret's. A value that is a state ("required") stays.
    /// </summary>
    private static string RedactXmlElements(string text)
    {
        StringBuilder? builder = null;
        var copied = 0;
        var position = 0;
        while (position < text.Length && XmlStartTag().Match(text, position) is { Success: true } tag)
        {
            position = tag.Index + tag.Length;
            var name = tag.Groups["name"].Value;
            var attributes = tag.Groups["attributes"];
            var named = IsSecretKey(name);
            var namedByAttribute = false;
            Group? valueAttribute = null;
            if (attributes.Success && attributes.Length > 0)
            {
                foreach (Match attribute in XmlAttribute().Matches(attributes.Value))
                {
                    var attributeName = attribute.Groups["name"].Value;
                    if (attributeName is "key" or "name" or "id" or "property" or "field" or "type" && IsSecretKey(attribute.Groups["value"].Value))
                    {
                        namedByAttribute = true;
                    }
                    else if (attributeName == "value" && attribute.Groups["value"].Length > 0)
                    {
                        valueAttribute = attribute.Groups["value"];
                    }
                }
            }

            var start = tag.Index + tag.Length;
            if (namedByAttribute && valueAttribute is not null)
            {
                var at = attributes.Index + valueAttribute.Index;
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, at - copied).Append(Marker);
                copied = at + valueAttribute.Length;
            }

            if (!(named || namedByAttribute) || text[start - 2] == '/' || CloseTag(text, start, name) is not (> 0 and var close))
            {
                continue;
            }

            var content = text.AsSpan(start, close - start);
            if (content.IsEmpty || content.SequenceEqual(Marker) || (!content.Contains('<') && IsStatePhrase(content)))
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, start - copied).Append(Marker);
            copied = close;
            position = close;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Where the close tag of <paramref name="name"/> after <paramref name="from"/> starts (any case: markup is written by hand), or -1.</summary>
    private static int CloseTag(string text, int from, string name)
    {
        for (var at = text.IndexOf("</", from, StringComparison.Ordinal); at >= 0; at = text.IndexOf("</", at + 2, StringComparison.Ordinal))
        {
            var end = at + 2 + name.Length;
            if (end <= text.Length && text.AsSpan(at + 2, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                && text.AsSpan(end).TrimStart().StartsWith(">"))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>
    /// Replaces a JSON list or object written after a secret's key (<c>"token":["..."]</c>, <c>"password":{"value":"..."}</c>)
    /// whole, as the poison path does with a message's own JSON: every part of it is the secret's.
    /// </summary>
    private static string RedactBracketedValues(string text)
    {
        StringBuilder? builder = null;
        var copied = 0;
        for (var open = text.AsSpan().IndexOfAny(OpeningBrackets); open >= 0;)
        {
            // The marker is bracketed too: a value redacted before is not a list.
            var end = !text.AsSpan(open).StartsWith(Marker) && IsOpeningBracket(text, open) && IsUnderSecretKey(text, open) ? ClosingBracket(text, open) : open;
            if (end > open)
            {
                // The brackets stay, so the text still reads as the list or object it was.
                var closed = text[end - 1] is ']' or '}' or ')' && end - 1 > open;
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, open + 1 - copied).Append(Marker);
                copied = closed ? end - 1 : end;
            }

            var next = end + (end > open ? 0 : 1);
            var offset = next < text.Length ? text.AsSpan(next).IndexOfAny(OpeningBrackets) : -1;
            open = offset < 0 ? -1 : next + offset;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    private static readonly SearchValues<char> OpeningBrackets = SearchValues.Create("[{(");

    /// <summary>A list or object, or a Python tuple of quoted items (a parenthesis alone opens prose as often).</summary>
    private static bool IsOpeningBracket(string text, int open) =>
        text[open] != '(' || (open + 1 < text.Length && text.AsSpan(open + 1).TrimStart() is [('\'' or '"'), ..]);

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

        // A quoted key, also inside JSON escaped once or more: "token", \"token\", \\\"token\\\", 'token'.
        if (i > 0 && text[i - 1] is '"' or '\'')
        {
            i--;
            while (i > 0 && text[i - 1] == '\\')
            {
                i--;
            }
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
            depth += text[i] is '[' or '{' or '(' ? 1 : text[i] is ']' or '}' or ')' ? -1 : 0;
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
    /// a user (which may be a mail address, <c>shop@acme.co:...@db</c>, or empty, <c>:s3cret@db:5432</c>), ':', a password (which may hold '@', '=' and ',')
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

            // A protocol-relative URL ("//user:password@host", "//:password@host") holds credentials as one with a scheme does.
            var protocolRelative = text.AsSpan(start, at - start).StartsWith("//", StringComparison.Ordinal);
            if (protocolRelative)
            {
                start += 2;
            }

            var token = text.AsSpan(start, at - start);
            var colon = token.IndexOf(':');

            // The user is what follows the last '=' or ',' before the colon ("user=admin:...", "db1,admin:...").
            var userStart = colon <= 0 ? 0 : token[..colon].LastIndexOfAny('=', ',') + 1;
            var user = colon <= 0 ? [] : token[userStart..colon];
            // An empty user is one only when nothing stands before the colon (":password@db", "//:password@cache"),
            // as in a URL written without its scheme; "user=:x@host" names no user.
            if ((user.IsEmpty && colon != 0) || colon == token.Length - 1 || start < copied || !IsHostStart(text, at + 1)
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
