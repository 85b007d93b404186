using System.Globalization;
using System.Text;

namespace ConnectionStatusFunctions.Core;

// Visible characters that split a token but that a reader skips when copying it: combining marks on its letters or
// digits, replacement and object characters, lone surrogates.
public static partial class SecretRedactor
{
    /// <summary>
    /// Joins tokens split by characters a reader skips: a combining mark (U+0301, a Thai tone mark) set on an ASCII
    /// letter or digit, U+FFFD, U+FFFC or a lone surrogate, standing between two token characters. They go only from a
    /// word that does not read as words (see <see cref="ReadsAsWords"/>), so Vietnamese and other Latin text written
    /// with decomposed accents ("ma&#x323;&#x302;t kha&#x302;&#x309;u") stays as written; marks on Thai letters are
    /// never between token characters, so Thai stays too.
    /// </summary>
    private static string WithSplittersJoined(string text)
    {
        // Every splitter is at U+0300 or above: ASCII and Latin-1 text costs one vectorized scan.
        var first = text.AsSpan().IndexOfAnyExceptInRange('\0', '\u02FF');
        if (first < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        var copied = 0;
        for (var i = Math.Max(first, 1); i < text.Length; i++)
        {
            if (text[i] < '\u0300' || !RunCharacters.Contains(text[i - 1]) || SplitterLength(text, i) == 0)
            {
                continue;
            }

            var (start, end) = WordAround(text, i);
            var joined = WithoutSplitters(text, start, end);
            if (joined.Length < end - start && !ReadsAsWords(joined))
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, start - copied).Append(joined);
                copied = end;
            }

            i = end;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>How many UTF-16 units the splitter at <paramref name="at"/> takes (a mark outside the BMP takes two), or 0 when there is none.</summary>
    private static int SplitterLength(string text, int at)
    {
        var c = text[at];
        if (c is '\uFFFD' or '\uFFFC')
        {
            return 1;
        }

        if (char.IsSurrogate(c))
        {
            if (char.IsHighSurrogate(c) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))
            {
                return IsCombiningMark(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[at + 1]))) ? 2 : 0;
            }

            return 1;
        }

        return IsCombiningMark(CharUnicodeInfo.GetUnicodeCategory(c)) ? 1 : 0;
    }

    private static bool IsCombiningMark(UnicodeCategory category) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>The word of token characters and splitters around the splitter at <paramref name="at"/>, which follows a token character.</summary>
    private static (int Start, int End) WordAround(string text, int at)
    {
        var start = at;
        while (start > 0 && RunCharacters.Contains(text[start - 1]))
        {
            start--;
        }

        var end = at;
        while (end < text.Length)
        {
            var length = RunCharacters.Contains(text[end]) ? 1 : SplitterLength(text, end);
            if (length == 0)
            {
                break;
            }

            end += length;
        }

        return (start, end);
    }

    private static string WithoutSplitters(string text, int start, int end)
    {
        var joined = new StringBuilder(end - start);
        for (var i = start; i < end;)
        {
            var length = RunCharacters.Contains(text[i]) ? 0 : SplitterLength(text, i);
            if (length == 0)
            {
                joined.Append(text[i]);
                i++;
            }
            else
            {
                i += length;
            }
        }

        return joined.ToString();
    }

    /// <summary>
    /// Whether a word, its splitters taken out, reads as words of Latin letters with accents: pieces between '-', '_',
    /// '/' or '+' of at most 16 letters, each lower case, capitalised or all capitals, that together do not look random.
    /// A token split by marks has digits, random letters or capitals inside its pieces.
    /// </summary>
    private static bool ReadsAsWords(string joined)
    {
        if (joined.Length >= MinRandomRunLength && LooksRandom(joined))
        {
            return false;
        }

        foreach (var range in joined.AsSpan().SplitAny("-_/+"))
        {
            var piece = joined.AsSpan(range);
            if (piece.Length > 16 || piece.ContainsAnyExcept(AsciiLetters)
                || (piece.Length > 1 && piece[1..].ContainsAnyInRange('A', 'Z') && piece.ContainsAnyInRange('a', 'z')))
            {
                return false;
            }
        }

        return true;
    }
}
