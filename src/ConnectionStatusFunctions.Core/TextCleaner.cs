using System.Globalization;
using System.Text;

namespace ConnectionStatusFunctions.Core;

/// <summary>Characters a reader cannot see, taken out of text that came from a connector.</summary>
internal static class TextCleaner
{
    /// <summary>Control characters become spaces, so they still separate words.</summary>
    public static string WithoutControlCharacters(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.AsSpan().ContainsAnyInRange('\u007f', '\u009f'))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
    }

    /// <summary>Format characters (zero-width spaces, joiners, direction marks) are removed, so they cannot split a token in two.</summary>
    public static string WithoutFormatCharacters(string text)
    {
        // Printable ASCII, the usual case, needs no look at Unicode categories.
        if (!text.AsSpan().ContainsAnyExceptInRange(' ', '~') || !text.Any(IsFormatCharacter))
        {
            return text;
        }

        return string.Concat(text.Where(c => !IsFormatCharacter(c)));
    }

    /// <summary>
    /// Whether the text holds a character a reader cannot see or that rearranges what is shown:
    /// format characters (zero-width, bidi controls, tag characters), line and paragraph
    /// separators, private-use, unassigned and lone surrogate code points.
    /// </summary>
    public static bool HasHiddenCharacters(string text)
    {
        if (!text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return false;
        }

        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return true;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate)
            {
                return true;
            }

            i += consumed;
        }

        return false;
    }

    private static bool IsFormatCharacter(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
