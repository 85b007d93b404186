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
    /// versions, IPv6 and MAC addresses stay.
    /// </summary>
    private static int JoinedPiecesEnd(string text, int start, int end)
    {
        if (end + 1 >= text.Length || !RunCharacters.Contains(text[end + 1]) || JoinerLength(text, end) == 0)
        {
            return -1;
        }

        // Each piece's start, end and the joiner before it (none for the first).
        var pieces = new List<(int Start, int End, int Joiner)> { (start, end, -1) };
        for (var at = end; pieces.Count < MaxJoinedPieces && JoinerLength(text, at) is > 0 and var joiner && at + joiner < text.Length && RunCharacters.Contains(text[at + joiner]);)
        {
            var pieceEnd = EndOf(text, at + joiner, RunCharacters);
            if (pieceEnd - (at + joiner) < MinJoinedPieceLength)
            {
                break;
            }

            pieces.Add((at + joiner, pieceEnd, at));
            at = pieceEnd;
        }

        while (pieces.Count > 1 && text[pieces[^1].Joiner] == '.' && !text.AsSpan(pieces[^1].Start, pieces[^1].End - pieces[^1].Start).ContainsAnyExceptInRange('a', 'z'))
        {
            pieces.RemoveAt(pieces.Count - 1);
        }

        if (pieces.Count < 2 || !pieces.Exists(p => IsCodeLikePiece(text.AsSpan(p.Start, p.End - p.Start)))
            || pieces.TrueForAll(p => IsHexGroup(text.AsSpan(p.Start, p.End - p.Start))))
        {
            return -1;
        }

        var joined = new StringBuilder(64);
        foreach (var (pieceStart, pieceEnd, joiner) in pieces)
        {
            if (joiner >= 0)
            {
                AppendJoinerReading(joined, text, joiner, pieceStart - joiner);
            }

            joined.Append(text, pieceStart, pieceEnd - pieceStart);
        }

        return joined.Length >= MinRandomRunLength && LooksRandom(joined.ToString()) ? pieces[^1].End : -1;
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
