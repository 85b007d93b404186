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
    // The marks a code may stand between or after. Split by script: a set that mixes ASCII and other characters is
    // searched per character with a slower lookup, and most characters tried are ASCII.
    private static readonly SearchValues<char> AsciiAroundACode = SearchValues.Create("\"'`([{<)]}>,;:!?.*=\\");
    private static readonly SearchValues<char> OtherAroundACode = SearchValues.Create("«»‹›「」『』“”‘’„");

    private static bool IsAroundACode(char c) => c < '\u0080' ? AsciiAroundACode.Contains(c) : OtherAroundACode.Contains(c);

    /// <summary>Replaces each code-like word that follows a secret word within its clause (see <see cref="IsCodeLike"/>).</summary>
    private static string RedactCodesNearSecretWords(string text)
    {
        List<(int Start, int End)>? codes = null;
        // Latin-1 text, most of it, is searched for white space with a vectorized bitmap.
        var latin1 = !text.AsSpan().ContainsAnyExceptInRange('\0', '\u00ff');
        var (spaces, wordEnds) = latin1 ? (Latin1Whitespace, Latin1WordEnds) : (Whitespace, WordEnds);
        AddSplitCodes(text, spaces, ref codes);
        var cue = text.AsSpan().IndexOfAny(SecretWordCues);
        while (cue >= 0)
        {
            var next = cue + 1;
            if (SecretWordEnd(text, cue) is >= 0 and var wordEnd)
            {
                next = EndOfWord(text, wordEnd, wordEnds);
                AddCodesInClause(text, next, spaces, ref codes);
            }

            var offset = next < text.Length ? text.AsSpan(next).IndexOfAny(SecretWordCues) : -1;
            cue = offset < 0 ? -1 : next + offset;
        }

        return codes is null ? text : WithRangesRedacted(text, codes);
    }

    /// <summary>
    /// Adds the pieces of a code split by single whitespace ("fA5k5lMR J4hhlB6L LgG4MOd6": a line separator, a vertical
    /// tab or a NUL read as a space): two neighbouring words of at least 8 letters and digits each that are code-like
    /// when joined.
    /// </summary>
    private static void AddSplitCodes(string text, SearchValues<char> spaces, ref List<(int Start, int End)>? codes)
    {
        // Each pair holds a digit in one piece at least: the words with digits are few, and found by a vectorized search.
        var at = 0;
        while (at < text.Length && text.AsSpan(at).IndexOfAnyInRange('0', '9') is >= 0 and var digit)
        {
            var (start, end) = SpaceDelimitedWordAround(text, at + digit, spaces);
            at = end;
            if (end - start < MinCodeLength || Piece(text, start, end) is not var (pieceStart, pieceEnd))
            {
                continue;
            }

            // The word before, when one whitespace character alone stands between them and no mark ends it.
            if (pieceStart == start && start >= 2 && char.IsWhiteSpace(text[start - 1]) && !char.IsWhiteSpace(text[start - 2])
                && SpaceDelimitedWordAround(text, start - 2, spaces) is var (before, beforeEnd) && Piece(text, before, beforeEnd) is (var beforeStart, var beforePieceEnd)
                && beforePieceEnd == beforeEnd)
            {
                AddIfCodeLikeJoined(text, (beforeStart, beforePieceEnd), (pieceStart, pieceEnd), ref codes);
            }

            if (pieceEnd == end && end + 1 < text.Length && char.IsWhiteSpace(text[end]) && !char.IsWhiteSpace(text[end + 1])
                && SpaceDelimitedWordAround(text, end + 1, spaces) is var (after, afterEnd) && Piece(text, after, afterEnd) is (var afterStart, var afterPieceEnd)
                && afterStart == after)
            {
                AddIfCodeLikeJoined(text, (pieceStart, pieceEnd), (afterStart, afterPieceEnd), ref codes);
            }
        }
    }

    private static (int Start, int End) SpaceDelimitedWordAround(string text, int at, SearchValues<char> spaces)
    {
        var start = text.AsSpan(0, at).LastIndexOfAny(spaces) + 1;
        var length = text.AsSpan(at).IndexOfAny(spaces);
        return (start, length < 0 ? text.Length : at + length);
    }

    /// <summary>The word without the marks around it, when what stays can be a piece of a split code; null otherwise.</summary>
    private static (int Start, int End)? Piece(string text, int start, int end)
    {
        while (start < end && IsAroundACode(text[start]))
        {
            start++;
        }

        while (end > start && IsAroundACode(text[end - 1]))
        {
            end--;
        }

        return end - start is >= MinCodeLength and <= MaxSplitPiece && IsMixedPiece(text.AsSpan(start, end - start)) ? (start, end) : null;
    }

    private static void AddIfCodeLikeJoined(string text, (int Start, int End) first, (int Start, int End) second, ref List<(int Start, int End)>? codes)
    {
        Span<char> joined = stackalloc char[2 * MaxSplitPiece];
        var firstLength = first.End - first.Start;
        text.AsSpan(first.Start, firstLength).CopyTo(joined);
        text.AsSpan(second.Start, second.End - second.Start).CopyTo(joined[firstLength..]);
        if (IsCodeLike(joined[..(firstLength + second.End - second.Start)], nearASecretWord: false))
        {
            (codes ??= []).Add(first);
            codes.Add(second);
        }
    }

    // Every character char.IsWhiteSpace calls white space, for vectorized searches.
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(WhitespaceCharacters());
    private static readonly SearchValues<char> Latin1Whitespace = SearchValues.Create(WhitespaceCharacters().Where(c => c <= '\u00ff').ToArray());

    private static char[] WhitespaceCharacters() => [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace)];

    // A piece of a split code: letters and digits only, of two kinds at least past its first character, so words
    // ("upstream", "Capitalised", "fbtrace_id") never join.
    private static bool IsMixedPiece(ReadOnlySpan<char> piece) =>
        !piece.ContainsAnyExcept(AsciiLettersAndDigits)
        && (piece[1..].ContainsAnyInRange('A', 'Z') ? 1 : 0) + (piece.ContainsAnyInRange('a', 'z') ? 1 : 0) + (piece.ContainsAnyInRange('0', '9') ? 1 : 0) >= 2;

    private static readonly SearchValues<char> AsciiLettersAndDigits = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    // Longer words are judged by the random-token rules.
    private const int MaxSplitPiece = 64;

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
    ];

    private static int EndOfWord(string text, int at, SearchValues<char> wordEnds)
    {
        var length = text.AsSpan(at).IndexOfAny(wordEnds);
        return length < 0 ? text.Length : at + length;
    }

    // A word ends at white space, or where an opening mark or a separator joins a value to its key ("api_key<x>",
    // "password[x]", "/p:x").
    private static readonly SearchValues<char> WordEnds = SearchValues.Create([.. WhitespaceCharacters(), .. ValueOpeningMarks]);
    private static readonly SearchValues<char> Latin1WordEnds = SearchValues.Create([.. WhitespaceCharacters().Where(c => c <= '\u00ff'), .. ValueOpeningMarks]);
    private const string ValueOpeningMarks = "[<({:=\"'";

    private static void AddCodesInClause(string text, int at, SearchValues<char> spaces, ref List<(int Start, int End)>? codes)
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

            var length = text.AsSpan(at).IndexOfAny(spaces);
            var end = length < 0 ? text.Length : at + length;

            // A word shorter than a code holds none: settled by its length.
            if (end - at >= MinCodeLength && !NamesAnId(text.AsSpan(previousWord, Math.Max(0, at - previousWord))))
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
            while (at < end && IsAroundACode(text[at]))
            {
                at++;
            }

            var pieceEnd = at;
            while (pieceEnd < end && !IsAroundACode(text[pieceEnd]))
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
