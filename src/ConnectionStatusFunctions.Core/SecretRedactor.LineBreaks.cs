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
        if (text.AsSpan().IndexOfAny(LineBreaks) >= 0)
        {
            text = WithBreaksJoined(text, NextLineBreak);
        }

        // A break written as an escape ("\n" in a JSON-escaped log, "%0A", "&#10;", "\u2028") cuts a token as a raw one
        // does, and so does an escaped invisible character that no decoder here reads (Python's "\U000E0041").
        return text.AsSpan().ContainsAny(EscapedBreaks) ? WithBreaksJoined(text, NextEscapedBreak) : text;
    }

    /// <summary>The text with each break that <paramref name="nextBreak"/> finds between the two halves of a secret taken out.</summary>
    private static string WithBreaksJoined(string text, Func<string, int, (int At, int Length)> nextBreak)
    {
        StringBuilder? builder = null;
        var copied = 0;
        for (var (at, breakLength) = nextBreak(text, 0); at >= 0 && at < text.Length; (at, breakLength) = nextBreak(text, at + 1))
        {
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

    private static (int At, int Length) NextLineBreak(string text, int from)
    {
        var offset = from < text.Length ? text.AsSpan(from).IndexOfAny(LineBreaks) : -1;
        if (offset < 0)
        {
            return (-1, 0);
        }

        var at = from + offset;
        return (at, text[at] == '\r' && at + 1 < text.Length && text[at + 1] == '\n' ? 2 : 1);
    }

    // Line breaks, and the tag characters and variation selectors beyond the Basic Multilingual Plane, as escapes write
    // them: JSON and C ("\n", "\u2028"), Python ("\U000E0041"), percent-encoded UTF-8 ("%0A", "%E2%80%A8") and HTML
    // references ("&#10;", "&#x2028;"). Longer ones first, so "\r\n" is not read as "\r".
    private static readonly string[] EscapedBreakForms =
    [
        "\\r\\n", "\\n", "\\r", "\\u000a", "\\u000d", "\\u2028", "\\u2029", "%0D%0A", "%0A", "%0D", "%E2%80%A8", "%E2%80%A9",
        "&#13;&#10;", "&#10;", "&#13;", "&#xA;", "&#x0A;", "&#xD;", "&#x2028;", "&#x2029;", "&#8232;", "&#8233;", "\\U000E0",
    ];

    private static readonly SearchValues<string> EscapedBreaks = SearchValues.Create(EscapedBreakForms, StringComparison.OrdinalIgnoreCase);

    private static (int At, int Length) NextEscapedBreak(string text, int from)
    {
        var offset = from < text.Length ? text.AsSpan(from).IndexOfAny(EscapedBreaks) : -1;
        if (offset < 0)
        {
            return (-1, 0);
        }

        var at = from + offset;
        foreach (var form in EscapedBreakForms)
        {
            if (text.AsSpan(at).StartsWith(form, StringComparison.OrdinalIgnoreCase))
            {
                // Python's escape of a plane-14 character is ten characters long: "\U000E" and four hex digits.
                var length = form == "\\U000E0" ? PlaneFourteenEscapeLength(text.AsSpan(at)) : form.Length;
                return length > 0 ? (at, length) : (at, 1);
            }
        }

        return (at, 1);
    }

    private static int PlaneFourteenEscapeLength(ReadOnlySpan<char> escape) =>
        escape.Length >= 10 && !escape[6..10].ContainsAnyExcept(HexDigits) ? 10 : 0;

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
