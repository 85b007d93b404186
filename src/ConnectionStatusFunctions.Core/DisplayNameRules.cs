using System.Globalization;
using System.Text;

namespace ConnectionStatusFunctions.Core;

/// <summary>What a report's displayName must be: support reads it as the account's name, so nothing in it may hide or pass for another.</summary>
internal static class DisplayNameRules
{
    /// <summary>The name as stored (control characters gone, trimmed), or null with its error recorded.</summary>
    public static string? Check(string name, Dictionary<string, string[]> errors)
    {
        var displayName = TextCleaner.WithoutControlCharacters(name).Trim();
        if (displayName.Length == 0 || TextCleaner.Characters(displayName) > ReportValidator.MaxDisplayNameLength)
        {
            errors["displayName"] = [$"displayName must be 1-{ReportValidator.MaxDisplayNameLength} printable characters."];
        }
        else if (TextCleaner.HasHiddenCharacters(displayName))
        {
            // Shown to support as the account's name: what is not visible could impersonate another account.
            errors["displayName"] = ["displayName must not contain invisible, direction-changing or line-separating characters (zero-width, bidi controls, tags, line or paragraph separators)."];
        }
        else if (!TextCleaner.HasVisibleCharacter(displayName))
        {
            // Fillers, blanks and marks with no letter to sit on would show support a nameless row.
            errors["displayName"] = ["displayName must contain at least one visible letter, digit, symbol or punctuation mark."];
        }
        else if (HasInvisibleCharacter(displayName))
        {
            // "Acme" with a filler or a grapheme joiner after it looks exactly like "Acme".
            errors["displayName"] = ["displayName must not contain characters that show nothing (fillers, the Braille blank, grapheme joiners, variation selectors other than an emoji's)."];
        }
        else
        {
            return displayName;
        }

        return null;
    }

    /// <summary>
    /// Whether the name holds a character that shows nothing, anywhere in it. The one exception is
    /// a text or emoji variation selector (U+FE0E, U+FE0F) right after a symbol, or after a keycap's
    /// base when the keycap mark follows: that is how emoji such as ❤️ and 1️⃣ are written; and a
    /// zero-width joiner or non-joiner between two visible characters (Persian, Sinhala, emoji sequences).
    /// </summary>
    private static bool HasInvisibleCharacter(string name)
    {
        Rune? previous = null;
        for (var i = 0; i < name.Length;)
        {
            // Lone surrogates were refused before this runs.
            Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var consumed);
            if (TextCleaner.IsInvisible(rune) && !IsEmojiPresentation(rune, previous, name.AsSpan(i + consumed))
                && !TextCleaner.IsJoinerBetweenVisible(name, i))
            {
                return true;
            }

            previous = rune;
            i += Math.Max(consumed, 1);
        }

        return false;
    }

    private static bool IsEmojiPresentation(Rune selector, Rune? previous, ReadOnlySpan<char> after)
    {
        if (selector.Value is not (0xFE0E or 0xFE0F) || previous is not { } symbol)
        {
            return false;
        }

        if (Rune.GetUnicodeCategory(symbol) is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol
            or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol)
        {
            return symbol.Value != 0x2800;
        }

        // Emoji that are punctuation in Unicode (‼️ ⁉️ 〽️) and keycaps (1️⃣ #️⃣ *️⃣).
        return symbol.Value is 0x203C or 0x2049 or 0x303D
            || (((symbol.IsAscii && Rune.IsDigit(symbol)) || symbol.Value is '#' or '*') && after.StartsWith("\u20E3", StringComparison.Ordinal));
    }
}
