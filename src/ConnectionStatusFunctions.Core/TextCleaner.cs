using System.Buffers;
using System.Globalization;
using System.Text;

namespace ConnectionStatusFunctions.Core;

/// <summary>Characters a reader cannot see, taken out of text that came from a connector.</summary>
internal static class TextCleaner
{
    private const int BrailleBlank = 0x2800;

    /// <summary>
    /// The characters a length limit counts: Unicode code points, as JSON Schema's maxLength counts
    /// them, so that a name of 200 emoji the contract accepts is not refused as 400 UTF-16 units.
    /// </summary>
    public static int Characters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>At most <paramref name="maxLength"/> characters, cut before a surrogate pair rather than through it.</summary>
    public static string Cut(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        return text[..(char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength)];
    }

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

    /// <summary>
    /// Control characters and line and paragraph separators become spaces, so they still separate
    /// words; a terminal's control sequences (colours) and invisible characters (<see cref="IsInvisible"/>) are removed, so they cannot split a
    /// token in two. Code points are read whole, so a character outside the Basic Multilingual Plane
    /// is judged as itself, not as two surrogates; a lone surrogate is left as it is. Combining marks
    /// that sit on a letter (Thai vowels and tone marks) are visible and stay.
    /// </summary>
    public static string WithoutInvisibleCharacters(string text)
    {
        var first = text.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (first < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        var copied = 0;
        for (var i = first; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                i += Math.Max(consumed, 1);
                continue;
            }

            // A terminal's colour or cursor code (ESC [ 31 m, its one-character form U+009B, a character set's ESC ( B,
            // a hyperlink's ESC ] 8 ;; ... ESC \) shows nothing: it goes whole, so it cannot split a token.
            if (rune.Value is 0x1B or 0x9B && AnsiControlSequenceLength(text, i) is > 0 and var sequence)
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, i - copied);
                i += sequence;
                copied = i;
                continue;
            }

            var invisible = IsInvisible(rune);
            if (invisible || Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, i - copied);
                if (!invisible)
                {
                    builder.Append(' ');
                }

                copied = i + consumed;
            }

            i += consumed;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// The length of the ECMA-48 escape at <paramref name="at"/>, or 0: a control sequence (ESC '[' or U+009B, then
    /// parameters, intermediates and a final byte), a character set's designation (ESC '(' or ')' and one character),
    /// or an operating system command (ESC ']' up to BEL or ESC '\', as a terminal hyperlink is written).
    /// </summary>
    private static int AnsiControlSequenceLength(string text, int at)
    {
        var start = text[at] == '\u009B' ? at + 1 : at + 2;
        if (text[at] == '\u001B')
        {
            if (at + 1 >= text.Length)
            {
                return 0;
            }

            switch (text[at + 1])
            {
                case '(' or ')':
                    return at + 2 < text.Length ? 3 : 0;
                case ']':
                    var bell = text.IndexOf('\u0007', at + 2);
                    var terminator = text.IndexOf("\u001B\\", at + 2, StringComparison.Ordinal);
                    var end = bell < 0 ? terminator : terminator < 0 ? bell : Math.Min(bell, terminator);
                    return end < 0 ? 0 : end - at + (end == bell ? 1 : 2);
                case '[':
                    break;
                default:
                    return 0;
            }
        }

        var position = start;
        while (position < text.Length && text[position] is >= '\u0030' and <= '\u003F')
        {
            position++;
        }

        while (position < text.Length && text[position] is >= '\u0020' and <= '\u002F')
        {
            position++;
        }

        return position < text.Length && text[position] is >= '\u0040' and <= '\u007E' ? position + 1 - at : 0;
    }

    /// <summary>
    /// Whether the text holds a character a reader cannot see or that rearranges what is shown:
    /// format characters (zero-width, bidi controls, tag characters), line and paragraph
    /// separators, private-use, unassigned and lone surrogate code points. A zero-width joiner or
    /// non-joiner between two visible characters (<see cref="IsJoinerBetweenVisible"/>) is part of
    /// how the name is written, not hidden.
    /// </summary>
    public static bool HasHiddenCharacters(string text)
    {
        if (!text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return false;
        }

        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                return true;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate
                && !IsJoinerBetweenVisible(text, i))
            {
                return true;
            }

            i += consumed;
        }

        return false;
    }

    /// <summary>
    /// Whether the text holds at least one character a reader sees as something: a letter, digit,
    /// symbol or punctuation mark of any script. Spaces, fillers, the Braille blank and combining
    /// marks with nothing to sit on are not.
    /// </summary>
    public static bool HasVisibleCharacter(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) == OperationStatus.Done
                && IsVisibleBase(rune))
            {
                return true;
            }

            i += Math.Max(consumed, 1);
        }

        return false;
    }

    /// <summary>
    /// Characters that show nothing: every Unicode <c>Default_Ignorable_Code_Point</c> (zero-width
    /// characters, joiners, bidi controls, variation selectors, Hangul fillers, the tag block), every
    /// other format character, the Braille blank, which is a symbol that draws no dot, and the other
    /// characters whose glyph is blank by definition: the musical null notehead U+1D159 (its neighbours
    /// U+1D173-1D17A are default-ignorable already) and the Khitan small script filler U+16FE4.
    /// </summary>
    public static bool IsInvisible(Rune rune) =>
        IsDefaultIgnorable(rune.Value) || rune.Value is BrailleBlank or MusicalNullNotehead or KhitanFiller
        || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format;

    /// <summary>
    /// Whether the character at <paramref name="index"/> is a zero-width joiner or non-joiner (U+200D,
    /// U+200C) that joins two visible characters, as names are written with them: Persian
    /// (فروشگاه‌ها), Sinhala (ශ්‍රී) and emoji sequences (👨‍👩‍👧, 🏳️‍🌈, ❤️‍🔥). Before it a letter, a mark
    /// or a symbol, or an emoji's variation selector after one; after it a letter, a mark or a symbol.
    /// A joiner at either end, next to another invisible character, or next to a space is still hidden.
    /// </summary>
    public static bool IsJoinerBetweenVisible(string text, int index)
    {
        if (text[index] is not ('\u200C' or '\u200D') || index == 0 || index + 1 >= text.Length)
        {
            return false;
        }

        var before = index;
        if (text[before - 1] == '\uFE0F' && before >= 2)
        {
            before--;
        }

        return Rune.DecodeLastFromUtf16(text.AsSpan(0, before), out var previous, out _) == OperationStatus.Done
            && Rune.DecodeFromUtf16(text.AsSpan(index + 1), out var next, out _) == OperationStatus.Done
            && IsJoinable(previous) && IsJoinable(next);
    }

    private static bool IsJoinable(Rune rune) =>
        !IsInvisible(rune) && rune.Value != BrailleBlank
        && (Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.OtherSymbol
            // An emoji's skin tone (U+1F3FB-U+1F3FF) is a modifier symbol, joined to the next emoji ("👩🏽‍💻").
            || (Rune.GetUnicodeCategory(rune) is UnicodeCategory.ModifierSymbol && !rune.IsAscii));

    private const int MusicalNullNotehead = 0x1D159;
    private const int KhitanFiller = 0x16FE4;

    /// <summary>The Unicode property Default_Ignorable_Code_Point (DerivedCoreProperties.txt): 4,174 code points, stable since Unicode 9.</summary>
    public static bool IsDefaultIgnorable(int codePoint) => codePoint switch
    {
        0x00AD or 0x034F or 0x061C or 0x3164 or 0xFEFF or 0xFFA0 => true,
        >= 0x115F and <= 0x1160 => true,
        >= 0x17B4 and <= 0x17B5 => true,
        >= 0x180B and <= 0x180F => true,
        >= 0x200B and <= 0x200F => true,
        >= 0x202A and <= 0x202E => true,
        >= 0x2060 and <= 0x206F => true,
        >= 0xFE00 and <= 0xFE0F => true,
        >= 0xFFF0 and <= 0xFFF8 => true,
        >= 0x1BCA0 and <= 0x1BCA3 => true,
        >= 0x1D173 and <= 0x1D17A => true,
        >= 0xE0000 and <= 0xE0FFF => true,
        _ => false,
    };

    private static bool IsVisibleBase(Rune rune) =>
        !IsInvisible(rune)
        && Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation
            or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol;
}
