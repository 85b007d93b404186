using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

/// <summary>
/// Turns a connector's raw error text into a summary safe to store, log and show: secrets become
/// <see cref="Marker"/>, control characters go, and the result is bounded. It errs on the side of
/// redacting: a lost request id is cheap, a leaked token is not.
/// Long because it holds the order of the passes and the shared pieces every part file reads (markers, bounds, the
/// key words' search values); each rule lives in a part file of its own.
/// </summary>
/// <remarks>
/// First the text is read as a reader sees it: invisible characters go, and so do marks and replacement characters
/// inside a token; full-width forms and percent-escaped key characters read as ASCII, and so does the gap after an
/// authorization scheme, so nothing can split or disguise a secret. Then
/// two passes, each cheap on ordinary text. The first is a regex whose every branch starts at a ':'
/// or '=', so it only stops at separators: values of keys that name a secret, Authorization
/// headers, SAS signatures, OAuth codes and credentials in URLs. The second walks the runs of token
/// characters: JWTs, tokens after a Bearer or Basic scheme, values after a key word and a space,
/// well-known token formats, and long runs that look random.
/// The passes live in partial files by what they read: Reading (the text as a reader sees it), Splitters (characters
/// a reader skips inside a token), Schemes (an authorization scheme and the gap before its token), Shapes (PEM,
/// XML, bracketed values, URL credentials), Keys (the first pass), Tokens and Words (the second pass),
/// SpacedValues (a key word followed by its value) and States (values that are prose about a key's state); and the
/// shapes a single rule reads: NamedValues (a secret named in one JSON property and held in the next), EncodedUrls
/// (a URL percent-encoded whole), SmtpAuth (the password of an SMTP AUTH dialogue), JoinedPieces (a random token cut by single characters a reader
/// reads past), LineBreaks (a token cut by one line break), CommandLines (a secret known by its place in a command line, a
/// database statement, a Redis AUTH or an array dump), LocalKeys and LocalProse (Thai
/// and Vietnamese keys, and the prose after a key that stays), Phrases, ProseAboutAKey and PhraseNeighbours (a pass
/// phrase after a key, the sentences about a key that stay, and the last pass over every key of the table); KeyTable
/// holds the one table of secret keys, the one reading of a key's link and of a bracketed value the passes build
/// their patterns from.
/// </remarks>
public static partial class SecretRedactor
{
    public const int DefaultMaxLength = 512;
    public const string Marker = "[REDACTED]";
    private const string Ellipsis = "…";

    private static readonly MatchEvaluator ReplaceSecret = Replace;

    /// <summary>
    /// Whether a match holds a value at all: a letter or a digit. The one check every pass makes before a match becomes
    /// the marker, so the marker never stands where the text held only markup, a link or a separator (an argv dump's
    /// '","' between a flag and its value, a closing tag) while the value follows it and the line reads as handled.
    /// </summary>
    private static bool HoldsAValue(ReadOnlySpan<char> value)
    {
        foreach (var character in value)
        {
            if (char.IsLetterOrDigit(character))
            {
                return true;
            }
        }

        return false;
    }

    // A letter of each key of OtherSpacedValuePattern, so other text skips that regex; all above U+00D0, which Redacted
    // checks first.
    private static readonly SearchValues<char> SpacedKeyLetters = SearchValues.Create("ẩẨñÑ密パ비пП");

    // A key names a secret when it holds a secret word, a password word, or is an Authorization or
    // auth key: the same words the redactor looks for before a separator.
    private const string SecretKeyPattern =
        SecretWord + "|" + PasswordWord + "|authorization|(?<![a-z0-9])auth(?![a-z0-9])";

    [GeneratedRegex(SecretKeyPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex SecretKey();

    /// <summary>
    /// Whether a key (a JSON property name, a form field) names a secret, so that whatever value
    /// it holds (text, number, object, list) is one to hide whole, not just the parts that look secret.
    /// </summary>
    public static bool IsSecretKey(string? key) =>
        !string.IsNullOrEmpty(key)
        && SecretKey().IsMatch(WithKeysUnmasked(EscapesDecoded(WithAsciiLookalikes(TextCleaner.WithoutInvisibleCharacters(key)))));

    /// <summary>The message without secrets or control characters, at most <paramref name="maxLength"/> characters.</summary>
    public static string Redact(string? message, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(message))
        {
            return string.Empty;
        }

        var written = Written(message);
        var readable = Readable(written);
        // Trimmed as a span: a copy of the whole text is spared when its prefix is enough.
        var bounded = Bounded(readable, maxLength);
        var text = bounded.AsSpan().Trim();
        return AsWrittenUnlessRedacted(written, readable, Truncated(RedactedPrefix(text, maxLength) ?? RedactedWhole(text.Length == bounded.Length ? bounded : text.ToString()), maxLength), maxLength);
    }

    // Where nothing was read as a secret, the text stays as it was written, less what no reader sees: a Japanese error
    // keeps its full-width colon ("エラー：接続できません"), which reading turned into ':' only to find keys.
    private static string AsWrittenUnlessRedacted(string written, string readable, string redacted, int maxLength) =>
        ReferenceEquals(readable, written) || redacted.Contains(Marker, StringComparison.Ordinal)
            ? redacted
            : Truncated(Bounded(written, maxLength).Trim(), maxLength);

    /// <summary>
    /// The same as <see cref="RedactedWhole"/> cut to <paramref name="maxLength"/>, for only the tests to compare with
    /// <see cref="Redact"/>, which may redact a shorter prefix.
    /// </summary>
    internal static string RedactWithoutPrefix(string message, int maxLength = DefaultMaxLength)
    {
        var written = Written(message);
        var readable = Readable(written);
        return AsWrittenUnlessRedacted(written, readable, Truncated(RedactedWhole(Bounded(readable, maxLength).Trim()), maxLength), maxLength);
    }

    /// <summary>The text as written, less what no reader sees: invisible characters, characters a reader skips inside a token, and a line break inside one.</summary>
    private static string Written(string message) => WithSplittersJoined(TextCleaner.WithoutInvisibleCharacters(WithTokenLineBreaksJoined(message)));

    /// <summary>The text as a reader sees it (of <see cref="Written"/>): what every reading of a message starts from.</summary>
    private static string Readable(string written) =>
        WithSchemeSpacesDecoded(WithKeysUnmasked(WithoutMarkupInWords(EscapesDecoded(WithAsciiLookalikes(written)))));

    // How far past the answer's last character a rule may look: a key's few words, a verdict after a value. Every rule
    // reads less than this after the secret it finds but a quoted value or a list (see OpensAValue), and a prefix is cut
    // at whitespace, so no run of token characters is cut.
    private const int RuleReach = 256;

    /// <summary>
    /// The answer holds at most <paramref name="maxLength"/> characters, so most of a long message cannot reach it: the
    /// text redacted up to a little past twice that (or past its reach, for a short answer), when what stays of that prefix still reaches <see cref="RuleReach"/>
    /// characters of the text past the answer; null when it may not (secrets shrank it, no whitespace to cut at, or a
    /// quote or bracket opens a value that may close past the cut), or when the text is short enough or holds markup,
    /// whose reading <see cref="RedactedWhole"/> decides for the whole text.
    /// </summary>
    internal static string? RedactedPrefix(ReadOnlySpan<char> text, int maxLength)
    {
        var limit = Math.Max(2L * maxLength, maxLength + RuleReach) + RuleReach;
        if (text.Length <= limit || text.Contains('<') || text.ContainsAny(EscapedMarkup))
        {
            return null;
        }

        var cut = text[..(int)limit].LastIndexOfAny(' ', '\t');
        if (cut <= maxLength + RuleReach || OpensAValue(text[..cut]))
        {
            return null;
        }

        // A marker may stand for a shorter secret, so each one past the answer counts as the least text it can replace.
        var redacted = Redacted(text[..cut].TrimEnd().ToString());
        var past = redacted.AsSpan(Math.Min(maxLength, redacted.Length));
        return past.Length - (Marker.Length - 1) * past.Count(Marker) >= RuleReach ? redacted : null;
    }

    /// <summary>
    /// Whether a quote or bracket may open a value here: a quoted value or a list runs to its closing mark however far
    /// that is, past any reach, so a prefix cut inside one would keep what the whole text redacts. A mark right after a
    /// letter or a digit ("can't", "shop's", a closing quote) opens nothing, except SQL's N'.
    /// </summary>
    private static bool OpensAValue(ReadOnlySpan<char> text)
    {
        for (var at = NextValueOpening(text, 0); at >= 0; at = NextValueOpening(text, at + 1))
        {
            if (at == 0 || !char.IsLetterOrDigit(text[at - 1]) || (text[at - 1] == 'N' && (at == 1 || !char.IsLetterOrDigit(text[at - 2]))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where the next mark at or after <paramref name="from"/> may open a value: an ASCII quote or bracket, or any quote or bracket <see cref="OtherQuotedValue"/> reads.</summary>
    private static int NextValueOpening(ReadOnlySpan<char> text, int from)
    {
        for (var at = from; at < text.Length;)
        {
            var rest = text[at..];
            var ascii = rest.IndexOfAny(ValueOpenings);
            var other = rest.IndexOfAnyExceptInRange('\0', '\x7f');
            var next = ascii < 0 ? other : other < 0 ? ascii : Math.Min(ascii, other);
            if (next < 0)
            {
                return -1;
            }

            at += next;
            if (text[at] <= '\x7f' || text[at] is '❛' or '❝'
                || char.GetUnicodeCategory(text[at]) is UnicodeCategory.OpenPunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation)
            {
                return at;
            }

            at++;
        }

        return -1;
    }

    // The ASCII openings; outside ASCII, NextValueOpening asks each character's category.
    private static readonly SearchValues<char> ValueOpenings = SearchValues.Create("\"'`{[");

    private static string RedactedWhole(string text)
    {
        var redacted = Redacted(text);

        // A key word split by inline markup ("<b>pass</b>word:") is read without the tags; as with escaped markup
        // below, the text stays as written unless that finds a secret, so a connector's markup is stored as it came.
        if (text.Contains('<') && InlineTagInWord().IsMatch(text))
        {
            var untagged = InlineTagInWord().Replace(text, string.Empty);
            var again = Redacted(untagged);
            if (!string.Equals(again, untagged, StringComparison.Ordinal))
            {
                redacted = again;
            }
        }

        // Markup may come HTML-escaped (a SOAP fault shown in a page: "&lt;password&gt;x&lt;/password&gt;",
        // "password=&quot;x&quot;"). Read unescaped, it is redacted as markup; when that finds nothing, the text
        // stays as it was written, so "&quot;Acme &amp; Co&quot;" keeps its escapes.
        if (text.AsSpan().ContainsAny(EscapedMarkup))
        {
            var unescaped = MarkupUnescaped(text);
            var again = Redacted(unescaped);
            if (!string.Equals(again, unescaped, StringComparison.Ordinal))
            {
                redacted = again;
            }
        }

        return redacted;
    }

    /// <summary>
    /// The text as a reader sees a word written with a dash or a terminal's code inside it (inline tags are read in
    /// <see cref="Redact"/>, without changing text where they hide no secret): a dash between two letters reads as '-'
    /// ("pass–word"), and a terminal's colour code written as text ("\033[31m",
    /// "\x1b[0m", "^[[1m") goes as the code itself does.
    /// </summary>
    private static string WithoutMarkupInWords(string text)
    {
        // A vectorized range check first: the dashes lie between U+2010 and U+2212.
        if (text.AsSpan().IndexOfAnyInRange('\u2010', '\u2212') >= 0 && text.AsSpan().IndexOfAny(WordDashes) >= 0)
        {
            text = DashInWord().Replace(text, "-");
        }

        // Most text has neither '\\' nor '^': one cheap scan spares the search for the escapes' openings.
        return text.AsSpan().IndexOfAny('\\', '^') >= 0 && text.AsSpan().ContainsAny(EscapeCodeStarts) ? EscapeCodeAsText().Replace(text, string.Empty) : text;
    }

    private static readonly SearchValues<char> WordDashes = SearchValues.Create("\u2010\u2011\u2012\u2013\u2014\u2015\u2212");
    private static readonly SearchValues<string> EscapeCodeStarts = SearchValues.Create(["\\033[", "\\x1b[", "\\e[", "\\u001b[", "^[["], StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?<=[A-Za-z])(?:</?(?:wbr|b|i|u|s|em|strong|span|mark|small|big|font|code|sub|sup)\b[^<>]{0,64}>|<!--[^>]{0,64}-->)+(?=[A-Za-z]|\s*[:=])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineTagInWord();

    [GeneratedRegex(@"(?<=[A-Za-z])[\u2010-\u2015\u2212](?=[A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex DashInWord();

    [GeneratedRegex(@"(?:\\033|\\x1[bB]|\\e|\\u001[bB]|\^\[)\[[0-?]*[ -/]*[@-~]", RegexOptions.CultureInvariant)]
    private static partial Regex EscapeCodeAsText();

    private static readonly SearchValues<string> EscapedMarkup = SearchValues.Create(["&lt;", "&quot;", "&apos;"], StringComparison.OrdinalIgnoreCase);

    private static string Redacted(string text)
    {
        text = RedactCommandLines(RedactSmtpAuth(RedactEncodedUrlCredentials(RedactUrlValues(text))));
        var redacted = RedactTokens(RedactUrlUsers(SecretsReplaced(RedactShapedSecrets(text))));

        // Thai and every letter of SpacedKeyLetters lie above U+00D0: one vectorized range scan settles ASCII and most
        // Latin-1 text, which the search for those letters (a probabilistic map) and two scans for Thai cost more.
        var hasThai = false;
        if (redacted.AsSpan().ContainsAnyExceptInRange('\0', '\u00D0'))
        {
            if (redacted.AsSpan().IndexOfAnyInRange('\u0E01', '\u0E4E') >= 0)
            {
                redacted = ThaiSpacedValue().Replace(redacted, ReplaceThaiSpacedValue);
            }

            if (redacted.AsSpan().ContainsAny(SpacedKeyLetters))
            {
                redacted = OtherSpacedValue().Replace(redacted, ReplaceThaiSpacedValue);
            }

            hasThai = redacted.AsSpan().IndexOfAnyInRange('\u0E01', '\u0E4E') >= 0;
        }

        return GluedQuotedValuesReplaced(PhraseNeighboursReplaced(RedactNumericCodes(RedactCodesNearSecretWords(LocalKeyValuesReplaced(redacted, hasThai)))));
    }

    // A type named for a password or a token ("GraphPasswordException: please reconnect") is followed by its message,
    // not by a value: a CamelCase name ending in Exception, Error or Fault, whose message of plain words stays.
    private static bool FollowsAnExceptionType(Match match)
    {
        var name = WordBefore(match, " \t\"'", c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.');
        foreach (var suffix in ExceptionSuffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) && char.IsAsciiLetterLower(name[^(suffix.Length + 1)]))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] ExceptionSuffixes = ["Exception", "Error", "Fault"];

    /// <summary>The run of <paramref name="partOfWord"/> characters that ends right before the match, past any of <paramref name="skipped"/>.</summary>
    // Match keeps its input private: the text before it is read back through the substitution for the prefix.
    private static ReadOnlySpan<char> WordBefore(Match match, string skipped, Func<char, bool> partOfWord) =>
        WordBefore(match.Result("$`").AsSpan(), skipped, partOfWord);

    /// <summary>The run of <paramref name="partOfWord"/> characters that ends <paramref name="text"/>, past any of <paramref name="skipped"/>.</summary>
    private static ReadOnlySpan<char> WordBefore(ReadOnlySpan<char> text, string skipped, Func<char, bool> partOfWord)
    {
        var before = text.TrimEnd(skipped);
        var start = before.Length;
        while (start > 0 && partOfWord(before[start - 1]))
        {
            start--;
        }

        return before[start..];
    }

    // ASCII's, and the ideographic and full-width ones that Chinese and Japanese write the next clause right after.
    private static readonly SearchValues<char> ClauseEnds = SearchValues.Create(",;()\n" + LocalClauseEnds);

    // A token's value is one run, so after "token=" or "api key=" a status phrase was cut to its first word ("token=too
    // short (min 8)" lost "too"): when that word can open one, the phrase is judged with the rest of its clause.
    private static bool OpensAStatePhrase(Match match, Group secret)
    {
        var word = secret.ValueSpan;
        if (secret.Index + secret.Length != match.Index + match.Length || word.Contains(' ')
            || !(StatusPhraseStarts.Contains(word) || StatePhraseStarts.Contains(word) || StateWords.Contains(word)))
        {
            return false;
        }

        var rest = match.Result("$'").AsSpan();
        var clauseEnd = rest.IndexOfAny(ClauseEnds);
        var phrase = string.Concat(word, clauseEnd < 0 ? rest : rest[..clauseEnd]);
        return IsStatePhrase(phrase) || IsProseValue(phrase);
    }

    private static string MarkupUnescaped(string text) =>
        text.Replace("&lt;", "<", StringComparison.OrdinalIgnoreCase).Replace("&gt;", ">", StringComparison.OrdinalIgnoreCase)
            .Replace("&quot;", "\"", StringComparison.OrdinalIgnoreCase).Replace("&apos;", "'", StringComparison.OrdinalIgnoreCase);

    private static string Replace(Match match)
    {
        var secret = match.Groups["secret"];
        if (!secret.Success && match.Groups["id"] is { Success: true } id)
        {
            if (IsOrdinaryId(id.ValueSpan))
            {
                return match.Value;
            }

            secret = id;
        }
        else if (!secret.Success)
        {
            secret = match.Groups["maybe"];
            if (IsPlainWord(WithoutSentenceEnd(secret.ValueSpan)) && !IsUnspacedScriptSecret(secret.ValueSpan))
            {
                return match.Value;
            }
        }

        // Judged without the sentence's end ("api key=expired.", "password=too weak。"), as prose after a key is.
        var judged = WithoutSentenceEnd(secret.ValueSpan);

        // Words going on in another script ("password: canyon whisper wrist school กรุณาตรวจสอบ"): the ASCII words before
        // are the value, judged and redacted alone; the local text stays (see LocalTailStart).
        if (LocalTailStart(judged) is > 0 and var headLength)
        {
            var head = judged[..headLength];
            return IsStatePhrase(head) || IsMasked(head) || IsProseValue(head)
                ? match.Value
                : string.Concat(match.ValueSpan[..(secret.Index - match.Index)], Marker, match.ValueSpan[(secret.Index - match.Index + headLength)..]);
        }

        if (IsStatePhrase(judged) || IsMasked(judged) || IsProseValue(judged) || OpensAStatePhrase(match, secret)
            || (judged.Contains(' ') && IsProseAboutAKey(default, judged))
            || (IsPlainPhrase(judged) && FollowsAnExceptionType(match)))
        {
            return match.Value;
        }

        return WithGroupRedacted(match, secret);
    }

    /// <summary>
    /// Whether a value is already masked ("password=*** for user ops"): three or more mask characters, then nothing or
    /// plain words and addresses, as after a state.
    /// </summary>
    private static bool IsMasked(ReadOnlySpan<char> value)
    {
        var rest = value.TrimStart("*•●");
        return value.Length - rest.Length >= 3 && (rest.IsEmpty || (char.IsWhiteSpace(rest[0]) && IsPlainPhrase(rest)));
    }

    /// <summary>
    /// Whether a value has the shape of an ordinary id, a status code or a word ("shopee-th-000123", "500", "geocode"):
    /// pieces between '-', '_' and '.' each of lower-case letters only or of digits only. A key or a code mixes them.
    /// </summary>
    private static bool IsOrdinaryId(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > 64)
        {
            return false;
        }

        foreach (var range in value.SplitAny("-_."))
        {
            var piece = value[range];
            if (piece.ContainsAnyExceptInRange('a', 'z') && piece.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Work on a bounded prefix, cut at whitespace so no secret is cut into a fragment the rules no
    /// longer recognise. Redaction only shortens text by the length of secrets, so the prefix is ample.
    /// </summary>
    private static string Bounded(string text, int maxLength)
    {
        var limit = (int)Math.Min(int.MaxValue / 2, (long)maxLength * 8 + 1024);
        if (text.Length <= limit)
        {
            return text;
        }

        var cut = text.AsSpan(0, limit).LastIndexOfAny(' ', '\t');
        return cut > 0 ? text[..cut] : Marker;
    }

    private static string Truncated(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = maxLength - 1;
        for (var start = Math.Max(0, cut - Marker.Length + 1); start < cut; start++)
        {
            if (text.AsSpan(start).StartsWith(Marker, StringComparison.Ordinal))
            {
                cut = start;
                break;
            }
        }

        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(), Ellipsis);
    }
}
