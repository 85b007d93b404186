using System.Buffers;
using System.Globalization;
using System.Text;

namespace ConnectionStatusFunctions.Core;

// An authorization scheme as a reader sees it: the gap before its token in any encoding (its word in look-alike
// letters is read as ASCII before, with the keys: see WithKeysUnmasked).
public static partial class SecretRedactor
{
    private static readonly string[] AuthorizationSchemes = ["bearer", "basic"];

    private static readonly SearchValues<string> AuthorizationSchemeWords = SearchValues.Create(AuthorizationSchemes, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What stands between an authorization scheme and its token reads as the spaces and quotes it stands for, in
    /// whatever encoding: '+' (form encoding), percent-escapes (also of UTF-8, <c>%C2%A0</c>), HTML references
    /// (<c>&amp;#32;</c>, <c>&amp;nbsp;</c>, <c>&amp;quot;</c>) and JSON or JavaScript escapes (<c>\u0020</c>, <c>\t</c>), so
    /// "Bearer%09...", "Bearer&amp;#32;..." and "Bearer%20%20..." are followed by a scheme's token. Encoded spaces elsewhere stay, so a
    /// decoded one cannot end a value early.
    /// </summary>
    private static string WithSchemeSpacesDecoded(string text)
    {
        for (var at = text.AsSpan().IndexOfAny(AuthorizationSchemeWords); at >= 0;)
        {
            var after = at + SchemeLengthAt(text, at);
            if (at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1]))
            {
                var gapEnd = after;
                var encoded = false;
                while (gapEnd < text.Length && GapUnit(text, gapEnd) is ( > 0, var shown) unit)
                {
                    encoded |= unit.Length > 1 || shown != text[gapEnd];
                    gapEnd += unit.Length;
                }

                // Only before a token: "the Basic+ plan" keeps its '+'.
                if (encoded && gapEnd < text.Length && SchemeTokenCharacters.Contains(text[gapEnd])
                    && !IsPlainWord(text.AsSpan(gapEnd, EndOf(text, gapEnd, SchemeTokenCharacters) - gapEnd)))
                {
                    text = string.Concat(text.AsSpan(0, after), GapRead(text, after, gapEnd), text.AsSpan(gapEnd));
                }
            }

            var next = text.AsSpan(after).IndexOfAny(AuthorizationSchemeWords);
            at = next < 0 ? -1 : after + next;
        }

        return text;
    }

    private static int SchemeLengthAt(string text, int at)
    {
        foreach (var scheme in AuthorizationSchemes)
        {
            if (text.AsSpan(at).StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return scheme.Length;
            }
        }

        return 0;
    }

    private static string GapRead(string text, int start, int end)
    {
        var gap = new StringBuilder(end - start);
        for (var at = start; at < end;)
        {
            var (length, shown) = GapUnit(text, at);
            gap.Append(shown);
            at += length;
        }

        return gap.ToString();
    }

    /// <summary>
    /// One space or quote at <paramref name="at"/>, as itself or encoded: its length and what it reads as (a space for
    /// any white space, the quote for a quote); a zero length when there is none.
    /// </summary>
    private static (int Length, char Shown) GapUnit(string text, int at)
    {
        var c = text[at];
        if (char.IsWhiteSpace(c) || c is '"' or '\'' or '`')
        {
            return (1, c);
        }

        if (c == '+')
        {
            return (1, ' ');
        }

        var (length, codePoint) = c switch
        {
            '%' => PercentEncoded(text, at),
            '&' => ReferenceEncoded(text, at),
            '\\' => BackslashEncoded(text, at),
            _ => default,
        };
        return length == 0 || !Rune.IsValid(codePoint) ? default
            : Rune.IsWhiteSpace(new Rune(codePoint)) ? (length, ' ')
            : codePoint is '"' or '\'' or '`' ? (length, (char)codePoint)
            : default;
    }

    /// <summary>A percent-escape of one character (its UTF-8 bytes, or IIS's <c>%uXXXX</c>): its length and code point.</summary>
    private static (int Length, int CodePoint) PercentEncoded(string text, int at)
    {
        if (at + 6 <= text.Length && text[at + 1] is 'u' or 'U'
            && int.TryParse(text.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
        {
            return (6, unit);
        }

        Span<byte> bytes = stackalloc byte[3];
        var count = 0;
        while (count < bytes.Length && at + 3 * count < text.Length && text[at + 3 * count] == '%' && HexByte(text, at + 3 * count + 1) is { } value)
        {
            bytes[count++] = value;
            if (Rune.DecodeFromUtf8(bytes[..count], out var rune, out _) == System.Buffers.OperationStatus.Done)
            {
                return (3 * count, rune.Value);
            }
        }

        return default;
    }

    private static readonly (string Name, char Character)[] GapReferences =
        [("nbsp;", '\u00A0'), ("Tab;", '\t'), ("NewLine;", '\n'), ("ensp;", ' '), ("emsp;", ' '), ("thinsp;", ' '), ("quot;", '"'), ("apos;", '\'')];

    /// <summary>An HTML character reference, numeric or one of <see cref="GapReferences"/>: its length and code point.</summary>
    private static (int Length, int CodePoint) ReferenceEncoded(string text, int at)
    {
        var rest = text.AsSpan(at + 1);
        foreach (var (name, character) in GapReferences)
        {
            if (rest.StartsWith(name, StringComparison.Ordinal))
            {
                return (name.Length + 1, character);
            }
        }

        return NumericReference(rest);
    }

    /// <summary>A JSON or JavaScript escape (<c>\u0020</c>, <c>\x20</c>, <c>\t</c>, <c>\"</c>): its length and code point.</summary>
    private static (int Length, int CodePoint) BackslashEncoded(string text, int at)
    {
        if (at + 1 >= text.Length)
        {
            return default;
        }

        return text[at + 1] switch
        {
            't' => (2, '\t'),
            'n' => (2, '\n'),
            'r' => (2, '\r'),
            '"' or '\'' => (2, text[at + 1]),
            'u' when at + 6 <= text.Length
                && int.TryParse(text.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit) => (6, unit),
            'x' when HexByte(text, at + 2) is { } value => (4, value),
            _ => default,
        };
    }
}
