using System.Buffers;
using System.Text;

namespace ConnectionStatusFunctions.Core;

// A random token cut into pieces by single characters a reader reads past: '.', ':', '~', a middle dot, an ellipsis, a
// bullet, or a letter of another script or a modifier letter drawn like a Latin one.
public static partial class SecretRedactor
{
    private static readonly SearchValues<char> PieceJoiners = SearchValues.Create(".:~\u00B7\u0387\u2022\u2026\u2027\u2219\u22C5\u30FB\uFF65");

    private const int MaxJoinedPieces = 16;

    // Shorter pieces (the "00" of a time, the "3" of a version) end the chain: a token cut into pieces that short is
    // not the kind this rule reads.
    private const int MinJoinedPieceLength = 3;

    /// <summary>
    /// Where a chain of token pieces starting with the run [<paramref name="start"/>, <paramref name="end"/>) ends when,
    /// joined, they look random and one of them reads as part of a code (see <see cref="IsCodeLikePiece"/>); -1
    /// otherwise. A host name's or file name's last pieces (".cloudfront.net", ".json") are not part of it. So
    /// "Xk3vR9tL.m2QwZp8N" is one token, while dotted type names ("urllib3.exceptions.MaxRetryError"), times,
    /// versions, IPv6 and MAC addresses stay. <paramref name="chainEnd"/> is where the pieces walked end, so the runs
    /// inside a chain already judged are not judged again.
    /// </summary>
    private static int JoinedPiecesEnd(string text, int start, int end, out int chainEnd)
    {
        chainEnd = end;
        if (end + 1 >= text.Length || !RunCharacters.Contains(text[end + 1]) || JoinerLength(text, end) == 0)
        {
            return -1;
        }

        // Each piece's start, end and the joiner before it (none for the first); most chains are host names and
        // dotted names, settled without building a string.
        Span<(int Start, int End, int Joiner)> pieces = stackalloc (int, int, int)[MaxJoinedPieces];
        pieces[0] = (start, end, -1);
        var count = 1;
        for (var at = end; count < MaxJoinedPieces && JoinerLength(text, at) is > 0 and var joiner && at + joiner < text.Length && RunCharacters.Contains(text[at + joiner]);)
        {
            var pieceEnd = EndOf(text, at + joiner, RunCharacters);
            if (pieceEnd - (at + joiner) < MinJoinedPieceLength)
            {
                break;
            }

            pieces[count++] = (at + joiner, pieceEnd, at);
            at = pieceEnd;
        }

        var walked = pieces[count - 1].End;
        while (count > 1 && text[pieces[count - 1].Joiner] == '.' && !text.AsSpan(pieces[count - 1].Start, pieces[count - 1].End - pieces[count - 1].Start).ContainsAnyExceptInRange('a', 'z'))
        {
            count--;
        }

        chainEnd = walked;
        pieces = pieces[..count];
        bool codeLike = false, hexGroups = true;
        var length = 0;
        foreach (var (pieceStart, pieceEnd, _) in pieces)
        {
            var piece = text.AsSpan(pieceStart, pieceEnd - pieceStart);
            // Only digits or a capital after the first letter can make a piece code-like: most pieces are words.
            codeLike = codeLike || ((piece.ContainsAnyInRange('0', '9') || piece[1..].ContainsAnyInRange('A', 'Z')) && IsCodeLikePiece(piece));
            hexGroups &= IsHexGroup(piece);
            length += piece.Length;
        }

        if (count < 2 || !codeLike || hexGroups || length < MinRandomRunLength)
        {
            return -1;
        }

        var joined = new StringBuilder(length + count);
        foreach (var (pieceStart, pieceEnd, joiner) in pieces)
        {
            if (joiner >= 0)
            {
                AppendJoinerReading(joined, text, joiner, pieceStart - joiner);
            }

            joined.Append(text, pieceStart, pieceEnd - pieceStart);
        }

        return LooksRandom(joined.ToString()) ? pieces[^1].End : -1;
    }

    /// <summary>How many UTF-16 units the joiner at <paramref name="at"/> takes, or 0 when the character there joins nothing.</summary>
    private static int JoinerLength(string text, int at)
    {
        if (at >= text.Length)
        {
            return 0;
        }

        var c = text[at];
        if (PieceJoiners.Contains(c) || LatinLookalike(c) != c)
        {
            return 1;
        }

        // A modifier or mathematical letter whose compatibility form is one ASCII letter or digit (ᴿ, ², 𝐀).
        if (c < '\u00A0' || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))))
        {
            return 0;
        }

        var length = char.IsHighSurrogate(c) ? 2 : 1;
        var compatible = text.Substring(at, length).Normalize(NormalizationForm.FormKC);
        return compatible.Length == 1 && char.IsAsciiLetterOrDigit(compatible[0]) ? length : 0;
    }

    /// <summary>A letter joiner counts as the letter it is drawn like; punctuation counts as nothing.</summary>
    private static void AppendJoinerReading(StringBuilder joined, string text, int at, int length)
    {
        var c = text[at];
        if (LatinLookalike(c) is var latin && latin != c)
        {
            joined.Append(latin);
        }
        else if (!PieceJoiners.Contains(c))
        {
            joined.Append(text.AsSpan(at, length).ToString().Normalize(NormalizationForm.FormKC));
        }
    }

    /// <summary>
    /// Whether a piece reads as part of a code rather than words: some part of it between '-', '_' or '/' is not a word
    /// (lower case, capitalised, all capitals or CamelCase), not a number and not a word with a number ("urllib3",
    /// "sha256"): letters and digits that alternate twice or more ("Xk3vR9"), or letters in no word's case ("hNaBVq").
    /// </summary>
    private static bool IsCodeLikePiece(ReadOnlySpan<char> piece)
    {
        if (Guid.TryParseExact(piece, "D", out _))
        {
            return false;
        }

        foreach (var range in piece.SplitAny("-_/"))
        {
            var part = piece[range];
            if (part.Length >= MinJoinedPieceLength && !IsWordOrNumber(part))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWordOrNumber(ReadOnlySpan<char> part)
    {
        var alternations = 0;
        for (var i = 1; i < part.Length; i++)
        {
            alternations += char.IsAsciiDigit(part[i - 1]) != char.IsAsciiDigit(part[i]) ? 1 : 0;
        }

        if (alternations >= 2)
        {
            return false;
        }

        var letters = part.TrimEnd("0123456789").TrimStart("0123456789");
        return letters.IsEmpty
            || !letters[1..].ContainsAnyInRange('A', 'Z')
            || !letters.ContainsAnyInRange('a', 'z')
            || (char.IsAsciiLetterUpper(letters[0]) && IsCamelCaseWords(letters) && !HasRandomLetters(letters, breakAtCapitals: true));
    }

    // A group of an IPv6 or MAC address: one to four hexadecimal digits.
    private static bool IsHexGroup(ReadOnlySpan<char> piece) => piece.Length <= 4 && !piece.ContainsAnyExcept(HexDigits);

}
