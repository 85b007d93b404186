using System.Text;

namespace ConnectionStatusFunctions.Core;

// A random token cut into pieces by characters a reader reads past: '.', ':', '~' (one to three), or any one visible
// character outside ASCII (a middle dot, an ellipsis, a bullet, a dash, a letter of another script, a modifier letter).
public static partial class SecretRedactor
{
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
        var first = JoinerLength(text, end);
        if (first == 0 || end + first >= text.Length || !RunCharacters.Contains(text[end + first]))
        {
            return -1;
        }

        if (IsInHostName(text, start))
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

    /// <summary>
    /// How many UTF-16 units the joiner at <paramref name="at"/> takes, or 0 when the character there joins nothing:
    /// one of '.', ':' and '~' (up to three of the same, "..", "::"), or any one visible character outside ASCII (a
    /// middle dot, an ellipsis, a bullet, a dash, a letter of another script, a modifier letter): between two
    /// pieces of ASCII letters and digits a reader takes it for punctuation or a look-alike.
    /// </summary>
    private static int JoinerLength(string text, int at)
    {
        if (at >= text.Length)
        {
            return 0;
        }

        var c = text[at];
        if (c is '.' or ':' or '~')
        {
            var length = 1;
            while (length < 3 && at + length < text.Length && text[at + length] == c)
            {
                length++;
            }

            return length;
        }

        if (c < '\u00A0' || char.IsWhiteSpace(c) || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))))
        {
            return 0;
        }

        return char.IsHighSurrogate(c) ? 2 : 1;
    }

    /// <summary>A joiner counts as the ASCII letter or digit it is drawn like (a look-alike, a modifier letter), otherwise as nothing.</summary>
    private static void AppendJoinerReading(StringBuilder joined, string text, int at, int length)
    {
        var c = text[at];
        if (c < '\u00A0')
        {
            return;
        }

        if (LatinLookalike(c) is var latin && latin != c)
        {
            joined.Append(latin);
            return;
        }

        var compatible = text.Substring(at, length).Normalize(NormalizationForm.FormKC);
        if (compatible.Length == 1 && char.IsAsciiLetterOrDigit(compatible[0]))
        {
            joined.Append(compatible[0]);
        }
    }

    /// <summary>
    /// Whether a piece reads as part of a code rather than words: some part of it between '-', '_' or '/' is not a
    /// word, a number or a name built from them (see <see cref="IsCodeLikePart"/>).
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
            if (part.Length >= MinJoinedPieceLength && IsCodeLikePart(part))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a part reads as code: letters and digits alternating with two digits or more ("Xk3vR9", not "urllib3",
    /// "s3a" or "S3AFileSystem"), or three alternations; mixed-case letters whose lower-case stretches are short, as
    /// random letters' are ("hNaBVq"), where a name's are words ("MySqlConnector", "DynamoDBv2"); letters of one case,
    /// eight or more, whose pairs read as random ("eqsxmrxn", not "exceptions").
    /// </summary>
    private static bool IsCodeLikePart(ReadOnlySpan<char> part)
    {
        int alternations = 0, digits = char.IsAsciiDigit(part[0]) ? 1 : 0;
        for (var i = 1; i < part.Length; i++)
        {
            var digit = char.IsAsciiDigit(part[i]);
            digits += digit ? 1 : 0;
            alternations += digit != char.IsAsciiDigit(part[i - 1]) ? 1 : 0;
        }

        if ((alternations >= 2 && digits >= 2) || alternations >= 3)
        {
            return true;
        }

        // Lower-case stretches as written: a digit ends one, as a capital does.
        Span<char> letters = stackalloc char[part.Length];
        int count = 0, lower = 0, stretches = 0;
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (char.IsAsciiLetter(c))
            {
                var isLower = char.IsAsciiLetterLower(c);
                stretches += isLower && (i == 0 || !char.IsAsciiLetterLower(part[i - 1])) ? 1 : 0;
                lower += isLower ? 1 : 0;
                letters[count++] = c;
            }
        }

        if (lower > 0 && lower < count)
        {
            return lower < stretches * 3;
        }

        return count >= 8 && HasRandomLetters(letters[..count]);
    }

    /// <summary>
    /// Whether the text from <paramref name="start"/> is a host name: three labels or more of letters, digits and '-'
    /// joined by '.', the last a top-level domain's two to six lower-case letters ("shop-db.c9akciq32.ap-southeast-1.rds.amazonaws.com",
    /// "cluster0.ab1cd.mongodb.net"). Its labels may look random; a host name is no secret.
    /// </summary>
    private static bool IsInHostName(string text, int start)
    {
        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or '.'))
        {
            end++;
        }

        var name = text.AsSpan(start, end - start).TrimEnd('.');
        var lastDot = name.LastIndexOf('.');
        var last = name[(lastDot + 1)..];
        return lastDot > 0 && name.Count('.') >= 2 && last.Length is >= 2 and <= 6 && !last.ContainsAnyExceptInRange('a', 'z');
    }

    // A group of an IPv6 or MAC address: one to four hexadecimal digits.
    private static bool IsHexGroup(ReadOnlySpan<char> piece) => piece.Length <= 4 && !piece.ContainsAnyExcept(HexDigits);

}
