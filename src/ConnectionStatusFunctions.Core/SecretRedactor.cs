using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

/// <summary>
/// Turns a connector's raw error text into a summary safe to store, log and show: secrets become
/// <see cref="Marker"/>, control characters go, and the result is bounded. It errs on the side of
/// redacting: a lost request id is cheap, a leaked token is not.
/// </summary>
public static partial class SecretRedactor
{
    public const int DefaultMaxLength = 512;
    public const string Marker = "[REDACTED]";
    private const string Ellipsis = "…";

    // Below this many characters a run of token characters is ordinary text (ids, words, paths).
    private const int MinRandomRunLength = 24;

    private const string KeyChar = "[a-z0-9_.-]";
    private const string SecretWord =
        "(?:token|secret|passw(?:or)?d|pwd|passphrase|api[_.-]?key|signature|credential|private[_.-]?key"
        + "|account[_.-]?key|access[_.-]?key|auth[_.-]?key|session[_.-]?id|cookie)";
    private const string Key = @"(?<!" + KeyChar + @")\\?[""']?" + KeyChar + "*?" + SecretWord + KeyChar + @"*\\?[""']?";
    private const string UnquotedValue = @"[^\s""'\\&,;<>()\[\]{}]+";

    // One alternation, so a message is scanned once; at a given position the first branch wins, and
    // the key-based branches come first so "access_token=EAA..." keeps its key and loses its value.
    // "keep" is kept, "secret" is always redacted, "maybe" is redacted unless it reads as a plain word
    // ("token: expired"), and "run" is redacted when it looks random.
    private const string Pattern =
        // Authorization headers, with or without a scheme.
        @"(?<keep>(?<!" + KeyChar + @")\\?[""']?(?:proxy-)?authorization\\?[""']?\s*[:=]\s*\\?[""']?"
        + @"(?:(?:bearer|basic|digest|sharedkey|sharedkeylite|sharedaccesssignature|token|sas|hmac-sha256)\s+)?)(?<secret>[^\s""'\\,;]+)"
        // key="value" and key='value' (JSON, also JSON escaped inside JSON).
        + @"|(?<keep>" + Key + @"\s*[:=]\s*\\?"")(?<secret>[^""\\]+)"
        + @"|(?<keep>" + Key + @"\s*[:=]\s*')(?<secret>[^']+)"
        // key=value (query strings, connection strings, log fields).
        + @"|(?<keep>" + Key + @"\s*=\s*)(?<secret>" + UnquotedValue + ")"
        // key: value (headers, YAML, prose).
        + @"|(?<keep>" + Key + @"\s*:\s*)(?<maybe>" + UnquotedValue + ")"
        // Bare authorization schemes.
        + @"|(?<keep>\b(?:bearer|basic)\s+)(?<maybe>[a-z0-9._~+/-]+=*)"
        // Credentials in URLs: scheme://user:password@host.
        + @"|(?<keep>\b[a-z][a-z0-9+.-]*://)(?<secret>[^\s/@:]+:[^\s/@]+)(?=@)"
        // SAS signatures and OAuth authorization codes, which use generic names.
        + @"|(?<keep>(?<![a-z0-9_.-])sig=)(?<secret>[^\s&""'#<>]+)"
        + @"|(?<keep>(?<=[?&])code=)(?<secret>[^\s&""'#<>]+)"
        + @"|(?<keep>hooks\.slack\.com/services/)(?<secret>[a-z0-9/]+)"
        // JSON Web Tokens.
        + @"|(?<secret>(?<![a-z0-9_-])eyJ[a-z0-9_-]{4,}\.[a-z0-9_-]{4,}\.[a-z0-9_-]*)"
        // Well-known token formats: GitHub, Slack, Stripe, AWS, Google, Meta.
        + @"|(?<secret>(?<![a-z0-9])(?-i:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}"
        + @"|xox[abposre]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{16,}"
        + @"|(?:AKIA|ASIA)[A-Z0-9]{16}|AIza[A-Za-z0-9_-]{35}|ya29\.[A-Za-z0-9_-]{20,}|1//0[A-Za-z0-9_-]{20,}|GOCSPX-[A-Za-z0-9_-]{20,}"
        + @"|EAA[A-Za-z0-9]{20,}))"
        // Anything long made of token characters (LINE channel tokens, storage keys, hex secrets...).
        // The run's minimum length is MinRandomRunLength.
        + @"|(?<run>(?<![a-z0-9+/_-])[a-z0-9+/_-]{24,}={0,2})";

    [GeneratedRegex(Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Secrets();

    private static readonly MatchEvaluator ReplaceSecret = Replace;

    /// <summary>The message without secrets or control characters, at most <paramref name="maxLength"/> characters.</summary>
    public static string Redact(string? message, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(message))
        {
            return string.Empty;
        }

        var text = Bounded(WithoutInvisibleCharacters(message), maxLength).Trim();
        var redacted = Secrets().Replace(text, ReplaceSecret);
        return Truncated(redacted, maxLength);
    }

    private static string Replace(Match match)
    {
        var maybe = match.Groups["maybe"];
        if (maybe.Success && IsPlainWord(maybe.ValueSpan))
        {
            return match.Value;
        }

        var run = match.Groups["run"];
        if (run.Success && !LooksRandom(run.ValueSpan))
        {
            return match.Value;
        }

        var keep = match.Groups["keep"];
        return keep.Success ? string.Concat(keep.ValueSpan, Marker) : Marker;
    }

    private static bool IsPlainWord(ReadOnlySpan<char> value)
    {
        if (value.Length > 16 || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }

        foreach (var c in value[1..])
        {
            if (!char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool LooksRandom(ReadOnlySpan<char> run)
    {
        run = run.TrimEnd('=');
        if (run.Length < MinRandomRunLength || Guid.TryParseExact(run, "D", out _))
        {
            return false;
        }

        int upper = 0, lower = 0, digits = 0, hex = 0;
        foreach (var c in run)
        {
            upper += char.IsAsciiLetterUpper(c) ? 1 : 0;
            lower += char.IsAsciiLetterLower(c) ? 1 : 0;
            digits += char.IsAsciiDigit(c) ? 1 : 0;
            hex += char.IsAsciiHexDigit(c) ? 1 : 0;
        }

        var letters = upper + lower;
        if (hex == run.Length && run.Length >= 32 && digits > 0 && letters > 0)
        {
            return true;
        }

        if (upper > 0 && lower > 0 && digits > 0)
        {
            return true;
        }

        // Mixed case without digits: CamelCase words have few capitals, random text about half.
        if (upper > 0 && lower > 0 && Math.Min(upper, lower) * 4 >= letters)
        {
            return true;
        }

        // One case with digits: ids and keys such as "a81f0c..." or "K7Q2...", not words with a version number.
        return letters > 0 && digits * 10 >= run.Length;
    }

    /// <summary>Control characters become spaces (so they still separate words); format characters such as zero-width spaces go, so they cannot hide a token.</summary>
    private static string WithoutInvisibleCharacters(string text)
    {
        var span = text.AsSpan();
        var clean = true;
        foreach (var c in span)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var buffer = new char[text.Length];
        var length = 0;
        foreach (var c in span)
        {
            if (char.IsControl(c))
            {
                buffer[length++] = ' ';
            }
            else if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            {
                buffer[length++] = c;
            }
        }

        return new string(buffer, 0, length);
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
