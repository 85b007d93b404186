using System.Buffers;

namespace ConnectionStatusFunctions.Core;

// A code-like value in the same clause as a secret word, however the clause is worded: "token was revoked:
// 1EQBEioM8SQBpba", "API Key [ld9UtV9xpEMAy] is disabled", "keydb-cli -a b60lgrlRrplZ9s". The wordings between a key
// and its value are endless, so this rule does not read them: it reads the value. A short mix of capitals, small
// letters and digits that switches between them as random text does is a credential next to such a word, while
// words, numbers, hex ids and CamelCase names are not code-like and stay. Long because the clause's bounds, the cue
// words of each language and the code-like test are one scan over the text.
public static partial class SecretRedactor
{
    // Words that may name a secret whose value follows within the clause (English; LocalSecretWords for the others), and
    // Windows's "/p:"; "pw" and a short option's dash ("-a") are searched on their own (AddCodesAfterCues).
    private static readonly SearchValues<string> SecretWordCues = SearchValues.Create(
        ["pass", "pwd", "secret", "token", "key", "cred", "auth", "using", "sandi", "laluan", "khau", "senha", "/p:"], StringComparison.OrdinalIgnoreCase);

    // How far a clause runs after its secret word: a few words, across a sentence's end ("token invalid. Got x") and a
    // line's, which the readable text has already turned into a space.
    private const int MaxClauseWords = 12;
    private const int MaxClauseLength = 160;
    private const int MinCodeLength = 8;

    /// <summary>Replaces each code-like word that follows a secret word within its clause (see <see cref="IsCodeLike"/>).</summary>
    private static string RedactCodesNearSecretWords(string text)
    {
        List<(int Start, int End)>? codes = null;
        // Latin-1 text, most of it, is searched for white space with a vectorized bitmap.
        var spaces = text.AsSpan().ContainsAnyExceptInRange('\0', '\u00ff') ? Whitespace : Latin1Whitespace;
        AddCodesAfterLocalSecretWords(text, spaces, ref codes);
        AddCodesAfterCues(text, shortCue: null, spaces, ref codes);
        AddCodesAfterCues(text, " -", spaces, ref codes);
        AddCodesAfterCues(text, "pw", spaces, ref codes);
        return codes is null ? text : WithRangesRedacted(text, codes);
    }

    /// <summary>
    /// Adds the codes in the clauses after <see cref="SecretWordCues"/> (<paramref name="shortCue"/> null) or after one
    /// two-letter cue: two-letter needles slow a search for many words down, so each has a vectorized search of its own.
    /// </summary>
    private static void AddCodesAfterCues(string text, string? shortCue, SearchValues<char> spaces, ref List<(int Start, int End)>? codes)
    {
        var cue = FindCue(text, 0, shortCue);
        while (cue >= 0)
        {
            var next = cue + 1;
            if (SecretWordEnd(text, cue) is >= 0 and var wordEnd)
            {
                next = EndOfKey(text, wordEnd);
                AddCodesInClause(text, next, spaces, ref codes);
            }

            cue = FindCue(text, next, shortCue);
        }
    }

    private static int FindCue(string text, int from, string? shortCue)
    {
        if (from >= text.Length)
        {
            return -1;
        }

        var rest = text.AsSpan(from);
        var offset = shortCue is null ? rest.IndexOfAny(SecretWordCues) : rest.IndexOf(shortCue, StringComparison.OrdinalIgnoreCase);
        return offset < 0 ? -1 : from + offset;
    }

    // The characters char.IsWhiteSpace calls white space (Unicode's White_Space), for vectorized searches.
    private const string Latin1WhitespaceCharacters = "\t\n\v\f\r \u0085\u00A0";
    private static readonly SearchValues<char> Latin1Whitespace = SearchValues.Create(Latin1WhitespaceCharacters);
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(
        Latin1WhitespaceCharacters + "\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000");

    /// <summary>
    /// Where the secret word the cue at <paramref name="cue"/> ends is over ("password", "api_key", "PGPASS",
    /// "credentials", "-a"); -1 when the cue starts a longer word instead ("OAuthException", "passenger", "keyboard").
    /// </summary>
    private static int SecretWordEnd(string text, int cue)
    {
        if (text[cue] == '/')
        {
            // Windows's "/p:", its value after the colon.
            return cue + 2;
        }

        if (text[cue] == ' ')
        {
            // An option: a dash and one or two letters ("-a", "-P").
            var letters = cue + 2;
            while (letters < text.Length && letters - cue <= 4 && char.IsAsciiLetter(text[letters]))
            {
                letters++;
            }

            return letters - cue is 3 or 4 && (letters == text.Length || char.IsWhiteSpace(text[letters])) ? letters : -1;
        }

        // OAuth names a protocol, not a credential ("/oauth/callback", "OAuthException").
        if (cue > 0 && (text[cue - 1] | 0x20) == 'o' && (text[cue] | 0x20) == 'a')
        {
            return -1;
        }

        var end = cue;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        var word = text.AsSpan(cue, end - cue);
        foreach (var secretWord in SecretWordEndings)
        {
            if (word.Equals(secretWord, StringComparison.OrdinalIgnoreCase))
            {
                return end;
            }
        }

        return -1;
    }

    // The cue and what may follow it in a secret word, up to the end of its letters.
    private static readonly string[] SecretWordEndings =
    [
        "pass", "password", "passwords", "passwd", "passphrase", "pwd", "pw", "secret", "secrets", "token", "tokens",
        "key", "keys", "cred", "creds", "credential", "credentials", "auth", "using",
        // The same in the Latin-script languages of the shops: German, French ("mot de passe"), Indonesian and Malay
        // ("kata sandi", "kata laluan"), Vietnamese without diacritics ("mat khau"), Portuguese.
        "passwort", "passe", "sandi", "laluan", "khau", "senha",
    ];

    // A key written as one word ends at the first character that is not a letter, a digit, '_', '-' or '.'
    // ("api_key", "SECRET_KEY.v2"); whatever follows, a separator or a mark of any script, starts its clause.
    private static int EndOfKey(string text, int at)
    {
        while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] is '_' or '-' or '.'))
        {
            at++;
        }

        return at;
    }

    // Secret words of the shops' languages in other scripts (Korean, Chinese, Japanese, Thai, Vietnamese with its
    // diacritics, Spanish's ñ, Russian), some written without spaces: the clause starts right after the word.
    private static readonly string[] LocalSecretWords =
    [
        "비밀번호", "토큰", "密码", "密碼", "令牌", "口令", "パスワード", "トークン", "รหัสผ่าน", "โทเค็น", "mật khẩu", "contraseña",
        "пароль", "токен",
    ];

    private static void AddCodesAfterLocalSecretWords(string text, SearchValues<char> spaces, ref List<(int Start, int End)>? codes)
    {
        // Each holds a character outside ASCII: ASCII text is settled by one vectorized search.
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', '\u007f'))
        {
            return;
        }

        foreach (var word in LocalSecretWords)
        {
            for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.OrdinalIgnoreCase))
            {
                AddCodesInClause(text, at + word.Length, spaces, ref codes);
            }
        }
    }

    private static void AddCodesInClause(string text, int at, SearchValues<char> spaces, ref List<(int Start, int End)>? codes)
    {
        var limit = Math.Min(text.Length, at + MaxClauseLength);
        var previousWord = at;
        for (var words = 0; words < MaxClauseWords && at < limit; words++)
        {
            while (at < limit && char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            if (at >= limit)
            {
                return;
            }

            var length = text.AsSpan(at).IndexOfAny(spaces);
            var end = length < 0 ? text.Length : at + length;

            // A word shorter than a code, or without both capitals and small letters, holds none: most are settled so.
            var word = text.AsSpan(at, end - at);
            if (word.Length >= MinCodeLength && word.ContainsAnyInRange('A', 'Z') && word.ContainsAnyInRange('a', 'z')
                && !NamesAnId(text.AsSpan(previousWord, Math.Max(0, at - previousWord))))
            {
                AddCodesInWord(text, at, end, ref codes);
            }

            previousWord = at;
            at = end;
        }
    }

    /// <summary>
    /// Whether a word names the id that follows it ("fbtrace_id", "request-id", "trace", "ref:", "order #"): Facebook's
    /// token errors end with an fbtrace_id as code-like as a token, and support needs it to ask Facebook.
    /// </summary>
    private static bool NamesAnId(ReadOnlySpan<char> word)
    {
        word = word.Trim().Trim("\"'`([{<:=,;#");
        foreach (var name in IdNames)
        {
            if (word.EndsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // "id", "fbtrace_id", "request-id", "requestId", "ID", a JWT's "kid"; not "valid" or "paid".
        return word.Equals("kid", StringComparison.OrdinalIgnoreCase) || word.Length >= 2 && word[^2..] is "id" or "ID" or "Id"
            && (word.Length == 2 || word[^3] is '_' or '-' or '.' || (word[^2] == 'I' && char.IsAsciiLetterLower(word[^3])));
    }

    // Words naming the id or the thing that follows them: an order's, a user's or a shop's id is no credential.
    private static readonly string[] IdNames = ["trace", "ref", "reference", "order", "user", "shop", "account", "page", "node"];

    // A word may hold its code between marks or after a separator of any kind ("[x]", "<<x>>", "(given", "/p:x",
    // "PGPASS=x", "password,x"): its pieces are its runs of code characters. A URL's path is no code.
    private static void AddCodesInWord(string text, int start, int end, ref List<(int Start, int End)>? codes)
    {
        if (text.AsSpan(start, end - start).Contains("://", StringComparison.Ordinal))
        {
            return;
        }

        var at = start;
        while (at < end)
        {
            while (at < end && !IsCodeCharacter(text[at]))
            {
                at++;
            }

            var pieceEnd = at;
            while (pieceEnd < end && IsCodeCharacter(text[pieceEnd]))
            {
                pieceEnd++;
            }

            // "request_id=x" names its id in the same word.
            if (IsCodeLike(text.AsSpan(at, pieceEnd - at)) && !IsSmtpPrompt(text.AsSpan(at, pieceEnd - at)) && !NamesAnId(text.AsSpan(start, at - start)))
            {
                (codes ??= []).Add((at, pieceEnd));
            }

            at = pieceEnd;
        }
    }

    private static bool IsCodeCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '~';

    /// <summary>
    /// Whether a word is a short code rather than a word, a number, a hex id or a name: at least 8 ASCII letters and
    /// digits (with '-', '_', '+' or '~'), capitals and small letters both, and with digits at least three switches
    /// between capitals, small letters and digits; without digits, at least three capitals and three small letters
    /// switching in 45% of its letters (CamelCase words switch only where a word starts).
    /// </summary>
    internal static bool IsCodeLike(ReadOnlySpan<char> word)
    {
        if (word.Length < MinCodeLength || word.Length > 256)
        {
            return false;
        }

        int upper = 0, lower = 0, digits = 0, switches = 0, letters = 0;
        var previous = 0;
        foreach (var c in word)
        {
            var kind = c switch
            {
                >= 'A' and <= 'Z' => 1,
                >= 'a' and <= 'z' => 2,
                >= '0' and <= '9' => 3,
                '-' or '_' or '+' or '~' => 0,
                _ => -1,
            };
            if (kind < 0)
            {
                return false;
            }

            if (kind == 0)
            {
                previous = 0;
                continue;
            }

            upper += kind == 1 ? 1 : 0;
            lower += kind == 2 ? 1 : 0;
            digits += kind == 3 ? 1 : 0;
            letters += kind == 3 ? 0 : 1;
            switches += previous != 0 && previous != kind ? 1 : 0;
            previous = kind;
        }

        var length = upper + lower + digits;
        if (upper == 0 || lower == 0 || length < MinCodeLength)
        {
            return false;
        }

        if (digits == 0)
        {
            return upper >= 3 && lower >= 3 && switches >= Math.Max(5, letters * 0.45);
        }

        // Any mix of the three kinds is taken for a code ("OAuth2Token" too: erring on the side of redacting).
        return switches >= 3;
    }

    // AUTH LOGIN's prompts in base64 ("Username:", "Password:"), which a server sends and which hold nothing secret.
    private static bool IsSmtpPrompt(ReadOnlySpan<char> word) => word.SequenceEqual("VXNlcm5hbWU6") || word.SequenceEqual(PasswordPrompt);
}
