using System.Buffers;
using System.Text;

namespace ConnectionStatusFunctions.Core;

// A random token cut by one line break (or a tab, a vertical tab, a form feed, NEL, U+2028, U+2029): the break becomes a
// space when the text is cleaned, leaving halves each too short to look random.
public static partial class SecretRedactor
{
    // Every character a terminal or a text box breaks a line at, and the tab: pasted or wrapped, each may fall inside a token.
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\n\r\t\v\f\u0085\u2028\u2029");

    /// <summary>
    /// The text with each single line break between two runs of token characters taken out when the runs joined are a
    /// secret the token pass would redact (see <see cref="IsSecretRun"/>) and they were not one already (see <see cref="JoinsASecret"/>): so
    /// "AbC9xW2vB7nK\u2028mP8rT6yL3pQa" and "AKIAIOSF\nODNN7EXAMPLE" are redacted whole, while prose across lines
    /// ("connection reset\nretrying") and a word before a token on the next line ("failed\n&lt;token&gt;") stay as they were.
    /// Read before the text is cleaned, which turns every break into a space like any other.
    /// </summary>
    private static string WithTokenLineBreaksJoined(string text)
    {
        var first = text.AsSpan().IndexOfAny(LineBreaks);
        if (first < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        var copied = 0;
        for (var at = first; at >= 0 && at < text.Length; at = NextLineBreak(text, at + 1))
        {
            var breakLength = text[at] == '\r' && at + 1 < text.Length && text[at + 1] == '\n' ? 2 : 1;
            var after = at + breakLength;
            if (at == 0 || after >= text.Length || !RunCharacters.Contains(text[at - 1]) || !RunCharacters.Contains(text[after]))
            {
                continue;
            }

            var start = at - 1;
            while (start > 0 && RunCharacters.Contains(text[start - 1]))
            {
                start--;
            }

            var end = EndOf(text, after, RunCharacters);
            if (end - start - breakLength >= MinRandomRunLength && JoinsASecret(text.AsSpan(start, at - start), text.AsSpan(after, end - after)))
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, at - copied);
                copied = after;
            }

            at = after - 1;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    private static int NextLineBreak(string text, int from)
    {
        var offset = from < text.Length ? text.AsSpan(from).IndexOfAny(LineBreaks) : -1;
        return offset < 0 ? -1 : from + offset;
    }

    /// <summary>
    /// Whether two runs of token characters either side of a line break are one secret: joined they are, not both are
    /// already on their own, and neither reads as a word ("failed", "Bearer", "ERROR") or an ordinary id
    /// ("shopee-th-000123"), which a line of prose may end or start with.
    /// </summary>
    private static bool JoinsASecret(ReadOnlySpan<char> before, ReadOnlySpan<char> after)
    {
        if (IsPlainWord(before) || IsPlainWord(after) || IsAcronym(before) || IsAcronym(after) || IsOrdinaryId(before) || IsOrdinaryId(after))
        {
            return false;
        }

        return IsSecretRun(string.Concat(before, after)) && !(IsSecretRun(before.ToString()) && IsSecretRun(after.ToString()));
    }

    /// <summary>Whether a run of token characters alone is one the token pass redacts: a known token format or a run that looks random.</summary>
    private static bool IsSecretRun(string run) => run.Length >= MinRandomRunLength && SecretEnd(run, 0, run.Length, run.Length) > 0;
}
