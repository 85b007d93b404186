using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// The first pass: keys that name a secret, the text a key may be written with, and the regex that replaces their values,
// run only at the separators a key may stand before. Long because the regex, its anchored branches and the check
// that picks the branches at a separator must be read together: the check is only right while it mirrors the regex.
public static partial class SecretRedactor
{
    private const string SecretWord =
        "(?:token|secret|passw(?:or)?d|pwd|passphrase|api" + KeyPartJoin + "key|signature|credential|priv(?:ate)?" + KeyPartJoin + "key"
        + "|account[_. -]?key|access[_. -]?key|auth[_. -]?key|licen[cs]e[_. -]?key|session[_. -]?id|cookie|" + ThaiTokenKeyWord
        + QualifiedKey + SignatureKey + ")";

    // A request's signature or digest under its short name, as Shopee, Lazada and payment gateways write it ("sign=",
    // "hash=", "\"sign\":"): only as a whole word, so "design", "signal" and "hashtag" stay, and not before '_', so
    // "sign_method=sha256" and "hash_type=md5" name an algorithm and stay, as "hmac_algorithm" does. A phrase after
    // ':' is prose ("sign: in required", "hash mismatch: expected 3"), as after any key.
    private const string SignatureKey = "|(?<![a-z])(?:sign|hash)(?![a-z_])";

    // A compound key whose last word is "key" (or a code or HMAC) and whose other word says it is a secret one:
    // Shopee's partner_key, Lazada's encrypt_key, WeChat's EncodingAESKey, an APIM subscription key, an OAuth auth_code.
    // The qualifier decides, so sort_key, primary_key, partition_key and row_key stay, and so does app_key, which
    // Lazada and TikTok use as a public app id.
    private const string QualifiedKey =
        "|(?:partner|encrypt(?:ion)?|session|signing|master|client|subscription|aes|hmac)[_. -]?key"
        + "|auth[_. -]?code|(?<![a-z])hmac(?![a-z_])";

    // A key may be written as words ("Secret Key", "secret value"): one such noun may follow the key word.
    private const string KeyNoun = "(?: (?:key|id|value|string))?";

    // Words may link a key to its separator: a qualifier in brackets ("Password (temporary):"), a participle
    // ("password used:", "API Key provided:"), a verdict ("token mismatch:") and a copula ("password is:").
    private const string KeyLink =
        @"(?:\s*\([a-z ]{1,24}\))?(?:\s+(?:used|provided|sent|given|supplied|entered|submitted|received|specified))?"
        // A verdict on the value that follows it ("verify_token mismatch:", "password rejected:", "token is not valid:").
        // The copula may come first: "token is not valid:", "password was incorrect:".
        + @"(?:(?:\s+(?:is|was|are|were))?\s+(?:mismatch(?:ed)?|rejected|invalid|not valid|incorrect|wrong|not accepted))?(?:\s+(?:is|was|are|were))?";

    // Password keys, also in the languages of the shops the product serves (the product is used across South-East
    // Asia) and as JSON property names, and the short forms web forms use ("psw", "pword"). "pass" and "pw" are common word parts ("bypass", "passed", "compass"), so
    // they count only as whole words, or after a short prefix that names whose password it is ("newpass",
    // "dbpass", an environment variable's "SSHPASS", Redis's "requirepass", keytool's "storepass"), optionally numbered ("pass1"). Only the English and Thai words may be followed by more of a key
    // ("password_hash"): in a lookbehind each word is tried at every length of that tail, and a longer list there
    // would slow every ':' and '=' of a message down. The tail is lazy: a lookbehind only asks whether the key is there
    // (it captures nothing and is atomic), so the same keys match, and the key that ends right at the separator, the
    // common one ("password:", "access_token="), is found first instead of after a scan back over the whole word.
    // A pass phrase and a wallet's words, which are the secret itself (a seed or recovery phrase, a mnemonic), are
    // password keys too (see PhraseKeyWord).
    private const string PasswordWord =
        "(?:(?:pass" + KeyPartJoin + "w(?:or)?d|pwd|" + PhraseKeyWord + "|" + ThaiPasswordKeyWord + ")[\\w.-]*?"
        // Written with digits or symbols for letters, as people write it to dodge a filter: passw0rd, Pa55word, pa$$word, p@ssword.
        + "|p[a@4][s5$][s5$]w[o0]rd"
        + "|passwort|pswd|pass" + KeyPartJoin + "code|kata[_. -]?(?:sandi|laluan)|m[aậ]t[_. -]?kh[aẩ]u|mot[_. -]?de[_. -]?passe|contrase[nñ]a"
        // The other European languages' common words: German, Dutch, Portuguese, Polish, Turkish, Swedish, Danish,
        // Norwegian, Finnish, Russian and Ukrainian (Italian's "parola" also means "word", so it is left out).
        + "|kennwort|wachtwoord|senha|has[lł]o|[sş]ifre|l[oö]senord|adgangskode|passord|salasana|пароль|парол[ья]"
        + "|密码|密碼|パスワード|비밀번호"
        + "|(?<![a-z0-9])(?:new|old|db|sql|root|admin|user|mail|smtp|imap|ftp|wifi|ssh|smb|vnc|redis|require|bind|ldap|rsync|proxy|key|store|master)?[_.-]?(?:pass|passw|pw|pin|psw|pword)[0-9]?(?![a-z])"
        + "|(?<![a-z0-9/])p/w(?![a-z]))"
        + KeyLink;
    // An ideographic full stop or comma ends it: Chinese and Japanese write the next sentence right after one.
    private const string UnquotedValue = @"[^\s""'\\&,;<>()\[\]{}。、]+";

    // Each branch names one group whose text is replaced: "secret" always, "maybe" unless it reads
    // as a plain word ("token: expired"). The key itself sits before the match, in a lookbehind, so
    // it is kept as it was written.
    // Authorization headers, with or without a scheme.
    private const string AuthorizationBranch =
        @"[:=](?<=authorization\\?[""']?\s*[:=])\s*\\?[""']?" + NotAPlaceholder
        + @"(?:(?:bearer|basic|digest|sharedkey|sharedkeylite|sharedaccesssignature|token|sas|hmac-sha256)(?:\s+|\s*=\s*\\?[""']?)(?<secret>[^\s""'\\,;]+)"
        + AnySchemeToken + @"|(?<secret>[^\s""'\\,;]+))";

    // "Bearer <token>" in documentation names the token rather than holding one.
    private const string NotAPlaceholder = @"(?!(?:[a-z-]+\s+)?<[a-z]+>)";

    // Whatever a scheme is called (ApiKey, SSWS, Bot), the token after it is the secret; the scheme word stays. A
    // capitalised word followed by a plain word is prose ("Authorization: Missing header"), so that token may stay.
    private const string AnySchemeToken = @"|(?-i:[A-Z][A-Za-z0-9-]{1,24})(?:\s+|\s*=\s*\\?[""']?)(?<maybe>[^\s""'\\,;]+)";

    // Cookie headers: every cookie of the line.
    private const string CookieBranch =
        @":(?<=(?<![a-z0-9_-])(?:set-)?cookie\\?[""']?\s*:)\s*(?<secret>[^\s;=""]+=[^\s;""]*(?:;\s*[^\s;=""]+=[^\s;""]*)*)";

    // Passwords, which may be several plain words: up to the end of the clause (a separator or a bracket).
    // An arrow may follow the separator or sit inside the clause ("password=> x", "passphrase ==> x", "password: reset -> x"), and an
    // ODBC value may be braced ("Password={x};").
    private const string PasswordBranch =
        @"[:=](?:(?<=" + PasswordWord + @"\\{0,3}[""']?\s*[:=])|" + UserBeforePassword + @")(?>\s*(?:" + ArrowAfterSeparator + @")?\s*)"
        + @"(?:" + QuotedValue + "|" + BracketedRun + @"|\{(?<secret>[^}]+)\}"
        + @"|(?<secret>(?:[^;,&""'<>()\[\]{}。、]|(?<=[-=])>" + PasswordValueJoin + @")*[^\s;,&""'<>()\[\]{}。、]))";

    // A user and a password joined by ':' after a word for credentials or a login ('credentials "shop:x"',
    // "login shop01:x rejected"): the password follows the ':', written right after it, as no prose's colon is, and
    // the user is no verdict ("login failed:retry").
    private const string UserBeforePassword =
        @"(?<=(?<![a-z])(?:credentials?|creds|login)\s+[""']?(?!(?:failed|error|denied|refused|rejected|attempt|ok)\b)[\w.@-]{1,64}:)(?=[^\s""'])";

    // A password may hold '&', ';' and ',' ("Tr0ub4dor&3xyz", "abc;def"): one of them ends it only before a space,
    // a character outside ASCII (a Chinese or Japanese clause written right after a full-width '；'), the next key
    // ("name="), or where it separates parameters: '&' in a URL's query ("?password=a&b") and ';' in a
    // connection string ("Server=x;Password=y;z") whose key follows another key's value.
    private const string PasswordValueJoin =
        @"|[&;,](?=[\x21-\x7E])(?=[^\s;,&""'<>()\[\]{}])(?!" + NextKey + ")"
        + @"(?<![?&][\w.%-]{1,64}=[^\s?&]*&)(?<![\w.-]=[^;]*;\s*[\w .-]{1,64}=[^;]*;)";

    // The next key after a separator: a name of up to four words, then '='.
    private const string NextKey = @"[a-z_][\w.-]*(?: [a-z_][\w.-]*){0,3}\s*=";

    [GeneratedRegex(@"\G" + NextKey, SecretOptions)]
    private static partial Regex NextKeyAt();

    // A quoted value: JSON's (an escaped quote inside it is part of it), JSON escaped once or more inside JSON
    // (\"value\", \\\"value\\\"), SQL's N'value', and the other quotes a value is written in.
    private const string QuotedValue =
        @"""(?<secret>(?:[^""\\]|\\.)+)|\\{1,3}""(?<secret>[^""\\]+)|''(?<secret>[^']+)''|(?-i:N)?'(?<secret>[^']+)"
        + @"|«(?<secret>[^»]+)»|„(?<secret>[^“”""]+)|‹(?<secret>[^›]+)›|`(?<secret>[^`]+)`|「(?<secret>[^」]+)」|『(?<secret>[^』]+)』"
        // Typographic quotes, opened either way round as word processors and locales write them, and CJK angle brackets.
        + @"|[“”](?<secret>[^“”]+)[“”]|[‘’‚](?<secret>[^‘’]+)[‘’]|〈(?<secret>[^〉]+)〉|《(?<secret>[^》]+)》"
        + OtherQuotedValue;

    // Any other quote or bracket outside ASCII, by its Unicode category (German »x«, 【x】, 〔x〕, half-width ｢x｣, vertical
    // ﹁x﹂, 〝x〞, ⟨x⟩) or as an ornament (❛x❜, ❝x❞): opened by an opening or either quotation mark, closed by the first
    // closing or quotation mark. The marks named above come first, as they close only on their own pair.
    private const string OtherQuotedValue =
        @"|[\p{Ps}\p{Pi}\p{Pf}❛❝-[\x00-\x7F]](?<secret>[^\p{Pe}\p{Pi}\p{Pf}❜❞]+)[\p{Pe}\p{Pi}\p{Pf}❜❞]"
        // A pair of reversed categories ("﴾x﴿") and the same mark on both sides ("״x״"): see ValueQuoteOpen and SameMarkCharacter.
        + @"|[\p{Pe}-[\x00-\x7F]](?<secret>[^\p{Ps}\p{Pe}\p{Pi}\p{Pf}]+)[\p{Ps}-[\x00-\x7F]]"
        + "|" + SameMarkCharacter + @"(?<secret>[^\r\n]{1,256}?)" + SameMarkCharacter;

    // Keys that name a secret: "value" and 'value' (JSON, also escaped inside JSON), =value, : value. The key's tail
    // after its secret word is lazy, as PasswordWord's is. A secret
    // (client_secret=, "secret:") may be a passphrase: when a word of letters and more words follow '=' or ':', they
    // run to the end of the clause, as a password's do ("secret: correct horse battery staple"), and are judged whole,
    // so a state stays ("secret: not found"); a token is one run of characters, so "secret=x7Hq2pLm9Z ok" keeps "ok".
    private const string SecretKeyBranch =
        @"[:=](?<=" + SecretWord + @"[a-z0-9_.-]*?" + KeyNoun + KeyLink + @"\\{0,3}[""']?\s*[:=])(?>\s*(?:" + ArrowAfterSeparator + @")?\s*)"
        + @"(?:" + QuotedValue + "|" + BracketedRun + @"|(?<=secret\s*[:=]\s*)(?<secret>[a-z]{1,16}(?:[ \t]+[^\s;,&""'<>()\[\]{}]+)+)"
        + @"|(?<=:\s*)(?<maybe>" + UnquotedValue + ")"
        // After an arrow a plain word is a state, as after ':' ("token => undefined").
        + @"|(?<=[>\u2190-\u21FF\u27F0-\u27FF\u2900-\u297F\u2B00-\u2BFF\u2794-\u27BF≫»›]\s*)(?<maybe>" + UnquotedValue + ")|(?<secret>" + UnquotedValue + "))";

    // SAS signatures and OAuth authorization codes, which have generic names. A query's "key" is an API key (Google's
    // APIs) and its "code" an authorization code, unless the value has the shape of an ordinary id or a status code
    // ("key=shop-id", "code=500"): group "id".
    private const string GenericKeyBranch =
        @"=(?:(?<=(?<![a-z0-9_.-])sig=|[?&;]auth=|" + ProgramAuthKey + @"=)(?<secret>[^\s&""'<>]+)|(?<=[?&;](?:code|key)=)(?<id>[^\s&""'<>#]+))";

    // A program's credentials named "auth" after whose they are: an environment variable (REDISCLI_AUTH, BASIC_AUTH),
    // written in capitals as environment variables are, and Redis's masterauth; "require_auth=true" is a setting.
    private const string ProgramAuthKey = "(?<![a-z0-9_])(?:(?-i:[A-Z][A-Z0-9]*_AUTH)|masterauth)";

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
    internal static readonly string[] KeyFragmentList =
        ["cookie", "pass", "pw", "p/w", "pin", "psw", "kata", "kh", "contrase", "phrase", "mnemonic", "seed", "recovery", "words", "creds", "login", "token", "secret", "key", "sign", "hash", "credential", "session",
            "a55w", "a5sw", "as5w", "a$$w", "a$sw", "as$w", "@ssw", "4ssw", "w0rd", "kennwort", "wachtwoord", "senha", "hasl", "sifre", "senord", "adgangskode", "salasana",
            "hmac", "authcode", "auth_code", "auth-code", "auth.code", "auth code"];

    // The fragments of KeyFragmentList by the hash of their first three characters (two for a fragment of two),
    // lower-cased, among 4,096 buckets: at each place in the words only the fragments whose opening hashes as the
    // characters there do are compared, most places none.
    private static readonly string[]?[] KeyFragmentsByOpening = FragmentsByOpening(KeyFragmentList);

    private static string[]?[] FragmentsByOpening(string[] fragments)
    {
        var buckets = new string[]?[4096];
        foreach (var fragment in fragments)
        {
            var hash = OpeningHash(fragment.AsSpan(), 0, fragment.Length >= 3);
            buckets[hash] = [.. buckets[hash] ?? [], fragment];
        }

        return buckets;
    }

    private static int OpeningHash(ReadOnlySpan<char> text, int at, bool three) =>
        ((AsciiLower(text[at]) * 131) + AsciiLower(text[at + 1]) + (three ? AsciiLower(text[at + 2]) * 17161 : 0)) & 4095;

    private static int AsciiLower(char c) => char.IsAsciiLetterUpper(c) ? c | 0x20 : c;

    /// <summary>
    /// Whether the words hold one of <see cref="KeyFragmentList"/>, without case. At each place, only the fragments
    /// whose first two or three characters hash as the characters there do (<see cref="KeyFragmentsByOpening"/>) are
    /// compared; elsewhere none can start. A search for the 45 strings (a SearchValues) cost a few tenths of a
    /// microsecond at each separator, over a microsecond for a long URL before "Authorization:", though most words
    /// hold none; this is a few nanoseconds a character. The words are ASCII: a key with a character outside ASCII
    /// takes every branch before this is asked.
    /// </summary>
    internal static bool HoldsKeyFragment(ReadOnlySpan<char> words)
    {
        if (words.Length < 2)
        {
            return false;
        }

        // Each character is lower-cased once: the next place reuses the two it shares with this one.
        var lower = AsciiLower(words[0]);
        var next = AsciiLower(words[1]);
        for (var at = 0; at + 1 < words.Length; at++)
        {
            var two = (lower * 131) + next;
            var third = at + 2 < words.Length ? AsciiLower(words[at + 2]) : -1;
            if ((KeyFragmentsByOpening[two & 4095] is { } pairs && HoldsFragmentAt(words[at..], pairs, 2))
                || (third >= 0 && KeyFragmentsByOpening[(two + (third * 17161)) & 4095] is { } longer && HoldsFragmentAt(words[at..], longer, 3)))
            {
                return true;
            }

            lower = next;
            next = third;
        }

        return false;
    }

    // Whether the words start with one of the bucket's fragments; a bucket holds the fragments of two characters and
    // those of three or more apart only by their hash, so each is asked for its length's own share.
    private static bool HoldsFragmentAt(ReadOnlySpan<char> words, string[] bucket, int opening)
    {
        foreach (var fragment in bucket)
        {
            if ((fragment.Length >= 3 ? 3 : 2) == opening && words.StartsWith(fragment, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // The most words a key and what links it to its separator span, from the word holding one of KeyFragmentList
    // on: "session id value is:", "api key value was:", "mot de passe is:".
    private const int MaxKeyWords = 4;

    // What a key and the text between it and its separator are written with: word characters, '.', '-', spaces,
    // quotes and a backslash (escaped JSON), brackets around a qualifier ("Password (temporary):") and the '/' of "p/w",
    // in the lookbehinds of Pattern.
    private static readonly SearchValues<char> KeyCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.- \t\n\v\f\r\\\"'()/$@");

    /// <summary>
    /// The first pass: what <see cref="Pattern"/> matches, replaced. The same as <c>Regex.Replace</c> with the
    /// unanchored pattern, but the regex, whose lookbehinds are slow, runs only at a ':' or '=' that may start
    /// a match: one of "://", or one after a key that holds one of <see cref="KeyFragmentList"/>. Most separators of
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
                builder ??= TextBuilders.Rent(text.Length);
                builder.Append(text, copied, match.Index - copied).Append(Replace(match));
                copied = match.Index + match.Length;
                next = copied;
            }

            var offset = next < text.Length ? text.AsSpan(next).IndexOfAny(':', '=') : -1;
            separator = offset < 0 ? -1 : next + offset;
        }

        return builder is null ? text : TextBuilders.ToStringAndReturn(builder.Append(text, copied, text.Length - copied));
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
            || key.EndsWith("auth", StringComparison.OrdinalIgnoreCase) || key.EndsWith("key", StringComparison.OrdinalIgnoreCase)))
        {
            branches |= Branch.GenericKey;
        }

        var words = LastWords(key, MaxKeyWords);
        if (!HoldsKeyFragment(words))
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

    // The pieces of KeyFragmentList in PasswordWord's keys as written in ASCII ("mat khau", "kata sandi") ...
    private static readonly SearchValues<string> PasswordFragments = SearchValues.Create(
        ["pass", "pw", "p/w", "pin", "psw", "kata", "kh", "contrase", "phrase", "mnemonic", "seed", "recovery", "words", "credential", "creds", "login",
            "a55w", "a5sw", "as5w", "a$$w", "a$sw", "as$w", "@ssw", "4ssw", "w0rd", "kennwort", "wachtwoord", "senha", "hasl", "sifre", "senord", "adgangskode", "salasana"],
        StringComparison.OrdinalIgnoreCase);

    // ... and in SecretWord's ("passwd", "pwd", "api key", "session id").
    private static readonly SearchValues<string> SecretWordFragments = SearchValues.Create(
        ["token", "secret", "pass", "pw", "key", "sign", "hash", "credential", "session", "cookie",
            "hmac", "authcode", "auth_code", "auth-code", "auth.code", "auth code"], StringComparison.OrdinalIgnoreCase);

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
}
