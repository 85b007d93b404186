using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// Two places of a URL where a secret stands with spaces in it or without a key and a separator: a password with spaces in
// its userinfo ("https://u:w1 w2 w3 w4@db.example.com/x"), and a path segment after a segment named by a key of the key
// table ("/reset/password/<value>", "/api_key/<value>", "/password;<value>"), raw with spaces, "%20"-joined or
// "+"-joined. Long because each place's scan and the judgement of what it found (a route's word stays, a value goes)
// must be read together.
public static partial class SecretRedactor
{
    // The path segments after which the next segment (or a matrix parameter after ';') is a value, not a route's word:
    // any key of the key table (a password's, a phrase's, a token's or a secret's), whole or with one word joined by '-'
    // or '_' before or after it ("reset-password", "password-reset", "my_api_key").
    [GeneratedRegex(
        "^(?:[a-z]+[-_])?(?:" + PasswordKeyWord + "|" + ShortPasswordKeyWord + "|" + PhraseKeyWord + "|" + WeakPhraseKeyWord + "|" + TokenKeyWord + ")(?:[-_][a-z]+)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretPathSegment();

    // A piece of every key SecretPathSegment reads: a text with none of them has no secret's segment.
    private static readonly SearchValues<string> SecretPathCues = SearchValues.Create(
        ["pass", "pw", "token", "secret", "key", "mnemonic", "seed", "phrase", "words"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> UrlPathEnds = SearchValues.Create(" \t\r\n\"'`<>()[]{}?#");
    private static readonly SearchValues<char> FragmentEnds = SearchValues.Create(" \t\r\n/?");
    private static readonly SearchValues<char> PasswordSymbols = SearchValues.Create("!#$*@%^&~=");

    // The most words a phrase in a URL may have (a wallet's longest is 24).
    private const int MaxUrlPhraseWords = 24;

    /// <summary>Replaces the secrets of both places (see the file's comment); text without "://" is returned as it is.</summary>
    private static string RedactUrlValues(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return text;
        }

        // Most messages hold neither: a userinfo needs an '@', a secret's segment one of SecretPathCues; one vectorized
        // scan each settles it for the whole text, where reading each URL costs more.
        var userInfo = text.Contains('@', StringComparison.Ordinal);
        var paths = text.AsSpan().ContainsAny(SecretPathCues);
        if (!userInfo && !paths)
        {
            return text;
        }

        List<(int Start, int End)>? secrets = null;
        for (; scheme >= 0; scheme = text.IndexOf("://", scheme + 3, StringComparison.Ordinal))
        {
            if (userInfo)
            {
                AddSpacedUserInfoPassword(text, scheme + 3, ref secrets);
            }

            if (paths)
            {
                AddSecretPathSegment(text, scheme + 3, ref secrets);
            }
        }

        return secrets is null ? text : WithRangesRedacted(text, secrets);
    }

    /// <summary>
    /// A userinfo's password of words with single spaces between them, or any password after a mail address as the user,
    /// running to the last '@' before the host, as RFC 3986 reads a userinfo: the user may be empty ("redis://:w1 w2@x")
    /// or a mail address ("https://shop@acme.co:S@db"), and holds a '.' only in a mail address (so "https://example.com:
    /// contact admin@example.com" is no userinfo: "example.com" is a host); the password starts right after the ':'
    /// (prose after a URL's colon has a space first) and is no port ("https://host:8080 ..."); the host is any host's
    /// shape (see <see cref="IsUrlHostAt"/>). A one-run password after a plain user is the first pass's (UrlCredentialsBranch).
    /// </summary>
    private static void AddSpacedUserInfoPassword(string text, int userStart, ref List<(int Start, int End)>? secrets)
    {
        var colon = userStart;
        var userHasAt = false;
        var userHasDot = false;
        // A '[' or ']' is no user's: it opens an IPv6 host ("https://[2001:db8::1]:8443").
        while (colon < text.Length && text[colon] is not (':' or '/' or '?' or '#' or '[' or ']') && !char.IsWhiteSpace(text[colon]))
        {
            userHasAt |= text[colon] == '@';
            userHasDot |= text[colon] == '.';
            colon++;
        }

        var start = colon + 1;
        if (colon >= text.Length || text[colon] != ':' || (userHasDot && !userHasAt) || start >= text.Length || char.IsWhiteSpace(text[start])
            || IsPortAt(text, start))
        {
            return;
        }

        var spaces = 0;
        for (var at = start; at < text.Length && at - start < 512; at++)
        {
            var c = text[at];
            if (c == ' ' && at + 1 < text.Length && !char.IsWhiteSpace(text[at + 1]) && text[at - 1] != ' ')
            {
                if (++spaces >= MaxUrlPhraseWords)
                {
                    return;
                }

                continue;
            }

            if (c == '@' && (spaces > 0 || userHasAt) && IsUrlHostAt(text, at + 1))
            {
                (secrets ??= []).Add((start, at));
                return;
            }

            // A ':' ends a spaced password (a URL's port, or prose: "https://host:8080/x: see a@b.c"); a run may hold one.
            if (char.IsWhiteSpace(c) || c is '/' || (c == ':' && spaces > 0))
            {
                return;
            }
        }
    }

    // A port after a host's ':' ("https://example.com:8080 is down"): digits to the end of the authority.
    private static bool IsPortAt(string text, int at)
    {
        var end = at;
        while (end < text.Length && end - at <= 5 && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end > at && end - at <= 5 && (end == text.Length || char.IsWhiteSpace(text[end]) || text[end] is '/' or '?' or '#');
    }

    /// <summary>
    /// Whether a host of any shape starts at <paramref name="at"/>: a name (with or without a '.': "db", "localhost",
    /// "db.example.com") or an IPv6 literal ("[2001:db8::1]"), with a port or not, and then the URL's path, query or
    /// fragment, a space, a closing mark or the end. An '@' after it means the '@' before it was the password's.
    /// </summary>
    private static bool IsUrlHostAt(string text, int at)
    {
        var end = at;
        if (end < text.Length && text[end] == '[')
        {
            end = text.IndexOf(']', end);
            if (end < 0 || end - at > 48)
            {
                return false;
            }

            end++;
        }
        else
        {
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '.' or '-' or '_' or '~' or '%'))
            {
                end++;
            }

            if (end == at)
            {
                return false;
            }
        }

        if (end < text.Length && text[end] == ':')
        {
            var portEnd = end + 1;
            while (portEnd < text.Length && char.IsAsciiDigit(text[portEnd]))
            {
                portEnd++;
            }

            if (portEnd == end + 1)
            {
                return false;
            }

            end = portEnd;
        }

        return end == text.Length || char.IsWhiteSpace(text[end]) || text[end] is '/' or '?' or '#' or ')' or ']' or ',' or ';' or '"' or '\'' or '>' or '.';
    }

    /// <summary>
    /// The segment after a "password", "passphrase" or "token" segment of the URL's path: a word list's phrase (raw with
    /// spaces to the end of its words, or joined by "%20" or '+'), a human password or a long run goes; a route's word
    /// stays ("/docs/password/reset", "/api/v1/token/refresh": a word of lower-case letters, or any short run).
    /// </summary>
    private static void AddSecretPathSegment(string text, int hostStart, ref List<(int Start, int End)>? secrets)
    {
        var urlEnd = text.AsSpan(hostStart).IndexOfAny(UrlPathEnds);
        var url = urlEnd < 0 ? text.AsSpan(hostStart) : text.AsSpan(hostStart, urlEnd);

        // The text's other URLs or its prose ("access_token=...") may hold the cue: a URL without one has no secret's segment.
        var path = url.ContainsAny(SecretPathCues) ? url.IndexOf('/') : -1;
        while (path >= 0)
        {
            var segmentStart = path + 1;
            var slash = url[segmentStart..].IndexOf('/');
            var segment = slash < 0 ? url[segmentStart..] : url.Slice(segmentStart, slash);

            // A matrix parameter ("/password;<value>") holds the value in the segment itself, after its ';'.
            var matrix = segment.IndexOf(';');
            var next = matrix > 0 ? matrix : slash;
            if (next < 0 || !IsSecretPathSegment(segment[..next]))
            {
                path = slash < 0 ? -1 : segmentStart + slash;
                continue;
            }

            var valueStart = segmentStart + next + 1;
            var valueEnd = url[valueStart..].IndexOf('/') is >= 0 and var valueSlash ? valueStart + valueSlash : url.Length;

            // A matrix parameter written NAME=value is a parameter, judged by its own name ("/secret;version=latest"
            // stays; "/token;jsessionid=x" loses the value only, which the first pass reads by that name).
            if (matrix > 0 && MatrixParameterName(url[valueStart..valueEnd]) > 0)
            {
                path = valueEnd < url.Length ? valueEnd : -1;
                continue;
            }
            if (valueEnd > valueStart)
            {
                AddPathValue(text, hostStart + valueStart, hostStart + valueEnd, secrets ??= []);
            }

            path = valueEnd < url.Length ? valueEnd : -1;
        }
    }

    /// <summary>The length of a matrix parameter's name before its '=' ("version=latest": 7), or 0 when it has none.</summary>
    private static int MatrixParameterName(ReadOnlySpan<char> parameter)
    {
        var equals = parameter.IndexOf('=');
        return equals > 0 && char.IsAsciiLetter(parameter[0]) && !parameter[..equals].ContainsAnyExcept(MatrixNameCharacters) ? equals : 0;
    }

    private static readonly SearchValues<char> MatrixNameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    // A URL holds many segments: their length rules the longest out before the regex reads one.
    private static bool IsSecretPathSegment(ReadOnlySpan<char> segment) =>
        segment.Length is >= 3 and <= 40 && segment.ContainsAny(SecretPathCues) && SecretPathSegment().IsMatch(segment);

    private static void AddPathValue(string text, int start, int end, List<(int Start, int End)> secrets)
    {
        var value = text.AsSpan(start, end - start);

        // Raw spaces: the words after the segment, to the last of them, when they are a word list's phrase.
        if (end == text.Length || text[end] == ' ')
        {
            var wordsEnd = end;
            var words = 1;
            while (words < MaxUrlPhraseWords && wordsEnd + 1 < text.Length && text[wordsEnd] == ' ' && char.IsAsciiLetterLower(text[wordsEnd + 1]))
            {
                var wordEnd = wordsEnd + 1;
                while (wordEnd < text.Length && char.IsAsciiLetterLower(text[wordEnd]))
                {
                    wordEnd++;
                }

                // The URL going on after the phrase ends it: a query, a fragment or the next segment ("w4?x=1", "w4#top", "w4/confirm").
                var urlGoesOn = wordEnd < text.Length && text[wordEnd] is '?' or '#' or '/';
                if (wordEnd < text.Length && !char.IsWhiteSpace(text[wordEnd]) && text[wordEnd] is not (',' or ';' or '.') && !urlGoesOn)
                {
                    break;
                }

                wordsEnd = wordEnd;
                words++;
                if (urlGoesOn)
                {
                    break;
                }
            }

            if (words >= 4 && IsWordListPhrase(text.AsSpan(start, wordsEnd - start), 4, lowerCaseOnly: true))
            {
                secrets.Add((start, wordsEnd));
                return;
            }
        }

        // Encoded spaces: "%20" or '+' between the words.
        if (value.Contains('+') || value.Contains("%20", StringComparison.Ordinal))
        {
            var decoded = value.ToString().Replace("%20", " ", StringComparison.Ordinal).Replace('+', ' ');
            if (IsWordListPhrase(decoded, 4, lowerCaseOnly: true))
            {
                secrets.Add((start, end));
                return;
            }
        }

        // A password's '#' read as the start of a fragment ("/password/Crop2758#pk"): the rest of its run goes with it. A
        // short password's run is judged with it ("Cute394#tj"): a letter and a digit before a '#' and at most three
        // characters after it are a human password's tail, where a route's anchor is a word ("/password/step1#overview").
        var fragmentEnd = end;
        if (end < text.Length && text[end] == '#')
        {
            var fragment = text.AsSpan(end).IndexOfAny(FragmentEnds);
            fragmentEnd = fragment < 0 ? text.Length : end + fragment;
        }

        if (IsPathValueRun(value)
            || (fragmentEnd - end is >= 2 and <= 4 && fragmentEnd - start >= 8 && value.IndexOfAnyInRange('0', '9') >= 0
                && (value.ContainsAnyInRange('a', 'z') || value.ContainsAnyInRange('A', 'Z'))))
        {
            secrets.Add((start, fragmentEnd));
        }
    }

    // A run that is no route's word: a letter and a digit in 8 or more characters, a password's symbol in 6 or more, or 20
    // or more characters of any kind.
    private static bool IsPathValueRun(ReadOnlySpan<char> run) =>
        !run.SequenceEqual(Marker)
        && ((run.Length >= 8 && run.IndexOfAnyInRange('0', '9') >= 0 && run.ContainsAnyInRange('a', 'z') | run.ContainsAnyInRange('A', 'Z'))
            || (run.Length >= 6 && run.ContainsAny(PasswordSymbols) && !run.Contains("%", StringComparison.Ordinal))
            || run.Length >= 20);
}
