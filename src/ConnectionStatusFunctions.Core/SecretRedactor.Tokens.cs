using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// The second pass: the walk over runs of token characters, and what makes a run a secret there. Long because the
// walk is one loop whose cases (a scheme, a key word before a space, a known prefix, a random run) share its state.
public static partial class SecretRedactor
{
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



    /// <summary>The second pass: walks each maximal run of token characters and replaces the secret ones.</summary>
    private static string RedactTokens(string text)
    {
        StringBuilder? builder = null;
        var copied = 0;
        var position = 0;
        var judgedChainEnd = 0;
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

            if ((text[start] == '-' && IsSecretOption(text.AsSpan(start, end - start)) ? SecretOptionValue(text, end)
                    : SpacedKeyEnd(text, start, end) is > 0 and var keyEnd ? SpacedSecret(text, keyEnd) : default) is { Length: > 0 } value
                && HoldsAValue(text.AsSpan(value.Index, value.Length)))
            {
                builder ??= TextBuilders.Rent(text.Length);
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
            if ((secretEnd < 0 || secretEnd == end) && start >= judgedChainEnd)
            {
                // Most runs end at a space or ASCII punctuation, which joins no pieces (JoinerLength): settled here, since
                // the call, whose frame holds a stackalloc, cost more than the check on each of them.
                if (end == text.Length || (text[end] < '\u00A0' && text[end] is not ('.' or ':' or '~')))
                {
                    judgedChainEnd = end;
                }
                else if (JoinedPiecesEnd(text, start, end, out judgedChainEnd) is > 0 and var joinedEnd)
                {
                    secretEnd = joinedEnd;
                }
            }

            if (secretEnd > start)
            {
                builder ??= TextBuilders.Rent(text.Length);
                builder.Append(text, copied, start - copied).Append(Marker);
                copied = secretEnd;
            }

            position = Math.Max(padded, secretEnd);
        }

        return builder is null ? text : TextBuilders.ToStringAndReturn(builder.Append(text, copied, text.Length - copied));
    }

    /// <summary>
    /// Whether a run is an environment variable named for a secret ("MYSQL_ROOT_PASSWORD", "STRIPE_SECRET_KEY"): words of
    /// capitals joined by '_', the last a secret's name. It names the key whose value the first pass took; read as a
    /// run of capitals it looked random, and "MYSQL_ROOT_PASSWORD=x" lost its name to a second marker.
    /// </summary>
    private static bool IsSecretVariableName(ReadOnlySpan<char> run)
    {
        // Most runs are words in small letters: settled by their first letter before any search.
        if (!char.IsAsciiLetterUpper(run[0]))
        {
            return false;
        }

        var lastWord = run.LastIndexOf('_');
        if (lastWord <= 0 || run.ContainsAnyExcept(CapitalsAndUnderscore) || run.Contains("__", StringComparison.Ordinal) || run[0] == '_')
        {
            return false;
        }

        var name = run[(lastWord + 1)..];
        foreach (var secretName in SecretVariableNames)
        {
            if (name.SequenceEqual(secretName))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly SearchValues<char> CapitalsAndUnderscore = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ_");

    private static readonly string[] SecretVariableNames = ["PASSWORD", "PASSWD", "PWD", "PASS", "PASSPHRASE", "SECRET", "TOKEN", "KEY", "CREDENTIALS", "CREDENTIAL"];

    /// <summary>Where the secret starting at <paramref name="start"/> ends, or -1 when the run is not one.</summary>
    private static int SecretEnd(string text, int start, int end, int padded)
    {
        var run = text.AsSpan(start, end - start);
        if (IsSecretVariableName(run))
        {
            return -1;
        }

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

        // An arrow written right after the key ("password->x", "password-->x", "password- ->x"): its strokes end the run,
        // but they are the link, not the key.
        var strokesStart = end;
        while (strokesStart - start > 1 && text[strokesStart - 1] is '-' or '=' or '~' or ':')
        {
            strokesStart--;
        }

        if (strokesStart < end && IsArrowAfterKey(text, strokesStart) && IsSpacedKey(text, start, strokesStart))
        {
            return strokesStart;
        }

        var wordStart = start;
        for (var plus = PlusIn(text, start, end); plus >= 0; plus = PlusIn(text, wordStart, end))
        {
            if (IsSpacedKey(text, wordStart, plus))
            {
                return plus;
            }

            wordStart = plus + 1;
        }

        return -1;
    }

    // Where the first '+' between from and end is, or -1: one character at a time, since runs are mostly a few
    // characters long, where a vectorized search's setup costs more than the scan (it was asked of every run).
    private static int PlusIn(string text, int from, int end)
    {
        for (var at = from; at < end; at++)
        {
            if (text[at] == '+')
            {
                return at;
            }
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
        // Each length has its few words; most runs end here after one comparison or none.
        if (run.Length < 6)
        {
            return run.Length switch
            {
                2 => run.Equals("pw", StringComparison.OrdinalIgnoreCase),
                3 => run.Equals("pwd", StringComparison.OrdinalIgnoreCase)
                    || (run.Equals("key", StringComparison.OrdinalIgnoreCase) && IsKeyQualifier(PreviousWord(text, start))),
                // "pass" is a verb in prose; in brackets after a login it is the password ("(pass x)").
                4 => (run.Equals("pass", StringComparison.OrdinalIgnoreCase) && start > 0 && text[start - 1] == '(')
                    // "pass word", as "password" split by a space.
                    || (run.Equals("word", StringComparison.OrdinalIgnoreCase) && (PreviousWord(text, start).Equals("pass", StringComparison.OrdinalIgnoreCase)
                        // "Pass.Word": a run that a '.' split, as "pass_word" is one run.
                        || (start >= 5 && text[start - 1] == '.' && text.AsSpan(start - 5, 4).Equals("pass", StringComparison.OrdinalIgnoreCase)))),
                // Keys written as several words: Indonesian "kata sandi", French "mot de passe".
                _ => (run.Equals("sandi", StringComparison.OrdinalIgnoreCase) && PreviousWord(text, start).Equals("kata", StringComparison.OrdinalIgnoreCase))
                    || (run.Equals("passe", StringComparison.OrdinalIgnoreCase)
                        && text.AsSpan(0, start).TrimEnd().EndsWith("mot de", StringComparison.OrdinalIgnoreCase))
                    || run.Equals("token", StringComparison.OrdinalIgnoreCase)
                    // Portuguese "senha", one of the password keys docs/security.md lists.
                    || run.Equals("senha", StringComparison.OrdinalIgnoreCase)
                    // "seed words", "recovery words".
                    || (run.Equals("words", StringComparison.OrdinalIgnoreCase) && IsPhraseKey(text, end)),
            };
        }

        // Passwords and API keys, also as the end of a longer key ("smtp_password"), by their last letter.
        return (run[^1] | 0x20) switch
        {
            // A compound key's parts joined by '_', '.', '-' or nothing ("pass_word", "pass.wd", "Pass-Code"), as in the table.
            'd' => EndsWithParts(run, "pass", "word") || EndsWithParts(run, "pass", "wd"),
            // A phrase key ("passphrase", "pass-phrase", "secret phrase", "seed_phrase"): see IsPhraseKey.
            'e' => (run.EndsWith("phrase", StringComparison.OrdinalIgnoreCase) && IsPhraseKey(text, end)) || EndsWithParts(run, "pass", "code")
                || run.EndsWith("cookie", StringComparison.OrdinalIgnoreCase),
            'c' => run.EndsWith("mnemonic", StringComparison.OrdinalIgnoreCase),
            't' => run.EndsWith("secret", StringComparison.OrdinalIgnoreCase) || run.EndsWith("passwort", StringComparison.OrdinalIgnoreCase),
            // Plurals: "passwords are ...".
            // Redis's settings: "requirepass x", "masterauth x", Sentinel's "auth-pass mymaster x" (its value is after the master's name).
            'h' => run.EndsWith("masterauth", StringComparison.OrdinalIgnoreCase),
            's' => run.EndsWith("passwords", StringComparison.OrdinalIgnoreCase) || run.EndsWith("tokens", StringComparison.OrdinalIgnoreCase)
                || (run.EndsWith("words", StringComparison.OrdinalIgnoreCase) && IsPhraseKey(text, end))
                || run.EndsWith("requirepass", StringComparison.OrdinalIgnoreCase)
                || run.EndsWith("secrets", StringComparison.OrdinalIgnoreCase) || run.EndsWith("cookies", StringComparison.OrdinalIgnoreCase),
            'y' => IsQualifiedKeyRun(run),
            'n' => run.EndsWith("token", StringComparison.OrdinalIgnoreCase)
                || (run.Equals("laluan", StringComparison.OrdinalIgnoreCase) && PreviousWord(text, start).Equals("kata", StringComparison.OrdinalIgnoreCase)),
            _ => false,
        };
    }

    /// <summary>Whether a run ends in a compound key's two parts, joined by nothing, '_', '.' or '-', in any case.</summary>
    private static bool EndsWithParts(ReadOnlySpan<char> run, string first, string last)
    {
        if (!run.EndsWith(last, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var before = run[..^last.Length];
        if (before.Length > 0 && before[^1] is '_' or '.' or '-')
        {
            before = before[..^1];
        }

        return before.EndsWith(first, StringComparison.OrdinalIgnoreCase);
    }

    // Words that make a compound ending in "key" a secret's name ("sessionKey", "partner_key", "api-key"), as QualifiedKey does.
    private static readonly string[] SecretKeyQualifiers =
        ["api", "secret", "access", "private", "license", "licence", "account", "auth", "session", "partner", "encrypt", "encryption", "signing", "master", "client", "subscription", "aes", "hmac"];

    /// <summary>Whether a run ends in "key" after a word that makes it a secret's, at a word boundary (a separator, a capital, the run's start).</summary>
    private static bool IsQualifiedKeyRun(ReadOnlySpan<char> run)
    {
        if (!run.EndsWith("key", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var qualified = run[..^3].TrimEnd("_.-");
        foreach (var qualifier in SecretKeyQualifiers)
        {
            if (qualified.EndsWith(qualifier, StringComparison.OrdinalIgnoreCase)
                && (qualified.Length == qualifier.Length || !char.IsAsciiLetter(qualified[^(qualifier.Length + 1)]) || char.IsAsciiLetterUpper(qualified[^qualifier.Length])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsKeyQualifier(ReadOnlySpan<char> word) =>
        word.Equals("api", StringComparison.OrdinalIgnoreCase) || word.Equals("secret", StringComparison.OrdinalIgnoreCase)
        || word.Equals("access", StringComparison.OrdinalIgnoreCase) || word.Equals("private", StringComparison.OrdinalIgnoreCase)
        || word.Equals("license", StringComparison.OrdinalIgnoreCase) || word.Equals("licence", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a command-line option names a secret ("--password", "--db-password", "--client-secret", "--api-key"):
    /// its last word is a secret's name, so the word after it is its value whatever it reads like, unlike a key word's
    /// in prose ("password reset"). An option whose last word names something about the secret ("--password-file",
    /// "--token-expiry", "--api-key-id", "--pass-through") holds none.
    /// </summary>
    private static bool IsSecretOption(ReadOnlySpan<char> run)
    {
        var name = run.TrimStart('-');
        if (name.Length == run.Length || name.Length is < 2 or > 40 || run.Length - name.Length > 2)
        {
            return false;
        }

        var lastWord = name[(name.LastIndexOfAny('-', '_') + 1)..];
        foreach (var secretName in SecretOptionNames)
        {
            if (lastWord.Equals(secretName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] SecretOptionNames =
        ["password", "passwd", "passphrase", "pass", "pwd", "pw", "secret", "token", "key", "apikey", "credential", "credentials"];

    // Words that follow an option named in prose rather than its value ("the --password option is deprecated",
    // "set --api-key in the config").
    private static readonly string[] ProseAfterAnOption = ["option", "options", "flag", "flags", "argument", "parameter", "in", "is", "was", "and", "or", "to", "instead", "with", "for", "of"];

    private static bool IsProseAboutAnOption(ReadOnlySpan<char> rest)
    {
        var end = rest.IndexOfAny(' ', '\t');
        var word = (end < 0 ? rest : rest[..end]).TrimEnd(".,;:)");
        foreach (var prose in ProseAfterAnOption)
        {
            if (word.Equals(prose, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The value after an option and a space: a quoted one without its quotes, or the word; none when another option follows.</summary>
    private static (int Index, int Length) SecretOptionValue(string text, int optionEnd)
    {
        var start = optionEnd;
        while (start < text.Length && text[start] == ' ')
        {
            start++;
        }

        if (start == optionEnd || start >= text.Length || text[start] == '-' || IsProseAboutAnOption(text.AsSpan(start)))
        {
            return default;
        }

        if (text[start] is '"' or '\'' && text.IndexOf(text[start], start + 1) is > 0 and var close)
        {
            return close > start + 1 ? (start + 1, close - start - 1) : default;
        }

        var end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return (start, end - start);
    }

    /// <summary>
    /// Whether the mark at <paramref name="at"/> opens a pair of reversed categories ("﴾x﴿": Unicode files ﴾ as closing
    /// punctuation) or of the same mark twice ("״x״"), as the table's ValueQuoteOpen and SameMarkCharacter read them.
    /// </summary>
    private static bool OpensAPairOutsideAscii(string text, int at) =>
        text[at] > '\x7f' && char.GetUnicodeCategory(text[at]) switch
        {
            UnicodeCategory.ClosePunctuation => true,
            UnicodeCategory.OtherPunctuation => !NoPairMarks.Contains(text[at]) && text.IndexOf(text[at], at + 1) > at + 1,
            _ => false,
        };

    // The marks outside ASCII that end a clause or mark a list's item or a section: never a pair (see SameMarkCharacter).
    private static readonly SearchValues<char> NoPairMarks = SearchValues.Create("、。，．：；！？…‥・·•‣§¶†‡※");

    /// <summary>Where the secret written after a key word and a space is, or an empty range when what follows is none.</summary>
    private static (int Index, int Length) SpacedSecret(string text, int keyEnd)
    {
        // Markup around a key ("<b>password</b> -> x", a table's "<td>password</td><td>x</td>") and a bracketed owner or
        // qualifier after it ("password (shop01) -> x", KeyTable's SpacedKeyQualifier) are part of the key: the value is read past them, as after
        // "**password**", and they never become the marker themselves (which would read as handled, the value kept).
        if (keyEnd < text.Length && text[keyEnd] is '<' or ' ' && KeyMarkupOrQualifier().Match(text, keyEnd) is { Success: true } around)
        {
            var gap = around.Groups["cell"].Success || around.Groups["qualifier"].Success ? " " : string.Empty;
            var past = around.Index + around.Length;
            var read = SpacedSecret(string.Concat(text.AsSpan(0, keyEnd), gap, text.AsSpan(past)), keyEnd);
            if (read.Length > 0 && read.Index >= keyEnd + gap.Length)
            {
                return (read.Index - gap.Length + (past - keyEnd), read.Length);
            }

            return default;
        }

        // Most key words are followed by a separator ("access_token=") the first pass has dealt with: no need for the regex.
        // A bracket glued to the key opens its value ("password(x)", "password「x」"), unless it holds the marker already;
        // an ASCII quote glued to it is JSON's.
        if (keyEnd >= text.Length || !(char.IsWhiteSpace(text[keyEnd]) || text[keyEnd] is '%' or '+' || IsArrowAfterKey(text, keyEnd)
                || ((text[keyEnd] is '(' or '[' or '{' or '<' || char.GetUnicodeCategory(text[keyEnd]) is UnicodeCategory.OpenPunctuation or UnicodeCategory.InitialQuotePunctuation
                        || OpensAPairOutsideAscii(text, keyEnd))
                    && !text.AsSpan(keyEnd + 1).StartsWith(Marker, StringComparison.Ordinal))))
        {
            return default;
        }

        // A cookie header written without ':' ("cookie sid=..."): every cookie of the line, as after "Cookie:".
        if ((text.AsSpan(0, keyEnd).EndsWith("cookie", StringComparison.OrdinalIgnoreCase)
                || text.AsSpan(0, keyEnd).EndsWith("cookies", StringComparison.OrdinalIgnoreCase))
            && CookieList().Match(text, keyEnd) is { Success: true } cookies)
        {
            return (cookies.Groups["secret"].Index, cookies.Groups["secret"].Length);
        }

        // A compound key is read whole, the longest key at its place winning: the word after "secret", "mnemonic" or "api"
        // ("secret key|>x", "mnemonic phrase|>x", "api key -> x") is the key's second word, whose value the walk reads
        // when it reaches that word, not this key's value.
        if (IsSecondWordOfKey(text, keyEnd) || IsKeyWrittenAgain(text, keyEnd))
        {
            return default;
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

        // A bracketed value after a participle: a name such as "id_token" stays, anything else is the secret.
        if (match.Groups["id"] is { Success: true } id)
        {
            return IsOrdinaryId(id.ValueSpan) || IsPlainWord(id.ValueSpan) ? default : (id.Index, id.Length);
        }

        var value = match.Groups["maybe"];

        // The next word is a key whose value the first pass took ("secret phrase=[REDACTED]"): no value of this key.
        if (value.ValueSpan.EndsWith('=') && text.AsSpan(value.Index + value.Length).StartsWith(Marker, StringComparison.Ordinal))
        {
            return default;
        }

        // After a phrase key and a verb or an arrow, the value is the phrase to the end of its clause, judged whole.
        if (IsPhraseKey(text, keyEnd) && text.AsSpan(keyEnd, value.Index - keyEnd).ContainsAnyExcept(SpacesAsWritten))
        {
            var phraseEnd = PhraseEnd(text, value.Index);

            // A phrase the clause goes on from in another script ends where that text begins (see LocalTailStart).
            if (LocalTailStart(WithoutSentenceEnd(text.AsSpan(value.Index, phraseEnd - value.Index))) is > 0 and var headLength)
            {
                phraseEnd = value.Index + headLength;
            }

            var phrase = text.AsSpan(value.Index, phraseEnd - value.Index);
            return IsProseAboutAPhrase(phrase) || IsProseAboutAKey(text.AsSpan(keyEnd, value.Index - keyEnd), phrase) ? default : (value.Index, phraseEnd - value.Index);
        }

        var isPasswordKey = IsPasswordKey(text, keyEnd);
        var valueEnd = isPasswordKey ? PasswordValueEnd(text, value.Index + value.Length) : value.Index + value.Length;
        var word = WithoutSentenceEnd(text.AsSpan(value.Index, valueEnd - value.Index));
        return !IsProse(word) || (isPasswordKey && IsWordPassword(text, keyEnd, value.Index, valueEnd, word)) ? (value.Index, valueEnd - value.Index) : default;
    }

    /// <summary>
    /// Whether a plain word after a password's key is the password itself ("password was bangkokrain", "password
    /// sunflower!"): passwords are words as often as tokens. It is, unless it is a word that says what the password is
    /// or lacks (see <see cref="IsPasswordStateWord"/>). After a verb ("is", "was") the word is the password wherever
    /// the clause goes on; right after the key ("password expired", "password authentication failed") only when it ends
    /// the clause, since there a noun or a verb of the sentence is far likelier.
    /// </summary>
    private static bool IsWordPassword(string text, int keyEnd, int valueStart, int valueEnd, ReadOnlySpan<char> word)
    {
        if (word.Length < MinWordPasswordLength || word.ContainsAnyExcept(AsciiLetters) || IsPasswordStateWord(word) || !IsEnglishPasswordKey(text, keyEnd)
            || IsProseAboutAKey(text.AsSpan(keyEnd, valueStart - keyEnd), word))
        {
            return false;
        }

        // "to", a verb and a time after it is the key's plan, not its value ("password set to expire on 2026-12-31",
        // "password is set to rotate in 30 days").
        if (IsInfinitiveBeforeATime(text.AsSpan(keyEnd, valueStart - keyEnd), text.AsSpan(valueEnd)))
        {
            return false;
        }

        // A verb or an arrow links the key to its value wherever the clause goes on ("password was x", "password -> x").
        if (text.AsSpan(keyEnd, valueStart - keyEnd).ContainsAnyExcept(SpacesAsWritten))
        {
            return true;
        }

        // Right after the key and a space, a capitalised word is a name the sentence is about ("password Facebook",
        // "reset password Google"), as an acronym is ("password LINE").
        if (char.IsAsciiLetterUpper(word[0]))
        {
            return false;
        }

        var rest = text.AsSpan(valueEnd).TrimStart(" \t");
        return rest.IsEmpty || rest[0] is ',' or ';' or '(' or ')' or '\n' or '\r';
    }

    // The prepositions that open a time or a count after a verb ("on 2026-12-31", "in 30 days", "at 09:00").
    private static readonly WordSet TimePrepositions = new(["on", "in", "at", "after", "within", "by", "every"]);

    private static bool IsInfinitiveBeforeATime(ReadOnlySpan<char> link, ReadOnlySpan<char> rest)
    {
        link = link.TrimEnd(" \t");
        if (!(link.EndsWith(" to", StringComparison.OrdinalIgnoreCase) || link.Equals("to", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        rest = rest.TrimStart(" \t");
        var space = rest.IndexOfAny(' ', '\t');
        if (space <= 0 || !TimePrepositions.Contains(rest[..space]))
        {
            return false;
        }

        var after = rest[(space + 1)..].TrimStart(" \t");
        return !after.IsEmpty && char.IsAsciiDigit(after[0]);
    }

    // Whitespace, and a space percent- or form-encoded ("%20", "+").
    private static readonly SearchValues<char> SpacesAsWritten = SearchValues.Create(" \t\n\v\f\r\u00A0%20+");

    // An arrow or another symbol outside ASCII written right after a key ("password->x", "password⇨ x"), which links it
    // to its value as one after a space does.
    // Any arrow (see ArrowLink): strokes, perhaps with spaces among them, up to a '>'; ">>"; or a symbol outside ASCII.
    private static bool IsArrowAfterKey(string text, int keyEnd)
    {
        var rest = text.AsSpan(keyEnd);
        if (rest.StartsWith(">>", StringComparison.Ordinal) || rest.StartsWith("|>", StringComparison.Ordinal))
        {
            return true;
        }

        if (rest[0] is '-' or '=' or '~' or ':')
        {
            var at = 1;
            while (at < rest.Length && at < 32 && rest[at] is '-' or '=' or '~' or ':' or ' ' or '\t')
            {
                at++;
            }

            return at < rest.Length && rest[at] == '>';
        }

        return rest[0] > '\x7f' && char.GetUnicodeCategory(rest[0]) is UnicodeCategory.MathSymbol or UnicodeCategory.OtherSymbol or UnicodeCategory.DashPunctuation;
    }

    /// <summary>
    /// Whether the word after a key's gap, a whole word of ASCII letters, is itself a key that the key before makes whole
    /// ("secret key", "mnemonic phrase", "secret words", "api key", "access key"): see <see cref="IsSpacedKey"/>.
    /// </summary>
    private static bool IsSecondWordOfKey(string text, int keyEnd)
    {
        var start = keyEnd;
        while (start < text.Length && start - keyEnd < 4 && text[start] is ' ' or '\t')
        {
            start++;
        }

        var end = start;
        while (end < text.Length && end - start <= 8 && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        return start > keyEnd && end - start >= 3 && end - start <= 8 && (end == text.Length || !char.IsLetterOrDigit(text[end]))
            && IsSpacedKey(text, start, end);
    }

    /// <summary>
    /// Whether the key ending at <paramref name="keyEnd"/> is written again after a space ("the password password -> x",
    /// "the api_key api_key is x"): the second is the same key, whose value the walk reads when it reaches it, not this
    /// key's value (KeyTail in KeyTable.cs reads the same spelling for the last pass).
    /// </summary>
    private static bool IsKeyWrittenAgain(string text, int keyEnd)
    {
        var start = keyEnd;
        while (start > 0 && keyEnd - start < 40 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '.' or '-'))
        {
            start--;
        }

        var next = keyEnd;
        while (next < text.Length && next - keyEnd < 4 && text[next] is ' ' or '\t')
        {
            next++;
        }

        var length = keyEnd - start;
        return length > 0 && next > keyEnd && next + length <= text.Length
            && text.AsSpan(next, length).Equals(text.AsSpan(start, length), StringComparison.OrdinalIgnoreCase)
            && (next + length == text.Length || !(char.IsAsciiLetterOrDigit(text[next + length]) || text[next + length] == '_'));
    }

    // The state words above are English: after another language's key ("Passwort abgelaufen", "kata sandi kedaluwarsa") a word is judged as before.
    private static bool IsEnglishPasswordKey(string text, int keyEnd)
    {
        var start = KeyWordStart(text, keyEnd);
        var key = text.AsSpan(start, keyEnd - start);
        return key.EndsWith("password", StringComparison.OrdinalIgnoreCase) || key.EndsWith("passwd", StringComparison.OrdinalIgnoreCase)
            || key.EndsWith("pwd", StringComparison.OrdinalIgnoreCase) || key.Equals("pw", StringComparison.OrdinalIgnoreCase)
            || (key.Equals("word", StringComparison.OrdinalIgnoreCase) && PreviousWord(text, start).Equals("pass", StringComparison.OrdinalIgnoreCase));
    }

    // Shorter words after a password's key are prose ("password is set", "password too weak"); passwords are seldom so short.
    private const int MinWordPasswordLength = 6;

    // Words that say what a password is, lacks or goes with, written after its key: none is a password anyone sets.
    private static readonly WordSet PasswordStateWords = new(
    [
        "unknown", "blank", "correct", "strong", "enabled", "weak", "default", "temporary", "different", "stored", "hidden",
        "masked", "revoked", "another", "policy", "length", "strength", "manager", "rotation", "expiry", "expiration",
        "attempts", "attempt", "mismatch", "mismatched", "protected", "optional", "mandatory", "already", "currently",
        "because", "should", "please", "cannot", "before", "during", "within", "without", "through", "characters",
        "character", "letters", "symbols", "numbers", "digits", "complexity", "history", "change", "update", "field",
        "prompt", "failure", "failed", "error", "problem", "invalid", "incorrect", "expired", "missing", "required",
        "changed", "locked", "blocked", "disabled", "rejected", "accepted", "reset", "entered", "supplied", "provided",
        "similar", "shorter", "longer", "identical", "secret", "sensitive", "insecure", "secure", "unchanged", "pending",
        "unavailable", "available", "working", "reused", "common", "simple", "visible",
    ]);

    /// <summary>
    /// A word that says what a password is or lacks: a state word, a word that opens a status phrase, one of
    /// <see cref="PasswordStateWords"/>, or a word of the shapes English gives states and nouns of a sentence
    /// ("updated", "pending", "readable", "authentication", "requirement", "validity", "quickly").
    /// </summary>
    private static bool IsPasswordStateWord(ReadOnlySpan<char> word)
    {
        // A run with a digit and a symbol is no state word whatever it ends in ("Century6630$tion", "Boy814$ed").
        if (word.IndexOfAnyInRange('0', '9') >= 0 && word.ContainsAnyExcept(StateWordCharacters))
        {
            return false;
        }

        if (StateWords.Contains(word) || StatusPhraseStarts.Contains(word) || StatePhraseStarts.Contains(word) || PasswordStateWords.Contains(word))
        {
            return true;
        }

        foreach (var suffix in StateSuffixes)
        {
            if (word.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Letters, digits and the marks a state's words are joined by ("re-enabled", "not_set", "2fa-enabled").
    private static readonly SearchValues<char> StateWordCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'");

    private static readonly string[] StateSuffixes = ["ed", "ing", "able", "ible", "tion", "sion", "ment", "ness", "ity", "ly", "ive", "ory"];

    /// <summary>Whether the key word ending at <paramref name="keyEnd"/> names a password ("password", "passwd", "pwd", "kata sandi"), not a token.</summary>
    private static bool IsPasswordKey(string text, int keyEnd)
    {
        var start = KeyWordStart(text, keyEnd);
        var key = text.AsSpan(start, keyEnd - start);
        return key.Contains("pass", StringComparison.OrdinalIgnoreCase)
            || (key.Equals("word", StringComparison.OrdinalIgnoreCase) && PreviousWord(text, start).Equals("pass", StringComparison.OrdinalIgnoreCase)) || key.Equals("pw", StringComparison.OrdinalIgnoreCase)
            || key.Equals("pwd", StringComparison.OrdinalIgnoreCase) || key.Equals("sandi", StringComparison.OrdinalIgnoreCase)
            || key.Equals("laluan", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Where the word of ASCII letters that ends at <paramref name="keyEnd"/> (a key: "password", "pwd") begins.</summary>
    private static int KeyWordStart(string text, int keyEnd)
    {
        var start = keyEnd;
        while (start > 0 && char.IsAsciiLetter(text[start - 1]))
        {
            start--;
        }

        return start;
    }

    /// <summary>
    /// Where a password written after its key with a space ("password is p@ss&amp;w0rd!") ends: as after '=' (see
    /// <see cref="PasswordValueJoin"/>), '&amp;', ';' and ',' are part of it unless a space, a character outside ASCII or the next key ("name=") follows.
    /// </summary>
    private static int PasswordValueEnd(string text, int end)
    {
        while (end + 1 < text.Length && text[end] is '&' or ';' or ',' && text[end + 1] is > ' ' and <= '~' && !SpacedValueEnds.Contains(text[end + 1]) && !char.IsWhiteSpace(text[end + 1])
            && !NextKeyAt().IsMatch(text, end + 1))
        {
            end++;
            while (end < text.Length && !SpacedValueEnds.Contains(text[end]) && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }
        }

        return end;
    }

    // What ends a value written after a key and a space (the "maybe" of SpacedValuePattern): a quote, a bracket, or one of '&', ',', ';'.
    private static readonly SearchValues<char> SpacedValueEnds = SearchValues.Create("\"'“”‘’«»`「」『』\\&,;<>()[]{}");

    /// <summary>
    /// Whether a quoted value after a key is the name of a secret that a secret store could not find
    /// ("secret 'shopee-partner-key' not found"): lower-case words and numbers joined by '-', '_' or '.', the last
    /// naming a secret, and "not found" or "does not exist" after the quote. A secret's value is neither.
    /// </summary>
    private static bool IsMissingSecretsName(string text, ReadOnlySpan<char> name, int after)
    {
        var rest = text.AsSpan(after).TrimStart();

        // A store may name the version it looked for: "secret 'line-channel' version 3 not found".
        if (rest.StartsWith("version ", StringComparison.OrdinalIgnoreCase) && rest[8..].TrimStart().IndexOf(' ') is > 0 and var versionEnd)
        {
            rest = rest[8..].TrimStart()[versionEnd..].TrimStart();
        }

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

        return pieces >= 2 && (text.AsSpan(after).TrimStart().StartsWith("version ", StringComparison.OrdinalIgnoreCase) || lastPiece.SequenceEqual("key") || lastPiece.SequenceEqual("secret") || lastPiece.SequenceEqual("token")
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

    /// <summary>
    /// The authorization scheme (Bearer, Basic) a text ends with as its last word, or null: a structured message may put
    /// the scheme in one field and its token in the next (<c>{"errorMessage":"Bearer","detail":"..."}</c>).
    /// </summary>
    public static string? TrailingAuthorizationScheme(string? text)
    {
        var trimmed = text.AsSpan().TrimEnd(" \t:");
        foreach (var scheme in AuthorizationSchemes)
        {
            if (trimmed.EndsWith(scheme, StringComparison.OrdinalIgnoreCase)
                && (trimmed.Length == scheme.Length || !char.IsAsciiLetterOrDigit(trimmed[^(scheme.Length + 1)])))
            {
                return scheme;
            }
        }

        return null;
    }

    /// <summary>A value written in the field after one that ended with <paramref name="scheme"/>, redacted as the token it would be after the scheme.</summary>
    public static string RedactedAfterScheme(string scheme, string? value)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var prefix = scheme + " ";
        var redacted = Redact(prefix + value);
        return redacted.StartsWith(prefix, StringComparison.Ordinal) ? redacted[prefix.Length..] : Marker;
    }

    /// <summary>Whether the word before <paramref name="start"/> is the Bearer or Basic scheme, as in "rejected Bearer abc...".</summary>
    private static bool FollowsAuthorizationScheme(string text, int start)
    {
        // The scheme may be followed by a colon or the token quoted: "Bearer: x", "Bearer \"x\"", "Bearer 'x'".
        var gap = start;
        while (gap > 0 && (char.IsWhiteSpace(text[gap - 1]) || (start - gap < 4 && text[gap - 1] is ':' or '"' or '\'' or '`')))
        {
            gap--;
        }

        // Asked of every run: the last letter rules out most words before their letters are gathered.
        if (gap == start || gap == 0 || (text[gap - 1] | 0x20) is not ('r' or 'c'))
        {
            return false;
        }

        var word = LettersBefore(text, gap);
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

    // Inline tags or a table cell's close and open tags right after a key, or a short bracketed qualifier after it and a space.
    [GeneratedRegex(@"\G(?:(?<cell></t[dh]>\s*<t[dh]\b[^<>]{0,64}>)|(?:" + InlineCloseTag + @")+|(?<qualifier>" + SpacedKeyQualifier + "))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyMarkupOrQualifier();
}
