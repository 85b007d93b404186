using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

/// <summary>
/// Turns a connector's raw error text into a summary safe to store, log and show: secrets become
/// <see cref="Marker"/>, control characters go, and the result is bounded. It errs on the side of
/// redacting: a lost request id is cheap, a leaked token is not.
/// </summary>
/// <remarks>
/// First the text is read as a reader sees it: invisible characters go, full-width forms and
/// percent-escaped key characters read as ASCII, so nothing can split or disguise a secret. Then
/// two passes, each cheap on ordinary text. The first is a regex whose every branch starts at a ':'
/// or '=', so it only stops at separators: values of keys that name a secret, Authorization
/// headers, SAS signatures, OAuth codes and credentials in URLs. The second walks the runs of token
/// characters: JWTs, tokens after a Bearer or Basic scheme, values after a key word and a space,
/// well-known token formats, and long runs that look random.
/// </remarks>
public static partial class SecretRedactor
{
    public const int DefaultMaxLength = 512;
    public const string Marker = "[REDACTED]";
    private const string Ellipsis = "…";

    // Below this many characters a run of token characters is ordinary text (ids, words, paths).
    private const int MinRandomRunLength = 16;

    // Below this many characters a run of one case looks random only when letters and digits
    // alternate in it (see LooksRandom): ids such as "shopee-th-000123" are one case with digits.
    private const int MinSingleCaseRandomRunLength = 20;
    private static readonly SearchValues<char> RunCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-");

    // What may follow "Bearer ": RFC 6750's token68 characters.
    private static readonly SearchValues<char> SchemeTokenCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-.~=");

    /// <summary>Well-known token formats (GitHub, Slack, Stripe, AWS, Google, Meta) by prefix, and how many characters must follow it.</summary>
    private static readonly (string Prefix, int MinRest)[] TokenPrefixes =
    [
        ("ghp_", 30), ("gho_", 30), ("ghu_", 30), ("ghs_", 30), ("ghr_", 30), ("github_pat_", 30),
        ("xoxa-", 10), ("xoxb-", 10), ("xoxe-", 10), ("xoxo-", 10), ("xoxp-", 10), ("xoxr-", 10), ("xoxs-", 10), ("xapp-", 10),
        ("sk_live_", 16), ("sk_test_", 16), ("rk_live_", 16), ("rk_test_", 16), ("whsec_", 16),
        ("AKIA", 16), ("ASIA", 16), ("AIza", 35), ("1//0", 20), ("GOCSPX-", 20), ("EAA", 20),
    ];

    private const int ShortestKnownToken = 20;

    private const string SecretWord =
        "(?:token|secret|passw(?:or)?d|pwd|passphrase|api[_. -]?key|signature|credential|private[_. -]?key"
        + "|account[_. -]?key|access[_. -]?key|auth[_. -]?key|licen[cs]e[_. -]?key|session[_. -]?id|cookie|โทเค็น|โทเคน)";

    // A key may be written as words ("Secret Key", "secret value"): one such noun may follow the key word.
    private const string KeyNoun = "(?: (?:key|id|value|string))?";

    // Password keys, also in the languages of the shops the product serves (the product is used across South-East
    // Asia) and as JSON property names. "pass" and "pw" are common word parts ("bypass", "passed", "compass"), so
    // they count only as whole words, or after a short prefix that names whose password it is ("newpass",
    // "dbpass"), optionally numbered ("pass1"). Only the English and Thai words may be followed by more of a key
    // ("password_hash"): in a lookbehind each word is tried at every length of that tail, and a longer list there
    // would slow every ':' and '=' of a message down.
    private const string PasswordWord =
        "(?:(?:pass[_.-]?w(?:or)?d|pwd|passphrase|รหัสผ่าน|พาสเวิร์ด)[\\w.-]*"
        + "|passwort|pswd|passcode|kata[_. -]?(?:sandi|laluan)|m[aậ]t[_. -]?kh[aẩ]u|mot[_. -]?de[_. -]?passe|contrase[nñ]a"
        + "|密码|密碼|パスワード|비밀번호"
        + "|(?<![a-z0-9])(?:new|old|db|sql|root|admin|user|mail|smtp|imap|ftp|wifi)?[_.-]?(?:pass|pw)[0-9]?(?![a-z]))"
        + "(?:\\s+(?:is|was|are|were))?";
    private const string UnquotedValue = @"[^\s""'\\&,;<>()\[\]{}]+";

    // Each branch names one group whose text is replaced: "secret" always, "maybe" unless it reads
    // as a plain word ("token: expired"). The key itself sits before the match, in a lookbehind, so
    // it is kept as it was written.
    // Authorization headers, with or without a scheme.
    private const string AuthorizationBranch =
        @"[:=](?<=authorization\\?[""']?\s*[:=])\s*\\?[""']?"
        + @"(?:(?:bearer|basic|digest|sharedkey|sharedkeylite|sharedaccesssignature|token|sas|hmac-sha256)\s+)?(?<secret>[^\s""'\\,;]+)";

    // Cookie headers: every cookie of the line.
    private const string CookieBranch =
        @":(?<=(?<![a-z0-9_-])(?:set-)?cookie\\?[""']?\s*:)\s*(?<secret>[^\s;=""]+=[^\s;""]*(?:;\s*[^\s;=""]+=[^\s;""]*)*)";

    // Passwords, which may be several plain words: up to the end of the clause (a separator or a bracket).
    // An arrow may follow the separator or sit inside the clause ("password=> x", "password: reset -> x"), and an
    // ODBC value may be braced ("Password={x};").
    private const string PasswordBranch =
        @"[:=](?<=" + PasswordWord + @"\\?[""']?\s*[:=])\s*>?\s*"
        + @"(?:\\?""(?<secret>[^""\\]+)|'(?<secret>[^']+)|\{(?<secret>[^}]+)\}"
        + @"|(?<secret>(?:[^;,&""'<>()\[\]{}]|(?<=[-=])>)*[^\s;,&""'<>()\[\]{}]))";

    // Keys that name a secret: "value" and 'value' (JSON, also escaped inside JSON), =value, : value.
    private const string SecretKeyBranch =
        @"[:=](?<=" + SecretWord + @"[a-z0-9_.-]*" + KeyNoun + @"(?:\s+(?:is|was|are|were))?\\?[""']?\s*[:=])\s*"
        + @"(?:\\?""(?<secret>[^""\\]+)|'(?<secret>[^']+)|(?<=:\s*)(?<maybe>" + UnquotedValue + ")|(?<secret>" + UnquotedValue + "))";

    // SAS signatures and OAuth authorization codes, which have generic names.
    private const string GenericKeyBranch = @"=(?<=(?<![a-z0-9_.-])sig=|[?&]code=|[?&;]auth=)(?<secret>[^\s&""'<>]+)";

    // Credentials in URLs: scheme://user:password@host, the password running to the last '@' before the host.
    // The user may be empty (redis://:password@host) and the password may hold '/' once decoded,
    // but a host name with a port and a path that holds an '@' is not a credential.
    private const string UrlCredentialsBranch =
        @"://(?<secret>(?![^\s/@:]*\.[^\s/@:]*:\d+(?:[/?#]|$))[^\s/@:]*:[^\s]*)(?=@[^\s/@]+(?:[/?#\s]|$))";

    // The branches in the order they are tried: at a separator, the first that matches wins.
    private const string Pattern =
        AuthorizationBranch + "|" + CookieBranch + "|" + PasswordBranch + "|" + SecretKeyBranch + "|" + GenericKeyBranch + "|" + UrlCredentialsBranch;

    private const RegexOptions SecretOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // Anchored: SecretsReplaced runs it only at the separators whose key may name a secret (see PossibleBranches).
    [GeneratedRegex(@"\G(?:" + Pattern + ")", SecretOptions)]
    private static partial Regex SecretAt();

    // Each branch alone, anchored, for a separator where PossibleBranches rules the others out: a lookbehind that
    // cannot match still costs its scan back, about 0.2-0.3 µs each for the password and secret-word ones.
    [GeneratedRegex(@"\G(?:" + AuthorizationBranch + ")", SecretOptions)]
    private static partial Regex AuthorizationAt();

    [GeneratedRegex(@"\G(?:" + CookieBranch + ")", SecretOptions)]
    private static partial Regex CookieAt();

    [GeneratedRegex(@"\G(?:" + PasswordBranch + ")", SecretOptions)]
    private static partial Regex PasswordAt();

    [GeneratedRegex(@"\G(?:" + SecretKeyBranch + ")", SecretOptions)]
    private static partial Regex SecretKeyAt();

    [GeneratedRegex(@"\G(?:" + GenericKeyBranch + ")", SecretOptions)]
    private static partial Regex GenericKeyAt();

    [GeneratedRegex(@"\G(?:" + UrlCredentialsBranch + ")", SecretOptions)]
    private static partial Regex UrlCredentialsAt();

    /// <summary>
    /// A piece of every key the lookbehinds of <see cref="Pattern"/> accept that may stand a few words before
    /// its separator, as it is written in ASCII: a Cookie header, a password word, a secret word
    /// (<c>session id value is:</c>). The keys that must end right at the separator (Authorization, <c>sig=</c>,
    /// <c>code=</c>, <c>auth=</c>) are checked as such, so "Unauthorized from https:" and "error code:" are passed by.
    /// </summary>
    private static readonly SearchValues<string> KeyFragments = SearchValues.Create(
        ["cookie", "pass", "pw", "pswd", "kata", "kh", "contrase", "token", "secret", "key", "signature", "credential", "session"],
        StringComparison.OrdinalIgnoreCase);

    // The most words a key and what links it to its separator span, from the word holding one of KeyFragments
    // on: "session id value is:", "api key value was:", "mot de passe is:".
    private const int MaxKeyWords = 4;

    // What a key and the text between it and its separator are written with: word characters, '.', '-', spaces,
    // quotes and a backslash (escaped JSON), in the lookbehinds of Pattern.
    private static readonly SearchValues<char> KeyCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.- \t\n\v\f\r\\\"'");

    /// <summary>
    /// The first pass: what <see cref="Pattern"/> matches, replaced. The same as <c>Regex.Replace</c> with the
    /// unanchored pattern, but the regex, whose lookbehinds are slow, runs only at a ':' or '=' that may start
    /// a match: one of "://", or one after a key that holds one of <see cref="KeyFragments"/>. Most separators of
    /// a message (<c>failed:</c>, <c>&amp;state=</c>) are not, and cost a short scan back.
    /// </summary>
    internal static string SecretsReplaced(string text)
    {
        StringBuilder? builder = null;
        var copied = 0;
        var separator = text.AsSpan().IndexOfAny(':', '=');
        while (separator >= 0)
        {
            var next = separator + 1;
            if (PossibleBranches(text, separator) is not Branch.None and var branches && SecretAt(text, separator, branches) is { } match
                && !IsTokenType(text, separator, match))
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, match.Index - copied).Append(Replace(match));
                copied = match.Index + match.Length;
                next = copied;
            }

            var offset = next < text.Length ? text.AsSpan(next).IndexOfAny(':', '=') : -1;
            separator = offset < 0 ? -1 : next + offset;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// The first pass as the one unanchored <see cref="Pattern"/> does it, tried at every position: what
    /// <see cref="SecretsReplaced"/> must equal, whatever the text. Only the tests call it, so its regex is
    /// built on first use, never on the hot path.
    /// </summary>
    internal static string SecretsReplacedByThePatternAlone(string text) =>
        UnanchoredPattern.Regex.Replace(text, match => IsTokenType(text, match.Index, match) ? match.Value : Replace(match));

    private static class UnanchoredPattern
    {
        public static readonly Regex Regex = new(Pattern, SecretOptions);
    }

    /// <summary>
    /// Whether the match is OAuth's <c>token_type</c> (RFC 6749 5.1: "bearer", "mac", "DPoP"), whose key holds the
    /// key word "token" but whose value names a kind of token, never a token: a word of letters only.
    /// </summary>
    private static bool IsTokenType(string text, int separator, Match match)
    {
        var key = text.AsSpan(0, separator).TrimEnd(" \"'\\");
        if (!key.EndsWith("token_type", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var value = match.Groups["secret"].Success ? match.Groups["secret"].ValueSpan : match.Groups["maybe"].ValueSpan;
        return value.Length is > 0 and <= 16 && !value.ContainsAnyExcept(AsciiLetters);
    }

    private static readonly SearchValues<char> AsciiLetters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>The branches of <see cref="Pattern"/>, in its order.</summary>
    [Flags]
    private enum Branch
    {
        None = 0,
        Authorization = 1,
        Cookie = 2,
        Password = 4,
        SecretKey = 8,
        GenericKey = 16,
        UrlCredentials = 32,
        All = 63,
    }

    private static readonly (Branch Branch, Regex Regex)[] BranchRegexes =
    [
        (Branch.Authorization, AuthorizationAt()), (Branch.Cookie, CookieAt()), (Branch.Password, PasswordAt()),
        (Branch.SecretKey, SecretKeyAt()), (Branch.GenericKey, GenericKeyAt()), (Branch.UrlCredentials, UrlCredentialsAt()),
    ];

    /// <summary>
    /// What <see cref="Pattern"/> matches at <paramref name="at"/>, trying only <paramref name="branches"/>: the same
    /// match as <see cref="SecretAt()"/> when the others cannot match there, since nothing follows the alternation that
    /// could make it give up a branch that matched; null when none does.
    /// </summary>
    private static Match? SecretAt(string text, int at, Branch branches)
    {
        if (branches == Branch.All)
        {
            return SecretAt().Match(text, at) is { Success: true } match ? match : null;
        }

        foreach (var (branch, regex) in BranchRegexes)
        {
            if ((branches & branch) != 0 && regex.Match(text, at) is { Success: true } match)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>
    /// The branches of <see cref="Pattern"/> that may match at the separator at <paramref name="at"/>: a URL's credentials
    /// after "://", or those whose key is in the key characters just before it. A key with a character outside ASCII may
    /// match any branch, since the regex ignores case by Unicode's rules (the Kelvin sign is a 'k') and knows keys of
    /// other scripts. In ASCII, each branch's lookbehind needs its key word among the last words before the separator.
    /// </summary>
    private static Branch PossibleBranches(string text, int at)
    {
        var branches = Branch.None;

        // A URL's user and password run to a ':' before any '/', '@' or space.
        if (text.AsSpan(at).StartsWith("://")
            && text.AsSpan(at + 3).IndexOfAny('/', '@', ':') is var end && end >= 0 && text[at + 3 + end] == ':')
        {
            branches |= Branch.UrlCredentials;
        }

        var before = text.AsSpan(0, at).LastIndexOfAnyExcept(KeyCharacters);
        if (before >= 0 && text[before] > '\x7f')
        {
            return Branch.All;
        }

        var key = text.AsSpan(before + 1, at - before - 1);
        if (key.TrimEnd(" \t\n\v\f\r\"'\\").EndsWith("authorization", StringComparison.OrdinalIgnoreCase))
        {
            branches |= Branch.Authorization;
        }

        if (text[at] == '=' && (key.EndsWith("sig", StringComparison.OrdinalIgnoreCase) || key.EndsWith("code", StringComparison.OrdinalIgnoreCase)
            || key.EndsWith("auth", StringComparison.OrdinalIgnoreCase)))
        {
            branches |= Branch.GenericKey;
        }

        var words = LastWords(key, MaxKeyWords);
        if (words.IndexOfAny(KeyFragments) < 0)
        {
            return branches;
        }

        // Most separators have none of the fragments; those that do are told apart by branch.
        if (text[at] == ':' && words.Contains("cookie", StringComparison.OrdinalIgnoreCase))
        {
            branches |= Branch.Cookie;
        }

        if (words.IndexOfAny(PasswordFragments) >= 0)
        {
            branches |= Branch.Password;
        }

        if (words.IndexOfAny(SecretWordFragments) >= 0)
        {
            branches |= Branch.SecretKey;
        }

        return branches;
    }

    // The pieces of KeyFragments in PasswordWord's keys as written in ASCII ("mat khau", "kata sandi") ...
    private static readonly SearchValues<string> PasswordFragments = SearchValues.Create(
        ["pass", "pw", "pswd", "kata", "kh", "contrase"], StringComparison.OrdinalIgnoreCase);

    // ... and in SecretWord's ("passwd", "pwd", "api key", "session id").
    private static readonly SearchValues<string> SecretWordFragments = SearchValues.Create(
        ["token", "secret", "pass", "pw", "key", "signature", "credential", "session", "cookie"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> AsciiWhiteSpace = SearchValues.Create(" \t\n\v\f\r");

    private static ReadOnlySpan<char> LastWords(ReadOnlySpan<char> text, int count)
    {
        var start = text.Length;
        for (var words = 0; words < count && start > 0; words++)
        {
            start = text[..start].TrimEnd(" \t\n\v\f\r").Length;
            var space = text[..start].LastIndexOfAny(AsciiWhiteSpace);
            start = space + 1;
        }

        return text[start..];
    }

    // What follows a key word written without a separator ("password was hunter2", "apikey 3fQ9... revoked",
    // 'password "a phrase"', "token was reset to x"), matched from the end of the key word: past a verb phrase, a
    // quoted phrase, or one value unless it is a plain word. A space may be percent- or form-encoded ("%20", "+").
    private const string Space = @"(?:\s|%20|\+)+";

    // What links a key to its value: verbs ("will be", "became", "has now been reset to") and arrows ("->", "—").
    private const string Link =
        @"(?:is|was|are|were|has|have|been|be|now|set|changed|reset|updated|rotated|to|as|will|became|becomes|become)" + Space
        + @"|(?:->|=>|→|—|–)\s*";

    private const string SpacedValuePattern =
        // Atomic, so that once a redacted value is "[REDACTED]", the verb before it is not taken for the value.
        // "for <word>" may name whose key it is, when a verb follows ("the password for shop is x").
        @"\G(?>" + Space + @"(?:for" + Space + @"[^\s""'&,;<>()\[\]{}]+" + Space + @"(?=(?:is|was)\s))?(?:" + Link + "){0,6})"
        + @"(?:""(?<secret>[^""]+)""|“(?<secret>[^”]+)”|'(?<secret>[^']+)'|‘(?<secret>[^’]+)’"
        + @"|(?<maybe>[^\s""'“”‘’\\&,;<>()\[\]{}:=][^\s""'“”‘’\\&,;<>()\[\]{}]*))";

    [GeneratedRegex(SpacedValuePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex SpacedValue();

    [GeneratedRegex(@"\G\s+(?<secret>[^\s;=""]+=[^\s;""]*(?:;\s*[^\s;=""]+=[^\s;""]*)*)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex CookieList();

    // Thai writes no space between words, so a Thai key word may be followed by its value, a copula ("คือ",
    // "เป็น") or "ใหม่" directly or after a space: "รหัสผ่าน hunter2", "รหัสผ่านคือ hunter2", "โทเค็นใหม่คือ ...".
    // A possessive ("ของคุณ", "ของร้าน": "yours", "the shop's") may come between a Thai key and its copula;
    // "รหัส" (code) is a key only as an OTP or PIN.
    private const string ThaiSpacedValuePattern =
        @"(?:รหัสผ่าน|พาสเวิร์ด|โทเค็น|โทเคน|รหัส\s*(?:OTP|PIN))"
        + @"(?:ของ[\u0E01-\u0E4E]{1,12}?(?=\s*(?:คือ|เป็น)))?"
        + @"(?:\s*(?:ใหม่|คือ|เป็น|ถูกเปลี่ยนเป็น|เปลี่ยนเป็น|ถูกตั้งเป็น|ตั้งเป็น))*\s*"
        + @"(?:""(?<secret>[^""]+)""|“(?<secret>[^”]+)”|'(?<secret>[^']+)'"
        + @"|(?<maybe>[^\s""'“”‘’\\&,;<>()\[\]{}:=][^\s""'“”‘’\\&,;<>()\[\]{}]*))";

    [GeneratedRegex(ThaiSpacedValuePattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ThaiSpacedValue();

    // The same holds for other scripts without spaces (Chinese, Japanese, with copulas such as "是" and "は") and for
    // keys with a letter outside ASCII (Vietnamese "mật khẩu", Spanish "contraseña"). A regex of its own, run only
    // when one of SpacedKeyLetters is there, so Thai and ASCII text do not pay for it.
    private const string OtherSpacedValuePattern =
        @"(?:mật\s+khẩu|contraseña|密码|密碼|パスワード|비밀번호)(?:\s*(?:是|为|為|は|が|는|은))*\s*"
        + @"(?:""(?<secret>[^""]+)""|“(?<secret>[^”]+)”|'(?<secret>[^']+)'"
        + @"|(?<maybe>[^\s""'“”‘’\\&,;<>()\[\]{}:=][^\s""'“”‘’\\&,;<>()\[\]{}]*))";

    [GeneratedRegex(OtherSpacedValuePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex OtherSpacedValue();

    // As after an English key, an acronym ("LINE", "SMTP") or a status code or count after a Thai key is what the
    // sentence is about ("โทเค็น LINE หมดอายุ", "โทเค็น 401", "รหัสผ่าน 6 หลัก"), not a value.
    private static readonly MatchEvaluator ReplaceThaiSpacedValue = match =>
        match.Groups["secret"].Success || !IsProse(match.Groups["maybe"].ValueSpan.TrimEnd(".!?")) && !IsThaiPhrase(match.Groups["maybe"].ValueSpan.TrimEnd(".!?"))
            ? Replace(match) : match.Value;

    private static bool IsProse(ReadOnlySpan<char> word) => IsPlainWord(word) || IsAcronym(word) || IsCountOrVersion(word);

    /// <summary>
    /// Whether a value written straight after a Thai key, with no space, is the rest of a Thai sentence: Thai words
    /// with an acronym (2-6 capitals) or a count (up to 4 digits) inside them, as Thai writes Latin words and numbers
    /// without spaces ("โทเค็นLINEหมดอายุ", "รหัสผ่านSMTPไม่ถูกต้อง", "รหัสผ่านต้องมีอย่างน้อย8ตัวอักษร"). An acronym
    /// may open it only when Thai follows, and a number only after Thai, so "ABCD1234" and "1234" stay values.
    /// </summary>
    private static bool IsThaiPhrase(ReadOnlySpan<char> value)
    {
        var afterThai = false;
        var hasThai = false;
        for (var i = 0; i < value.Length;)
        {
            var c = value[i];
            var end = i + 1;
            if (c is >= '\u0E01' and <= '\u0E4E')
            {
                while (end < value.Length && value[end] is >= '\u0E01' and <= '\u0E4E')
                {
                    end++;
                }

                afterThai = hasThai = true;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                while (end < value.Length && char.IsAsciiLetterUpper(value[end]))
                {
                    end++;
                }

                if (end - i is < 2 or > 6 || (end < value.Length && !(value[end] is >= '\u0E01' and <= '\u0E4E')))
                {
                    return false;
                }

                afterThai = false;
            }
            else if (char.IsAsciiDigit(c) && afterThai)
            {
                while (end < value.Length && char.IsAsciiDigit(value[end]))
                {
                    end++;
                }

                if (end - i > 4)
                {
                    return false;
                }

                afterThai = false;
            }
            else
            {
                return false;
            }

            i = end;
        }

        return hasThai;
    }

    /// <summary>
    /// Characters percent-decoded before matching: those keys, separators and tokens are written
    /// with, so <c>access%5Ftoken%3D...</c> and a base64 key split by <c>%2F</c> or <c>%2B</c> read
    /// as what they are, and '%' itself, so a doubly encoded key does too. Other escapes stay, so a
    /// decoded ';' or space cannot end a value early.
    /// </summary>
    private static readonly SearchValues<char> PercentDecodedCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=:\"'%");

    private static readonly MatchEvaluator ReplaceSecret = Replace;

    // A letter of each key of OtherSpacedValuePattern, so other text skips that regex.
    private static readonly SearchValues<char> SpacedKeyLetters = SearchValues.Create("ẩẨñÑ密パ비");

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
        && SecretKey().IsMatch(EscapesDecoded(WithAsciiLookalikes(TextCleaner.WithoutInvisibleCharacters(key))));

    /// <summary>The message without secrets or control characters, at most <paramref name="maxLength"/> characters.</summary>
    public static string Redact(string? message, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(message))
        {
            return string.Empty;
        }

        var readable = WithSchemeSpacesDecoded(EscapesDecoded(WithAsciiLookalikes(TextCleaner.WithoutInvisibleCharacters(message))));
        var text = Bounded(readable, maxLength).Trim();
        var redacted = RedactTokens(RedactUrlUsers(SecretsReplaced(RedactShapedSecrets(text))));
        if (redacted.AsSpan().IndexOfAnyInRange('\u0E01', '\u0E4E') >= 0)
        {
            redacted = ThaiSpacedValue().Replace(redacted, ReplaceThaiSpacedValue);
        }

        if (redacted.AsSpan().ContainsAny(SpacedKeyLetters))
        {
            redacted = OtherSpacedValue().Replace(redacted, ReplaceThaiSpacedValue);
        }

        return Truncated(redacted, maxLength);
    }

    private static string Replace(Match match)
    {
        var secret = match.Groups["secret"];
        if (!secret.Success)
        {
            secret = match.Groups["maybe"];
            if (IsPlainWord(secret.ValueSpan))
            {
                return match.Value;
            }
        }

        if (IsStatePhrase(secret.ValueSpan))
        {
            return match.Value;
        }

        var value = match.ValueSpan;
        var start = secret.Index - match.Index;
        return string.Concat(value[..start], Marker, value[(start + secret.Length)..]);
    }

    // Words that answer a key's question with a state ("using password: YES", "password=required"), not with the
    // secret. Only words a system writes for a state: a dictionary word that could be the password itself is not one.
    private static readonly string[] StateWords =
    [
        "yes", "no", "true", "false", "null", "none", "empty", "required", "invalid", "incorrect", "expired",
        "missing", "wrong", "set", "unset", "changed", "reset", "sent",
    ];

    // A negation or a modal verb opens a sentence about the value ("password: must not be empty"), not the value.
    private static readonly string[] StatePhraseStarts = ["not", "never", "must", "mustn't", "should", "cannot", "can't"];

    /// <summary>
    /// Whether a key's value is prose about its state: a state word alone, or a phrase that opens with a state
    /// word or a negation and goes on in plain words, numbers and addresses ("not set for mailbox
    /// support@acme.co.th", "sent by e-mail"). A phrase with anything else in it ("reset -> Qx7pLm2Zk9") is not.
    /// </summary>
    private static bool IsStatePhrase(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.IsEmpty || value.Length > 64)
        {
            return false;
        }

        var words = value.Split(' ');
        words.MoveNext();
        var first = value[words.Current];
        var isState = IsOneOf(first, StateWords);
        if (!isState && !IsOneOf(first, StatePhraseStarts))
        {
            return false;
        }

        var more = false;
        while (words.MoveNext())
        {
            more = true;
            var word = value[words.Current];
            if (!word.IsEmpty && !IsPlainWordOrHyphenated(word) && !IsCountOrVersion(word) && !IsAddress(word))
            {
                return false;
            }
        }

        return isState || more;
    }

    private static bool IsOneOf(ReadOnlySpan<char> word, string[] words)
    {
        foreach (var candidate in words)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPlainWordOrHyphenated(ReadOnlySpan<char> word)
    {
        foreach (var range in word.Split('-'))
        {
            if (!IsPlainWord(word[range]))
            {
                return false;
            }
        }

        return true;
    }

    // A mailbox the state is about: letters, digits and ".-_" around one '@', and a dot in the domain.
    private static bool IsAddress(ReadOnlySpan<char> word)
    {
        var at = word.IndexOf('@');
        return at > 0 && word[(at + 1)..].Contains('.') && word.LastIndexOf('@') == at
            && !word[..at].ContainsAnyExcept(AddressCharacters) && !word[(at + 1)..].ContainsAnyExcept(AddressCharacters);
    }

    private static readonly SearchValues<char> AddressCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_");

    // A PEM block's body, whatever splits its lines (line breaks, spaces, a JSON-escaped "\n"), up to its END line or,
    // when the text was cut, to the end. A certificate is no secret, but telling one from a key is not worth the risk.
    private const string PemBodyPattern = @"-----BEGIN [A-Z0-9 ]*-----(?<secret>.*?)(?=-----END [A-Z0-9 ]*-----|$)";

    [GeneratedRegex(PemBodyPattern, RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
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
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
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

    /// <summary>
    /// Replaces the password of credentials written without a scheme, <c>user:password@host</c> (<c>admin:s3cret@db:5432</c>):
    /// a token of one user, ':', a password and '@' before a host. It errs on the side of redacting: <c>from:support@example.com</c>
    /// loses "support". A token with "://" is a URL, which the first pass and <see cref="RedactUrlUsers"/> deal with.
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
            var start = text.AsSpan(0, at).LastIndexOfAny(CredentialBoundaries) + 1;
            var token = text.AsSpan(start, at - start);
            var colon = token.IndexOf(':');
            if (colon <= 0 || colon == token.Length - 1 || start < copied || at + 1 >= text.Length || !char.IsAsciiLetterOrDigit(text[at + 1])
                || token.Contains("://", StringComparison.Ordinal) || token[(colon + 1)..].SequenceEqual(Marker)
                || token[..colon].ContainsAnyExcept(UserCharacters) || token[..colon].Equals("mailto", StringComparison.OrdinalIgnoreCase)
                || IsClockTime(token))
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
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-");

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

    private static readonly string[] AuthorizationSchemes = ["bearer", "basic"];

    /// <summary>
    /// An encoded space after an authorization scheme ("Bearer%20...", form-encoded "Bearer+...") reads as a space, so the
    /// token after it is a scheme's. Other encoded spaces stay, so a decoded one cannot end a value early.
    /// </summary>
    private static string WithSchemeSpacesDecoded(string text)
    {
        if (!text.Contains('+') && !text.Contains("%20", StringComparison.Ordinal))
        {
            return text;
        }

        foreach (var scheme in AuthorizationSchemes)
        {
            for (var at = text.IndexOf(scheme, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = text.IndexOf(scheme, at + scheme.Length, StringComparison.OrdinalIgnoreCase))
            {
                var after = at + scheme.Length;
                var space = after < text.Length && text[after] == '+' ? 1 : text.AsSpan(after).StartsWith("%20") ? 3 : 0;
                if (space > 0 && after + space < text.Length && SchemeTokenCharacters.Contains(text[after + space])
                    && (at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1])))
                {
                    text = string.Concat(text.AsSpan(0, after), " ", text.AsSpan(after + space));
                }
            }
        }

        return text;
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

    /// <summary>The second pass: walks each maximal run of token characters and replaces the secret ones.</summary>
    private static string RedactTokens(string text)
    {
        StringBuilder? builder = null;
        var copied = 0;
        var position = 0;
        while (position < text.Length)
        {
            // Runs and the gaps between them are mostly a few characters long (words and spaces), where a scan
            // one character at a time costs about a third of a vectorized IndexOfAny's setup.
            while (position < text.Length && !RunCharacters.Contains(text[position]))
            {
                position++;
            }

            if (position == text.Length)
            {
                break;
            }

            var start = position;
            var end = start + 1;
            while (end < text.Length && RunCharacters.Contains(text[end]))
            {
                end++;
            }

            if (SpacedKeyEnd(text, start, end) is > 0 and var keyEnd && SpacedSecret(text, keyEnd) is { Length: > 0 } value)
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, value.Index - copied).Append(Marker);
                copied = value.Index + value.Length;
                position = copied;
                continue;
            }

            var padded = end;
            while (padded < text.Length && padded - end < 2 && text[padded] == '=')
            {
                padded++;
            }

            var secretEnd = SecretEnd(text, start, end, padded);
            if (secretEnd > start)
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, start - copied).Append(Marker);
                copied = secretEnd;
            }

            position = Math.Max(padded, secretEnd);
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Where the secret starting at <paramref name="start"/> ends, or -1 when the run is not one.</summary>
    private static int SecretEnd(string text, int start, int end, int padded)
    {
        var run = text.AsSpan(start, end - start);

        // A JWT or a SendGrid key (three dot-separated parts) or a Google OAuth token (ya29.): dots are part of the token.
        var isGoogleToken = run.SequenceEqual("ya29");
        if (isGoogleToken || run.StartsWith("eyJ") || (run.SequenceEqual("SG") && end < text.Length && text[end] == '.'))
        {
            var dotted = EndOf(text, start, SchemeTokenCharacters);
            var token = text.AsSpan(start, dotted - start);
            if (isGoogleToken ? token.Length >= 20 : token.Count('.') >= 2)
            {
                return dotted;
            }
        }

        if (FollowsAuthorizationScheme(text, start))
        {
            var tokenEnd = EndOf(text, start, SchemeTokenCharacters);
            return IsPlainWord(text.AsSpan(start, tokenEnd - start)) || IsAuthParameterName(text, start, tokenEnd) ? -1 : tokenEnd;
        }

        if (run.Length < MinRandomRunLength)
        {
            return -1;
        }

        if (run.Length >= ShortestKnownToken)
        {
            foreach (var (prefix, minRest) in TokenPrefixes)
            {
                if (run.StartsWith(prefix, StringComparison.Ordinal) && run.Length - prefix.Length >= minRest)
                {
                    return padded;
                }
            }
        }

        return LooksRandom(run) ? padded : -1;
    }

    /// <summary>
    /// Whether the word after the scheme is the name of a challenge's parameter (<c>Bearer realm="api"</c>, as in
    /// a WWW-Authenticate header): a plain word, '=' and a quoted value, not a token ending in base64 padding.
    /// </summary>
    private static bool IsAuthParameterName(string text, int start, int tokenEnd) =>
        tokenEnd < text.Length && text[tokenEnd] == '"' && tokenEnd - start >= 2 && text[tokenEnd - 1] == '='
        && IsPlainWord(text.AsSpan(start, tokenEnd - start - 1));

    private static int EndOf(string text, int start, SearchValues<char> characters)
    {
        var length = text.AsSpan(start).IndexOfAnyExcept(characters);
        return length < 0 ? text.Length : start + length;
    }

    /// <summary>
    /// Where the key word whose value may follow after a space ends: the whole run, or in a form-encoded
    /// run such as "password+is+x" (where '+' is a space) one of its words; -1 when there is none.
    /// </summary>
    private static int SpacedKeyEnd(string text, int start, int end)
    {
        if (IsSpacedKey(text, start, end))
        {
            return end;
        }

        var wordStart = start;
        for (var plus = text.IndexOf('+', start, end - start); plus >= 0; plus = text.IndexOf('+', wordStart, end - wordStart))
        {
            if (IsSpacedKey(text, wordStart, plus))
            {
                return plus;
            }

            wordStart = plus + 1;
        }

        return -1;
    }

    /// <summary>Whether the run is a key word whose value may follow after a space.</summary>
    private static bool IsSpacedKey(string text, int start, int end)
    {
        var run = text.AsSpan(start, end - start);
        if (run.Length is < 2 or > 32)
        {
            return false;
        }

        // Short runs, most words, are settled by their length: "pw" and "pwd" count only alone
        // (as a suffix they end ordinary words), and "key" only after a word that makes it a secret's name.
        if (run.Length < 6)
        {
            return run.Equals("pw", StringComparison.OrdinalIgnoreCase) || run.Equals("pwd", StringComparison.OrdinalIgnoreCase)
                // Keys written as several words: Indonesian "kata sandi", French "mot de passe".
                || (run.Equals("sandi", StringComparison.OrdinalIgnoreCase) && PreviousWord(text, start).Equals("kata", StringComparison.OrdinalIgnoreCase))
                || (run.Equals("passe", StringComparison.OrdinalIgnoreCase)
                    && text.AsSpan(0, start).TrimEnd().EndsWith("mot de", StringComparison.OrdinalIgnoreCase))
                || run.Equals("token", StringComparison.OrdinalIgnoreCase)
                || (run.Equals("key", StringComparison.OrdinalIgnoreCase) && IsKeyQualifier(PreviousWord(text, start)));
        }

        // Passwords and API keys, also as the end of a longer key ("smtp_password"), by their last letter.
        return (run[^1] | 0x20) switch
        {
            'd' => run.EndsWith("password", StringComparison.OrdinalIgnoreCase) || run.EndsWith("passwd", StringComparison.OrdinalIgnoreCase),
            'e' => run.EndsWith("passphrase", StringComparison.OrdinalIgnoreCase) || run.EndsWith("passcode", StringComparison.OrdinalIgnoreCase)
                || run.EndsWith("cookie", StringComparison.OrdinalIgnoreCase),
            't' => run.EndsWith("secret", StringComparison.OrdinalIgnoreCase) || run.EndsWith("passwort", StringComparison.OrdinalIgnoreCase),
            // Plurals: "passwords are ...".
            's' => run.EndsWith("passwords", StringComparison.OrdinalIgnoreCase) || run.EndsWith("tokens", StringComparison.OrdinalIgnoreCase)
                || run.EndsWith("secrets", StringComparison.OrdinalIgnoreCase),
            'y' => run.EndsWith("apikey", StringComparison.OrdinalIgnoreCase) || run.EndsWith("api_key", StringComparison.OrdinalIgnoreCase)
                || run.EndsWith("api-key", StringComparison.OrdinalIgnoreCase),
            'n' => run.EndsWith("token", StringComparison.OrdinalIgnoreCase)
                || (run.Equals("laluan", StringComparison.OrdinalIgnoreCase) && PreviousWord(text, start).Equals("kata", StringComparison.OrdinalIgnoreCase)),
            _ => false,
        };
    }

    private static bool IsKeyQualifier(ReadOnlySpan<char> word) =>
        word.Equals("api", StringComparison.OrdinalIgnoreCase) || word.Equals("secret", StringComparison.OrdinalIgnoreCase)
        || word.Equals("access", StringComparison.OrdinalIgnoreCase) || word.Equals("private", StringComparison.OrdinalIgnoreCase)
        || word.Equals("license", StringComparison.OrdinalIgnoreCase) || word.Equals("licence", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the secret written after a key word and a space is, or an empty range when what follows is none.</summary>
    private static (int Index, int Length) SpacedSecret(string text, int keyEnd)
    {
        // Most key words are followed by a separator ("access_token=") the first pass has dealt with: no need for the regex.
        if (keyEnd >= text.Length || !(char.IsWhiteSpace(text[keyEnd]) || text[keyEnd] is '%' or '+'))
        {
            return default;
        }

        // A cookie header written without ':' ("cookie sid=..."): every cookie of the line, as after "Cookie:".
        if (text.AsSpan(0, keyEnd).EndsWith("cookie", StringComparison.OrdinalIgnoreCase)
            && CookieList().Match(text, keyEnd) is { Success: true } cookies)
        {
            return (cookies.Groups["secret"].Index, cookies.Groups["secret"].Length);
        }

        var match = SpacedValue().Match(text, keyEnd);
        if (!match.Success)
        {
            return default;
        }

        var secret = match.Groups["secret"];
        if (secret.Success)
        {
            return IsMissingSecretsName(text, secret.ValueSpan, match.Index + match.Length) ? default : (secret.Index, secret.Length);
        }

        var value = match.Groups["maybe"];
        var word = value.ValueSpan.TrimEnd(".!?:");
        return IsProse(word) ? default : (value.Index, value.Length);
    }

    /// <summary>
    /// Whether a quoted value after a key is the name of a secret that a secret store could not find
    /// ("secret 'shopee-partner-key' not found"): lower-case words and numbers joined by '-', '_' or '.', the last
    /// naming a secret, and "not found" or "does not exist" after the quote. A secret's value is neither.
    /// </summary>
    private static bool IsMissingSecretsName(string text, ReadOnlySpan<char> name, int after)
    {
        var rest = text.AsSpan(after).TrimStart();
        if (!(rest.StartsWith("not found", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("was not found", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("does not exist", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var lastPiece = ReadOnlySpan<char>.Empty;
        var pieces = 0;
        foreach (var range in name.SplitAny("-_."))
        {
            var piece = name[range];
            if (piece.IsEmpty || (piece.ContainsAnyExceptInRange('a', 'z') && (piece.Length > 4 || piece.ContainsAnyExceptInRange('0', '9'))))
            {
                return false;
            }

            lastPiece = piece;
            pieces++;
        }

        return pieces >= 2 && (lastPiece.SequenceEqual("key") || lastPiece.SequenceEqual("secret") || lastPiece.SequenceEqual("token")
            || lastPiece.SequenceEqual("password"));
    }

    /// <summary>
    /// A status code, a count or a version (at most 4 digits, or "v" and at most 2 digits), which after a key
    /// written with a space is what the sentence is about ("Refresh token 400 invalid_grant", "Wrong password
    /// 3 times", "API key v2 endpoints"), not its value. After ':' or '=' the same value is still redacted.
    /// </summary>
    private static bool IsCountOrVersion(ReadOnlySpan<char> value)
    {
        var digits = value.Length > 1 && value[0] is 'v' or 'V' ? value[1..] : value;
        return digits.Length is >= 1 and <= 4 && (digits.Length <= 2 || digits.Length == value.Length)
            && !digits.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>Whether the word before <paramref name="start"/> is the Bearer or Basic scheme, as in "rejected Bearer abc...".</summary>
    private static bool FollowsAuthorizationScheme(string text, int start)
    {
        // The scheme may be followed by a colon or the token quoted: "Bearer: x", "Bearer \"x\"".
        var gap = start;
        while (gap > 0 && (char.IsWhiteSpace(text[gap - 1]) || (start - gap < 4 && text[gap - 1] is ':' or '"')))
        {
            gap--;
        }

        var word = gap < start ? LettersBefore(text, gap) : [];

        return word.Equals("bearer", StringComparison.OrdinalIgnoreCase) || word.Equals("basic", StringComparison.OrdinalIgnoreCase);
    }

    private static ReadOnlySpan<char> LettersBefore(string text, int end)
    {
        var wordStart = end;
        while (wordStart > 0 && char.IsAsciiLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        return text.AsSpan(wordStart, end - wordStart);
    }

    /// <summary>The word of ASCII letters that ends, after some whitespace, at <paramref name="start"/>; empty when there is none.</summary>
    private static ReadOnlySpan<char> PreviousWord(string text, int start)
    {
        var wordEnd = start;
        while (wordEnd > 0 && char.IsWhiteSpace(text[wordEnd - 1]))
        {
            wordEnd--;
        }

        if (wordEnd == start)
        {
            return [];
        }

        var wordStart = wordEnd;
        while (wordStart > 0 && char.IsAsciiLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        return text.AsSpan(wordStart, wordEnd - wordStart);
    }

    /// <summary>A word of prose: a lower-case English word (may be capitalised), or a word of Thai letters and marks, which no token is written in.</summary>
    private static bool IsPlainWord(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > 32)
        {
            return false;
        }

        if (!value.ContainsAnyExceptInRange('\u0E01', '\u0E4E'))
        {
            return true;
        }

        // A word of letters of a script other than Latin (Chinese "错误", Japanese "です") is prose, as a Thai one is.
        if (!value.ContainsAnyInRange('\0', '\u024F') && IsLettersAndMarks(value))
        {
            return true;
        }

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

    private static bool IsLettersAndMarks(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsLetter(c) && char.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A short upper-case word such as ID, URL or SMTP.</summary>
    private static bool IsAcronym(ReadOnlySpan<char> value) =>
        value.Length is >= 2 and <= 5 && !value.ContainsAnyExceptInRange('A', 'Z');

    private static bool LooksRandom(ReadOnlySpan<char> run)
    {
        if (Guid.TryParseExact(run, "D", out _) || IsBasicIsoTime(run) || IsCamelCaseWords(run) || IsOrdinaryPath(run))
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
        if (run.Length < MinSingleCaseRandomRunLength)
        {
            if (upper > 0 && lower > 0)
            {
                return digits > 0 || Math.Min(upper, lower) * 4 >= letters;
            }

            // One case: a stretch of 16 or more letters and digits that switch between them at least
            // twice ("k7q2m9x4p1z8w3n6b5v"), not words and numbers joined by separators
            // ("shopee-th-00012345", "v2/bot/message/push") nor a basic ISO 8601 time ("20261124T090000Z").
            return (letters > 0 && digits > 0 && AlternatesLettersAndDigits(run)) || HasRandomLetters(run);
        }

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
        return (letters > 0 && digits * 10 >= run.Length) || (Math.Min(upper, lower) == 0 && HasRandomLetters(run));
    }

    /// <summary>
    /// Whether a run with '/' is a URL path rather than base64: '/' is a base64 character, so
    /// "com/api/products/202309/products/search" or "443/v2/bot/message/reply" is one run, and its digits would
    /// make it look random. A path's segments are each ordinary (lower-case words joined by '-' or '_', numbers
    /// of up to 20 digits such as a Graph API id, versions such as "v19"); a base64 key's are mixed case with
    /// digits ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), and '+' is base64's, never a path's.
    /// </summary>
    private static bool IsOrdinaryPath(ReadOnlySpan<char> run)
    {
        if (!run.Contains('/') || run.Contains('+'))
        {
            return false;
        }

        foreach (var range in run.Split('/'))
        {
            foreach (var partRange in run[range].SplitAny("-_"))
            {
                if (!IsOrdinaryPathPart(run[range][partRange]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsOrdinaryPathPart(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty)
        {
            return true;
        }

        if (!part.ContainsAnyExceptInRange('0', '9'))
        {
            return part.Length <= 20;
        }

        if (part[0] is 'v' or 'V' && part.Length is >= 2 and <= 4 && !part[1..].ContainsAnyExceptInRange('0', '9'))
        {
            return true;
        }

        // Random lower-case letters (a token of one case) read as random by their letter pairs even between slashes.
        return !part.ContainsAnyExceptInRange('a', 'z') && (part.Length < MinRandomRunLength || !HasRandomLetters(part));
    }

    /// <summary>
    /// Whether the letters of a run of one case read as random rather than as words: random letters (a base32 TOTP
    /// seed, a token of lower-case letters) put side by side pairs of letters that words seldom do ("qz", "xv", "jw",
    /// "uu") in more than one pair of six, words far less often, in English, German ("Donaudampfschiffahrts...")
    /// and Thai, Malay or Indonesian names written in Latin letters ("krungthepmahanakhon"). Pairs across a digit
    /// or a separator do not count. About one in a hundred random runs of 16 letters still reads as words.
    /// </summary>
    private static bool HasRandomLetters(ReadOnlySpan<char> run)
    {
        int pairs = 0, unusual = 0, seen = 0;
        for (var i = 1; i < run.Length; i++)
        {
            // Only ASCII letters land in 0-25 once their case bit is set.
            int first = (run[i - 1] | 0x20) - 'a', second = (run[i] | 0x20) - 'a';
            if ((uint)first < 26 && (uint)second < 26)
            {
                pairs++;
                unusual += (WordPairs[first] & (1 << second)) == 0 ? 1 : 0;
                seen |= (1 << first) | (1 << second);
            }
        }

        // A few letters repeated ("xxxx...", "abababab...") is filler, not a secret.
        return pairs >= MinLetterPairs && unusual * 6 > pairs && BitOperations.PopCount((uint)seen) >= MinDistinctLetters;
    }

    // Below this many pairs of letters, too few to tell words from random letters.
    private const int MinLetterPairs = 12;

    // Random runs of 16 letters hold 12 different ones on average, fewer than 8 about once in ten thousand.
    private const int MinDistinctLetters = 8;

    // Each letter, then the letters that commonly follow it in words: the pairs that make 99.5% of those in the .NET
    // reference documentation in English, German, French, Spanish and Italian, and those of Thai, Malay and
    // Indonesian names written in Latin letters ("kh", "ng", "ya").
    private const string CommonLetterPairs =
        "abcdefghijklmnoprstuvwxyz baeijlnorstuy cacehiklortu dabdeilorsu eabcdefghiklmnpqrstuvwxyz "
        + "faefilorstuy gaeghilnorstu haehilmnorstu iabcdefgklmnopqrstvxz jaeiou "
        + "kaehiklorstuy labcdegilostuvyz mabeimopsu nacdefgiklnostuvyz oabcdefgiklmnoprstuvwy "
        + "pacefhiklmoprstu qu rabcdefgiklmnorstuvwyz sacefghikmnopstuy tacefhilorstuwyz "
        + "uabcdefgiklmnoprstvy vaeiou waehinors xaceipt yaeilnopstu "
        + "zaeisuwz";

    /// <summary>For each letter, a bit per letter that commonly follows it (see <see cref="CommonLetterPairs"/>).</summary>
    private static readonly int[] WordPairs = BuildWordPairs();

    private static int[] BuildWordPairs()
    {
        var pairs = new int[26];
        foreach (var followers in CommonLetterPairs.Split(' '))
        {
            foreach (var next in followers.AsSpan(1))
            {
                pairs[followers[0] - 'a'] |= 1 << (next - 'a');
            }
        }

        return pairs;
    }

    /// <summary>
    /// Whether a stretch of at least <see cref="MinRandomRunLength"/> letters and digits, unbroken by
    /// '-', '_', '/' or '+', switches between a letter and a digit at least twice in the run.
    /// </summary>
    private static bool AlternatesLettersAndDigits(ReadOnlySpan<char> run)
    {
        int switches = 0, stretch = 0, longestStretch = 0;
        var previous = '\0';
        foreach (var c in run)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                switches += stretch > 0 && char.IsAsciiDigit(c) != char.IsAsciiDigit(previous) ? 1 : 0;
                longestStretch = Math.Max(longestStretch, ++stretch);
            }
            else
            {
                stretch = 0;
            }

            previous = c;
        }

        return longestStretch >= MinRandomRunLength && switches >= 2;
    }

    /// <summary>
    /// A basic ISO 8601 date and time such as 20261124T090000Z or 20261124T090000+0700, which has letters
    /// and digits but is no secret.
    /// </summary>
    private static bool IsBasicIsoTime(ReadOnlySpan<char> run)
    {
        if (run.Length < 13 || run[8] is not ('T' or 't') || run[..8].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var time = run[9..];
        var offset = time.IndexOfAny('+', '-');
        if (offset >= 0)
        {
            // The offset is hours and minutes, with or without a colon-free two-digit form: +07 or +0700.
            var zone = time[(offset + 1)..];
            if (zone.Length is not (2 or 4) || zone.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            time = time[..offset];
        }

        return !time.TrimEnd("Zz").ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>
    /// Mixed-case words without digits made of word-like pieces, such as HTTPSConnectionPool, NSURLErrorDomain,
    /// SQLServerException or WWW-Authenticate: every piece (between '-', '_', '/' or '+') starts with a capital,
    /// and every run of lower-case letters is at least two letters long and holds a vowel, so it reads as a
    /// syllable. Random letters switch case far more often ("qzmxvbwpjrTnlhgfdscyAE", "kXpQmZrTbW...").
    /// </summary>
    private static bool IsCamelCaseWords(ReadOnlySpan<char> run)
    {
        int upper = 0, lower = 0;
        var pieceStart = true;
        for (var i = 0; i < run.Length; i++)
        {
            var c = run[i];
            if (c is '-' or '_' or '/' or '+')
            {
                pieceStart = true;
                continue;
            }

            if (char.IsAsciiLetterUpper(c))
            {
                upper++;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                if (pieceStart)
                {
                    return false;
                }

                var end = i;
                var vowel = false;
                while (end < run.Length && char.IsAsciiLetterLower(run[end]))
                {
                    vowel |= run[end] is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
                    end++;
                }

                if (end - i < 2 || !vowel)
                {
                    return false;
                }

                lower += end - i;
                i = end - 1;
            }
            else
            {
                return false;
            }

            pieceStart = false;
        }

        // Words have more lower-case letters than capitals.
        return upper > 0 && lower >= upper;
    }

    /// <summary>
    /// Full-width forms (U+FF01-FF5E) read as the ASCII they stand for, and colons and equals signs
    /// of other scripts and sizes as ':' and '=', so "password：..." or "ｔｏｋｅｎ＝..." is a key and its value.
    /// </summary>
    private static string WithAsciiLookalikes(string text)
    {
        var first = text.AsSpan().IndexOfAnyExceptInRange('\0', '\u00ff');
        if (first < 0)
        {
            return text;
        }

        char[]? copy = null;
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            var ascii = AsciiLookalike(c);
            if (ascii != c)
            {
                copy ??= text.ToCharArray();
                copy[i] = ascii;
            }
        }

        return copy is null ? text : new string(copy);
    }

    /// <summary>
    /// The ASCII character <paramref name="c"/> reads as: a full-width form's, or ':' and '=' for every
    /// character whose compatibility decomposition (NFKC) is one of them and for their confusables in
    /// Unicode's confusables.txt that are not combining marks (a mark such as the Devanagari visarga is
    /// part of a word of its script, as Thai vowels are); otherwise <paramref name="c"/> itself.
    /// </summary>
    internal static char AsciiLookalike(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        // NFKC ':' (small and vertical forms), then confusables.
        '\uFE13' or '\uFE55'
            or '\u02D0' or '\u02F8' or '\u0589' or '\u05C3' or '\u0703' or '\u0704' or '\u16EC' or '\u1803' or '\u1809'
            or '\u205A' or '\u2236' or '\uA4FD' or '\uA789' or '\uFE30' => ':',
        // NFKC '=' (small, superscript and subscript forms), then confusables.
        '\uFE66' or '\u207C' or '\u208C'
            or '\u1400' or '\u2E40' or '\u30A0' or '\uA4FF' or '\uA78A' => '=',
        _ => c,
    };

    private const int MaxDecodingRounds = 8;
    private static readonly SearchValues<char> EscapeStarts = SearchValues.Create("%&\\");

    /// <summary>
    /// Decodes the escapes a key, a separator or a token can be written with, repeatedly (a bounded
    /// number of times), so <c>access%2525255Ftoken</c>, <c>password&amp;#61;</c> and <c>password\u003d</c>
    /// read as what they are: percent-escapes (also of UTF-8 sequences), HTML character references
    /// and JSON <c>\uXXXX</c> escapes. An escape is decoded only when it stands for one of
    /// <see cref="PercentDecodedCharacters"/> or a look-alike of one, or for an invisible character,
    /// which is removed as a literal one is; other escapes stay, so a decoded ';' or space cannot end a value early.
    /// </summary>
    private static string EscapesDecoded(string text)
    {
        for (var round = 0; round < MaxDecodingRounds && text.AsSpan().ContainsAny(EscapeStarts); round++)
        {
            var decoded = EscapesDecodedOnce(text);
            if (ReferenceEquals(decoded, text))
            {
                break;
            }

            text = decoded;
        }

        return text;
    }

    private static string EscapesDecodedOnce(string text)
    {
        StringBuilder? builder = null;
        var copied = 0;
        var i = text.AsSpan().IndexOfAny(EscapeStarts);
        while (i >= 0)
        {
            var (length, replacement) = text[i] switch
            {
                '%' => PercentEscape(text, i),
                '&' => CharacterReference(text, i),
                _ => JsonEscape(text, i),
            };
            if (length > 0)
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, i - copied);
                if (replacement != '\0')
                {
                    builder.Append(replacement);
                }

                copied = i + length;
            }

            var next = i + Math.Max(length, 1);
            var offset = next < text.Length ? text.AsSpan(next).IndexOfAny(EscapeStarts) : -1;
            i = offset < 0 ? -1 : next + offset;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// What an escaped code point reads as: '\0' to remove it (an invisible character), the character
    /// or the ASCII it looks like when that is a key, separator or token character; null to keep the escape.
    /// </summary>
    private static char? Readable(int codePoint)
    {
        if (!Rune.IsValid(codePoint) || codePoint == 0)
        {
            return null;
        }

        if (TextCleaner.IsInvisible(new Rune(codePoint)))
        {
            return '\0';
        }

        var ascii = codePoint <= char.MaxValue ? AsciiLookalike((char)codePoint) : '\0';
        return PercentDecodedCharacters.Contains(ascii) ? ascii : null;
    }

    /// <summary>A percent-escape of one byte, or of the bytes of one UTF-8 character, at <paramref name="at"/>: its length and what it reads as.</summary>
    private static (int Length, char Replacement) PercentEscape(string text, int at)
    {
        // The non-standard %uXXXX some servers (IIS, JavaScript's escape()) write.
        if (at + 6 <= text.Length && text[at + 1] is 'u' or 'U'
            && int.TryParse(text.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
        {
            return Readable(unit) is { } wide ? (6, wide) : default;
        }

        if (HexByte(text, at + 1) is not { } first)
        {
            return default;
        }

        var count = first switch { < 0x80 => 1, >= 0xC2 and < 0xE0 => 2, >= 0xE0 and < 0xF0 => 3, >= 0xF0 and < 0xF5 => 4, _ => 0 };
        Span<byte> bytes = stackalloc byte[4];
        bytes[0] = first;
        for (var k = 1; k < count; k++)
        {
            var escape = at + 3 * k;
            if (escape >= text.Length || text[escape] != '%' || HexByte(text, escape + 1) is not { } next)
            {
                return default;
            }

            bytes[k] = next;
        }

        if (count == 0 || Rune.DecodeFromUtf8(bytes[..count], out var rune, out _) != OperationStatus.Done)
        {
            return default;
        }

        return Readable(rune.Value) is { } replacement ? (3 * count, replacement) : default;
    }

    /// <summary>An HTML character reference (<c>&amp;#61;</c>, <c>&amp;#x3D;</c>, <c>&amp;equals;</c>, <c>&amp;colon;</c>) at <paramref name="at"/>.</summary>
    private static (int Length, char Replacement) CharacterReference(string text, int at)
    {
        var rest = text.AsSpan(at + 1);
        foreach (var (name, named) in NamedReferences)
        {
            if (rest.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                return (name.Length + 1, named);
            }
        }

        // A doubly escaped reference (&amp;#8203;, &amp;shy;) is one once '&amp;' is read: only then is it
        // decoded, so "Tom &amp; Jerry" keeps its escape.
        if (rest.StartsWith("amp;", StringComparison.OrdinalIgnoreCase)
            && (rest[4..].StartsWith("#") || rest[4..].StartsWith("amp;", StringComparison.OrdinalIgnoreCase)
                || CharacterReference(text, at + 4).Length > 0))
        {
            return (5, '&');
        }

        if (rest.Length < 2 || rest[0] != '#')
        {
            return default;
        }

        var hex = rest[1] is 'x' or 'X';
        var digits = rest[(hex ? 2 : 1)..];
        var length = hex ? digits.IndexOfAnyExcept(HexDigits) : digits.IndexOfAnyExceptInRange('0', '9');
        length = length < 0 ? digits.Length : length;
        if (length is 0 or > 7
            || !int.TryParse(digits[..length], hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var codePoint)
            || Readable(codePoint) is not { } replacement)
        {
            return default;
        }

        var end = (hex ? 3 : 2) + length;
        return (end < rest.Length + 1 && text[at + end] == ';' ? end + 1 : end, replacement);
    }

    /// <summary>
    /// The named HTML references a key, a separator or a token can be written with or split by: '=' and ':',
    /// and the invisible ones (soft hyphen, zero-width space and joiners, word joiner), removed like the
    /// characters; a no-break space reads as the space it shows. A short list, so the scan stays cheap.
    /// </summary>
    private static readonly (string Name, char Replacement)[] NamedReferences =
    [
        ("equals;", '='), ("colon;", ':'), ("shy;", '\0'), ("ZeroWidthSpace;", '\0'), ("zwj;", '\0'), ("zwnj;", '\0'),
        ("NoBreak;", '\0'), ("InvisibleTimes;", '\0'), ("InvisibleComma;", '\0'), ("it;", '\0'), ("ic;", '\0'),
        ("NegativeThinSpace;", '\0'), ("NegativeVeryThinSpace;", '\0'), ("NegativeMediumSpace;", '\0'),
        ("NegativeThickSpace;", '\0'), ("nbsp;", '\u00A0'),
    ];

    /// <summary>
    /// A JSON escape <c>\uXXXX</c> (a surrogate pair as two) at <paramref name="at"/>, or the other ways
    /// programs write one: JavaScript's <c>\u{200B}</c> and <c>\x3d</c>.
    /// </summary>
    private static (int Length, char Replacement) JsonEscape(string text, int at)
    {
        // JSON may escape '/' ("\/"), which would split a base64 key into pieces too short to look random.
        if (at + 1 < text.Length && text[at + 1] == '/')
        {
            return (2, '/');
        }

        if (at + 3 < text.Length && text[at + 1] is 'x' or 'X' && HexByte(text, at + 2) is { } hexByte)
        {
            return Readable(hexByte) is { } escaped ? (4, escaped) : default;
        }

        if (at + 3 < text.Length && text[at + 1] is 'u' && text[at + 2] == '{')
        {
            var close = text.AsSpan(at + 3, Math.Min(7, text.Length - at - 3)).IndexOf('}');
            return close > 0
                && int.TryParse(text.AsSpan(at + 3, close), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var codePoint)
                && Readable(codePoint) is { } braced
                    ? (close + 4, braced)
                    : default;
        }

        if (JsonUnit(text, at) is not { } unit)
        {
            return default;
        }

        if (char.IsHighSurrogate(unit))
        {
            return JsonUnit(text, at + 6) is { } low && char.IsLowSurrogate(low) && Readable(char.ConvertToUtf32(unit, low)) is { } pair
                ? (12, pair)
                : default;
        }

        return Readable(unit) is { } replacement ? (6, replacement) : default;
    }

    private static char? JsonUnit(string text, int at) =>
        at + 6 <= text.Length && text[at] == '\\' && text[at + 1] is 'u' or 'U'
        && int.TryParse(text.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit)
            ? (char)unit
            : null;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static byte? HexByte(string text, int at) =>
        at + 2 <= text.Length && char.IsAsciiHexDigit(text[at]) && char.IsAsciiHexDigit(text[at + 1])
            ? (byte)((HexValue(text[at]) << 4) | HexValue(text[at + 1]))
            : null;

    private static int HexValue(char c) => char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;

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
