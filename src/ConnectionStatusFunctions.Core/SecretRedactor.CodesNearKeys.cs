using System.Buffers;

namespace ConnectionStatusFunctions.Core;

// A code-like value in the same clause as a secret word, however the clause is worded: "token was revoked:
// 1EQBEioM8SQBpba", "API Key [ld9UtV9xpEMAy] is disabled", "keydb-cli -a b60lgrlRrplZ9s". The wordings between a key
// and its value are endless, so this rule does not read them: it reads the value. A short mix of capitals, small
// letters and digits that switches between them as random text does is a credential next to such a word, while
// words, numbers, hex ids and CamelCase names are not code-like and stay.
public static partial class SecretRedactor
{
    // Words that may name a secret whose value follows within the clause, and a short option's dash ("-a", "/p:").
    private static readonly SearchValues<string> SecretWordCues = SearchValues.Create(
        ["pass", "pwd", "pw", "secret", "token", "key", "cred", "auth", "using", " -", "/p:"], StringComparison.OrdinalIgnoreCase);

    // How far a clause runs after its secret word: a few words, never past the end of a sentence or line.
    private const int MaxClauseWords = 8;
    private const int MaxClauseLength = 160;
    private const int MinCodeLength = 8;

    private static readonly SearchValues<char> ClauseEnds = SearchValues.Create("\n\r");
    private static readonly SearchValues<char> AroundACode = SearchValues.Create("\"'`([{<«»‹›「」『』“”‘’„)]}>,;:!?.*=\\");

    /// <summary>Replaces each code-like word that follows a secret word within its clause (see <see cref="IsCodeLike"/>).</summary>
    private static string RedactCodesNearSecretWords(string text)
    {
        List<(int Start, int End)>? codes = null;
        AddSplitCodes(text, ref codes);
        var cue = text.AsSpan().IndexOfAny(SecretWordCues);
        while (cue >= 0)
        {
            var clauseStart = EndOfWord(text, cue);
            if (EndsASecretWord(text, cue, clauseStart))
            {
                AddCodesInClause(text, clauseStart, ref codes);
            }

            var next = text.AsSpan(clauseStart).IndexOfAny(SecretWordCues);
            cue = next < 0 ? -1 : clauseStart + next;
        }

        return codes is null ? text : WithRangesRedacted(text, codes);
    }

    /// <summary>
    /// Adds the pieces of a code split by single whitespace ("fA5k5lMR J4hhlB6L LgG4MOd6": a line separator, a vertical
    /// tab or a NUL read as a space): two neighbouring words of at least 8 letters and digits each that are code-like
    /// when joined.
    /// </summary>
    private static void AddSplitCodes(string text, ref List<(int Start, int End)>? codes)
    {
        Span<char> joined = stackalloc char[2 * MaxSplitPiece];
        var (previousStart, previousEnd) = (-1, -1);
        var at = 0;
        while (at < text.Length)
        {
            var start = at;
            while (start < text.Length && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            var end = start;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            var (pieceStart, pieceEnd) = (start, end);
            while (pieceStart < pieceEnd && AroundACode.Contains(text[pieceStart]))
            {
                pieceStart++;
            }

            while (pieceEnd > pieceStart && AroundACode.Contains(text[pieceEnd - 1]))
            {
                pieceEnd--;
            }

            var length = pieceEnd - pieceStart;
            if (length is >= MinCodeLength and <= MaxSplitPiece && IsMixedPiece(text.AsSpan(pieceStart, length)))
            {
                if (previousEnd >= 0 && pieceStart == start && start - previousEnd == 1)
                {
                    text.AsSpan(previousStart, previousEnd - previousStart).CopyTo(joined);
                    text.AsSpan(pieceStart, length).CopyTo(joined[(previousEnd - previousStart)..]);
                    if (IsCodeLike(joined[..(previousEnd - previousStart + length)], nearASecretWord: false))
                    {
                        (codes ??= []).Add((previousStart, previousEnd));
                        codes.Add((pieceStart, pieceEnd));
                    }
                }

                (previousStart, previousEnd) = pieceEnd == end ? (pieceStart, pieceEnd) : (-1, -1);
            }
            else
            {
                (previousStart, previousEnd) = (-1, -1);
            }

            at = end;
        }
    }

    // A piece of a split code: letters and digits only, of two kinds at least past its first character, so words
    // ("upstream", "Capitalised", "fbtrace_id") never join.
    private static bool IsMixedPiece(ReadOnlySpan<char> piece) =>
        !piece.ContainsAnyExcept(AsciiLettersAndDigits)
        && (piece[1..].ContainsAnyInRange('A', 'Z') ? 1 : 0) + (piece.ContainsAnyInRange('a', 'z') ? 1 : 0) + (piece.ContainsAnyInRange('0', '9') ? 1 : 0) >= 2;

    private static readonly SearchValues<char> AsciiLettersAndDigits = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    // Longer words are judged by the random-token rules.
    private const int MaxSplitPiece = 64;

    /// <summary>
    /// Whether the cue at <paramref name="cue"/> ends its word as a secret word does ("password", "api_key", "PGPASS",
    /// "credentials", "-a"), rather than starting a longer one ("OAuthException", "passenger", "keyboard").
    /// </summary>
    private static bool EndsASecretWord(string text, int cue, int wordEnd)
    {
        if (text[cue] is ' ' or '/')
        {
            // An option: a dash and one or two letters ("-a", "-P"), or Windows's "/p:".
            var option = text.AsSpan(cue).TrimStart(' ');
            var length = wordEnd - (text.Length - option.Length);
            return text[cue] == '/' || (length is 2 or 3 && option[0] == '-' && char.IsAsciiLetter(option[1]));
        }

        var letters = cue;
        while (letters < wordEnd && char.IsAsciiLetter(text[letters]))
        {
            letters++;
        }

        var word = text.AsSpan(cue, letters - cue);
        foreach (var secretWord in SecretWordEndings)
        {
            if (word.Equals(secretWord, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // The cue and what may follow it in a secret word, up to the end of its letters.
    private static readonly string[] SecretWordEndings =
    [
        "pass", "password", "passwords", "passwd", "passphrase", "pwd", "pw", "secret", "secrets", "token", "tokens",
        "key", "keys", "cred", "creds", "credential", "credentials", "auth", "using",
    ];

    private static int EndOfWord(string text, int at)
    {
        // A cue may start with the space before a dash; the word is what follows it.
        while (at < text.Length && char.IsWhiteSpace(text[at]))
        {
            at++;
        }

        while (at < text.Length && !char.IsWhiteSpace(text[at]) && !IsValueOpening(text, at))
        {
            at++;
        }

        return at;
    }

    // A value may be joined to its key by an opening mark or a separator ("api_key<x>", "password[x]", "/p:x").
    private static bool IsValueOpening(string text, int at) => text[at] is '[' or '<' or '(' or '{' or ':' or '=' or '"' or '\'';

    private static void AddCodesInClause(string text, int at, ref List<(int Start, int End)>? codes)
    {
        var limit = Math.Min(text.Length, at + MaxClauseLength);
        var previousWord = at;
        for (var words = 0; words < MaxClauseWords && at < limit; words++)
        {
            while (at < limit && (char.IsWhiteSpace(text[at]) && !ClauseEnds.Contains(text[at])))
            {
                at++;
            }

            if (at >= limit || ClauseEnds.Contains(text[at]))
            {
                return;
            }

            var end = at;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            if (!NamesAnId(text.AsSpan(previousWord, Math.Max(0, at - previousWord))))
            {
                AddCodesInWord(text, at, end, ref codes);
            }

            previousWord = at;
            if (text[end - 1] is '.' or '!' or '?' && end - at > 1)
            {
                return;
            }

            at = end;
        }
    }

    /// <summary>
    /// Whether a word names the id that follows it ("fbtrace_id", "request-id", "trace", "ref:"): Facebook's token
    /// errors end with an fbtrace_id as code-like as a token, and support needs it to ask Facebook.
    /// </summary>
    private static bool NamesAnId(ReadOnlySpan<char> word)
    {
        word = word.Trim().Trim("\"'`([{<:=,;");
        if (word.EndsWith("trace", StringComparison.OrdinalIgnoreCase) || word.EndsWith("ref", StringComparison.OrdinalIgnoreCase)
            || word.EndsWith("reference", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // "id", "fbtrace_id", "request-id", "requestId", "ID", a JWT's "kid"; not "valid" or "paid".
        return word.Equals("kid", StringComparison.OrdinalIgnoreCase) || word.Length >= 2 && word[^2..] is "id" or "ID" or "Id"
            && (word.Length == 2 || word[^3] is '_' or '-' or '.' || (word[^2] == 'I' && char.IsAsciiLetterLower(word[^3])));
    }

    // A word may hold its code between marks or after a separator ("[x]", "<<x>>", "(given", "/p:x", "PGPASS=x").
    private static void AddCodesInWord(string text, int start, int end, ref List<(int Start, int End)>? codes)
    {
        var at = start;
        while (at < end)
        {
            while (at < end && AroundACode.Contains(text[at]))
            {
                at++;
            }

            var pieceEnd = at;
            while (pieceEnd < end && !AroundACode.Contains(text[pieceEnd]))
            {
                pieceEnd++;
            }

            if (IsCodeLike(text.AsSpan(at, pieceEnd - at), nearASecretWord: true) && !IsSmtpPrompt(text.AsSpan(at, pieceEnd - at)))
            {
                (codes ??= []).Add((at, pieceEnd));
            }

            at = pieceEnd;
        }
    }

    /// <summary>
    /// Whether a word is a short code rather than a word, a number, a hex id or a name: at least 8 ASCII letters and
    /// digits (with '-', '_', '+', '/' or '~'), capitals and small letters both, and digits with at least three
    /// switches between capitals, small letters and digits (away from a secret word, as often as random text switches:
    /// a third of its characters, where CamelCase switches only where a word starts, "OAuth2Token" 4 times in 11);
    /// without digits, switches between capitals and small letters in at least 45% of its letters.
    /// </summary>
    internal static bool IsCodeLike(ReadOnlySpan<char> word, bool nearASecretWord)
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
                '-' or '_' or '+' or '/' or '~' => 0,
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

        // Near a secret word any mix of the three kinds is taken for a code ("OAuth2Token" too: erring on the side of
        // redacting); pieces joined across a space must switch as random text does, or neighbouring names would join.
        return nearASecretWord ? switches >= 3 : switches >= Math.Max(4, length * 0.35);
    }

    // AUTH LOGIN's prompts in base64 ("Username:", "Password:"), which a server sends and which hold nothing secret.
    private static bool IsSmtpPrompt(ReadOnlySpan<char> word) => word.SequenceEqual("VXNlcm5hbWU6") || word.SequenceEqual(PasswordPrompt);
}
