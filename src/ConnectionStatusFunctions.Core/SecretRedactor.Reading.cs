using System.Buffers;
using System.Globalization;
using System.Text;

namespace ConnectionStatusFunctions.Core;

// The text as a reader sees it: look-alike characters read as ASCII, keys spelt with look-alike letters read as the key,
// and escapes (percent, HTML, JSON) decoded. Long because each way of disguising a character has its own small decoder,
// and they must run in one order to read the text as one reader would.
public static partial class SecretRedactor
{
    /// <summary>
    /// Characters percent-decoded before matching: those keys, separators and tokens are written
    /// with, so <c>access%5Ftoken%3D...</c> and a base64 key split by <c>%2F</c> or <c>%2B</c> read
    /// as what they are, and '%' itself, so a doubly encoded key does too. Other escapes stay, so a
    /// decoded ';' or space cannot end a value early.
    /// </summary>
    private static readonly SearchValues<char> PercentDecodedCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=:\"'%");


    /// <summary>
    /// Full-width forms (U+FF01-FF5E) read as the ASCII they stand for, and colons and equals signs
    /// of other scripts and sizes as ':' and '=', so "password：..." or "ｔｏｋｅｎ＝..." is a key and its value.
    /// </summary>
    private static string WithAsciiLookalikes(string text)
    {
        // Latin-1 text has no look-alike, but may join a key to its value with a mark ('×', '¿', '»').
        var first = text.AsSpan().IndexOfAnyExceptInRange('\0', '\u007f');
        if (first < 0)
        {
            return text;
        }

        char[]? copy = null;
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            var ascii = AsciiLookalike(c);
            // A lone full-width '＞' (spaces around it, no '＜' before it) is an arrow between a key and its value
            // ("api_key ＞ x"), which an ASCII '>' alone is not ("count > 0"): it stays as written, and the key table reads
            // it as an arrow (ArrowCharacter). Glued between a secret's key and its value it joins them as any mark does.
            if (c == '\uFF1E')
            {
                if (IsLoneFullWidthArrow(text, i))
                {
                    ascii = c;
                }
                else if (IsSeparatorAfterKey(text, i))
                {
                    ascii = '=';
                }
            }

            // A dash read as '-' still joins a key to its value as '=' would ("token‐x"), as it did before dashes were folded.
            if ((ascii == c || (ascii == '-' && c != '\uFF0D')) && IsSeparatorAfterKey(text, i))
            {
                ascii = '=';
            }

            if (ascii != c)
            {
                copy ??= text.ToCharArray();
                copy[i] = ascii;
            }
        }

        return copy is null ? text : new string(copy);
    }

    private static bool IsLoneFullWidthArrow(string text, int at) =>
        at > 0 && at + 1 < text.Length && text[at - 1] is ' ' or '\t' && text[at + 1] is ' ' or '\t'
        && text.AsSpan(0, at).IndexOfAny('<', '\uFF1C') < 0;

    /// <summary>
    /// Whether the mark at <paramref name="at"/> joins a secret key to its value as '=' would ("api_key≡x", "token๚x"):
    /// any one punctuation mark or symbol outside ASCII (and Thai's paiyannoi, a letter used as a mark) written between
    /// a key that names a secret and a letter or digit. Elsewhere such a mark stays as written.
    /// </summary>
    private static bool IsSeparatorAfterKey(string text, int at)
    {
        if (at == 0 || at + 1 >= text.Length || !char.IsAsciiLetterOrDigit(text[at - 1]) || !char.IsAsciiLetterOrDigit(text[at + 1])
            || text[at] < '\u0080' || !IsMarkOrSymbol(text[at]))
        {
            return false;
        }

        var keyStart = at;
        while (keyStart > 0 && at - keyStart < 64 && (char.IsAsciiLetterOrDigit(text[keyStart - 1]) || text[keyStart - 1] is '_' or '-' or '.'))
        {
            keyStart--;
        }

        // Letters, digits, '_', '-' and '.' only: nothing for the readable text's passes to change, so the key pattern alone.
        return SecretKey().IsMatch(text.AsSpan(keyStart, at - keyStart));
    }

    private static bool IsMarkOrSymbol(char c) => c is '\u0E2F' || char.GetUnicodeCategory(c) is UnicodeCategory.MathSymbol or UnicodeCategory.OtherSymbol
        or UnicodeCategory.ModifierSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.OtherPunctuation or UnicodeCategory.DashPunctuation
        or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation;

    /// <summary>
    /// The ASCII character <paramref name="c"/> reads as: a full-width form's, or ':' and '=' for every
    /// character whose compatibility decomposition (NFKC) is one of them and for their confusables in
    /// Unicode's confusables.txt that are not combining marks (a mark such as the Devanagari visarga is
    /// part of a word of its script, as Thai vowels are); '-' for every dash and ' ' for every space separator;
    /// otherwise <paramref name="c"/> itself.
    /// </summary>
    internal static char AsciiLookalike(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        // NFKC ':' (small and vertical forms), then confusables.
        '\uFE13' or '\uFE55'
            or '\u02D0' or '\u02F8' or '\u0589' or '\u05C3' or '\u0703' or '\u0704' or '\u16EC' or '\u1803' or '\u1809'
            or '\u205A' or '\u2236' or '\uA4FD' or '\uA789' or '\uFE30'
            // Colons of other scripts and notations: Ethiopic wordspace, Mongolian colon, Z notation type colon.
            or '\u1361' or '\u1804' or '\u2982' => ':',
        // NFKC '=' (small, superscript and subscript forms), then confusables.
        '\uFE66' or '\u207C' or '\u208C'
            or '\u1400' or '\u2E40' or '\u30A0' or '\uA4FF' or '\uA78A'
            // Assignment signs of mathematics: colon equals, equals colon, double colon equal.
            or '\u2254' or '\u2255' or '\u2A74' => '=',
        // Every dash (Unicode's dash punctuation, the minus sign and its small form) reads as '-', and every space
        // separator (no-break, thin, ideographic) as ' ': "password ‐> x" is an arrow, "is agree　ask" a phrase.
        '\u2212' => '-',
        > '\u007f' when char.GetUnicodeCategory(c) is UnicodeCategory.DashPunctuation => '-',
        > '\u007f' when char.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator => ' ',
        _ => c,
    };

    /// <summary>
    /// Words written with letters that look like Latin ones, read as the key they spell when they spell one
    /// ("раssword" with Cyrillic 'р' and 'а', a key in mathematical bold, "pas\u0301sword" with a combining accent),
    /// so a disguised key still names its value. Only such words change: a Cyrillic, Greek or accented word that
    /// spells no key (and Thai, whose marks are not in the folded range) is left as it was written.
    /// </summary>
    private static string WithKeysUnmasked(string text)
    {
        // Every disguise is at U+0300 or above: ASCII and Latin-1 text costs one vectorized scan.
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', '\u02FF') || !text.AsSpan().ContainsAny(KeyDisguises))
        {
            return text;
        }

        StringBuilder? builder = null;
        var copied = 0;
        for (var i = text.AsSpan().IndexOfAny(KeyDisguises); i >= 0 && i < text.Length;)
        {
            var (start, end) = WordAround(text, i, IsKeyWordCharacter);
            end = Math.Max(end, i + 1);
            if (start >= copied && FoldedKey(text.AsSpan(start, end - start)) is { } key && (IsSecretKey(key) || IsSchemeWord(key)))
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, start - copied).Append(key);
                copied = end;
            }

            var next = end < text.Length ? text.AsSpan(end).IndexOfAny(KeyDisguises) : -1;
            i = next < 0 ? -1 : end + next;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    // Combining diacritical marks, Greek and Cyrillic letters, and the high surrogate of the mathematical alphanumerics.
    private static readonly SearchValues<char> KeyDisguises = SearchValues.Create(
        string.Concat(Enumerable.Range(0x0300, 0x0500 - 0x0300).Select(c => (char)c)) + "\uD835");

    private static bool IsKeyWordCharacter(char c) => char.IsLetterOrDigit(c) || char.IsSurrogate(c) || c is '_' or '-' or '.'
        || char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    private static bool IsSchemeWord(string word) =>
        word.Equals("bearer", StringComparison.OrdinalIgnoreCase) || word.Equals("basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The word with its look-alike letters read as Latin ones (<see cref="LatinLookalike"/>), mathematical letters as
    /// the letters they style (NFKC) and combining diacritical marks left out, when that leaves ASCII only; otherwise null.
    /// </summary>
    private static string? FoldedKey(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || word.Length > 64)
        {
            return null;
        }

        var folded = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (c is >= '\u0300' and <= '\u036F')
            {
                continue;
            }

            folded.Append(LatinLookalike(c));
        }

        var text = folded.ToString();
        if (text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            try
            {
                text = text.Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                // A lone surrogate: not a key.
                return null;
            }
        }

        return text.AsSpan().ContainsAnyExceptInRange('\0', '\x7f') ? null : text;
    }

    /// <summary>The Latin letter a Cyrillic or Greek letter is drawn like, or the letter itself.</summary>
    private static char LatinLookalike(char c) => c switch
    {
        'а' or 'α' => 'a', 'с' or 'ϲ' => 'c', 'ԁ' => 'd', 'е' or 'ε' => 'e', 'һ' => 'h', 'і' or 'ι' => 'i', 'ј' => 'j',
        'к' or 'κ' => 'k', 'ӏ' => 'l', 'о' or 'ο' => 'o', 'р' or 'ρ' => 'p', 'ԛ' => 'q', 'ѕ' => 's', 'τ' => 't',
        'υ' => 'u', 'ν' => 'v', 'ԝ' => 'w', 'х' or 'χ' => 'x', 'у' => 'y', 'ь' => 'b', 'г' => 'r',
        'А' or 'Α' => 'A', 'В' or 'Β' or 'Ь' => 'B', 'С' or 'Ϲ' => 'C', 'Е' or 'Ε' => 'E', 'Н' or 'Η' => 'H', 'І' or 'Ι' or 'Ӏ' => 'I',
        'Ј' => 'J', 'К' or 'Κ' => 'K', 'М' or 'Μ' => 'M', 'Ν' => 'N', 'О' or 'Ο' => 'O', 'Р' or 'Ρ' => 'P', 'Ѕ' => 'S',
        'Т' or 'Τ' => 'T', 'Х' or 'Χ' => 'X', 'У' or 'Υ' => 'Y', 'Ζ' => 'Z',
        _ => c,
    };

    private const int MaxDecodingRounds = 8;
    private static readonly SearchValues<char> EscapeStarts = SearchValues.Create("%&\\");

    /// <summary>
    /// Decodes the escapes a key, a separator or a token can be written with, repeatedly (a bounded
    /// number of times), so <c>access%2525255Ftoken</c>, <c>password&amp;#61;</c> and <c>password\u003d</c>
    /// read as what they are: percent-escapes (also of UTF-8 sequences), HTML character references
    /// and JSON <c>\uXXXX</c> escapes. An escape is decoded only when it stands for one of
    /// <see cref="PercentDecodedCharacters"/> or a look-alike of one, or for an invisible character,
    /// which is removed as a literal one is; a JSON escape or a numeric HTML reference also when it stands for text
    /// outside ASCII (see <see cref="ReadableAsText"/>); other escapes stay, so a decoded ';' or space cannot end a value early.
    /// </summary>
    private static string EscapesDecoded(string text)
    {
        for (var round = 0; round < MaxDecodingRounds && text.AsSpan().ContainsAny(EscapeStarts); round++)
        {
            var decoded = EscapesDecodedOnce(text);
            if (ReferenceEquals(decoded, text))
            {
                break;
            }

            text = decoded;
        }

        return text;
    }

    private static string EscapesDecodedOnce(string text)
    {
        StringBuilder? builder = null;
        var copied = 0;
        var i = text.AsSpan().IndexOfAny(EscapeStarts);
        while (i >= 0)
        {
            var (length, replacement) = text[i] switch
            {
                '%' => PercentEscape(text, i),
                '&' => CharacterReference(text, i),
                _ => JsonEscape(text, i),
            };
            if (length > 0)
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, i - copied);
                if (replacement != '\0')
                {
                    builder.Append(replacement);
                }

                copied = i + length;
            }

            var next = i + Math.Max(length, 1);
            var offset = next < text.Length ? text.AsSpan(next).IndexOfAny(EscapeStarts) : -1;
            i = offset < 0 ? -1 : next + offset;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// What an escaped code point reads as: '\0' to remove it (an invisible character), the character
    /// or the ASCII it looks like when that is a key, separator or token character; null to keep the escape.
    /// </summary>
    private static char? Readable(int codePoint)
    {
        if (!Rune.IsValid(codePoint) || codePoint == 0)
        {
            return null;
        }

        if (TextCleaner.IsInvisible(new Rune(codePoint)))
        {
            return '\0';
        }

        var ascii = codePoint <= char.MaxValue ? AsciiLookalike((char)codePoint) : '\0';
        return PercentDecodedCharacters.Contains(ascii) ? ascii : null;
    }

    /// <summary>
    /// What a JSON <c>\uXXXX</c> escape or a numeric HTML reference reads as: <see cref="Readable(int)"/>'s answer, or else
    /// the character itself when it is a letter, a mark, a punctuation mark or a symbol outside ASCII of one UTF-16 unit
    /// ("\u0e23" is Thai's 'ร', "\u2192" and "&amp;#8594;" an arrow), and a space for "\u0020": a key, a link or a
    /// phrase escaped in a JSON body or in HTML reads as the text it stands for. A lone surrogate stays escaped, and so
    /// does a control character; where nothing is redacted the text is given back as written (AsWrittenUnlessRedacted).
    /// </summary>
    private static char? ReadableAsText(int codePoint) =>
        Readable(codePoint) ?? (codePoint == ' ' ? ' '
            : codePoint is > 0x7F and <= char.MaxValue && IsTextCharacter((char)codePoint) ? (char)codePoint : null);

    private static bool IsTextCharacter(char c) =>
        !char.IsSurrogate(c) && (char.IsLetter(c) || char.IsPunctuation(c) || char.IsSymbol(c)
            || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark);

    /// <summary>A percent-escape of one byte, or of the bytes of one UTF-8 character, at <paramref name="at"/>: its length and what it reads as.</summary>
    private static (int Length, char Replacement) PercentEscape(string text, int at)
    {
        // The non-standard %uXXXX some servers (IIS, JavaScript's escape()) write.
        if (at + 6 <= text.Length && text[at + 1] is 'u' or 'U'
            && int.TryParse(text.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
        {
            return Readable(unit) is { } wide ? (6, wide) : default;
        }

        if (HexByte(text, at + 1) is not { } first)
        {
            return default;
        }

        // A query's separator, encoded with the query it is in ("?shop_id=1%26sig=x"), is decoded only before a key.
        if (first is (byte)'&' or (byte)';' or (byte)'?')
        {
            return OpensAQueryKey(text, at + 3) ? (3, (char)first) : default;
        }

        // A space is decoded only beside a separator ("access%5Ftoken%20%3D%20x"), where it cannot end a value early.
        if (first == ' ')
        {
            return IsBesideASeparator(text, at) ? (3, ' ') : default;
        }

        var count = first switch { < 0x80 => 1, >= 0xC2 and < 0xE0 => 2, >= 0xE0 and < 0xF0 => 3, >= 0xF0 and < 0xF5 => 4, _ => 0 };
        Span<byte> bytes = stackalloc byte[4];
        bytes[0] = first;
        for (var k = 1; k < count; k++)
        {
            var escape = at + 3 * k;
            if (escape >= text.Length || text[escape] != '%' || HexByte(text, escape + 1) is not { } next)
            {
                return default;
            }

            bytes[k] = next;
        }

        if (count == 0 || Rune.DecodeFromUtf8(bytes[..count], out var rune, out _) != OperationStatus.Done)
        {
            return default;
        }

        // A character of more than one byte reads as the text it stands for, as a JSON or HTML escape does (ReadableAsText):
        // a percent-encoded Thai key ("%E0%B8%A3...") or arrow ("password%20%E2%86%92%20x") is a key or a link.
        if ((count > 1 ? ReadableAsText(rune.Value) : Readable(rune.Value)) is not { } replacement)
        {
            return default;
        }

        // A letter or digit is decoded only inside a word that then spells a key ("pass%77ord"): elsewhere '%' may be
        // literal before a value that starts with two hex digits, as smbclient's "-U shop%68vwclMW...", whose password
        // would lose its separator and be read as part of the user's name.
        return !char.IsAsciiLetterOrDigit(replacement) || SpellsAKeyOnceDecoded(text, at) ? (3 * count, replacement) : default;
    }

    /// <summary>The run of characters <paramref name="inWord"/> accepts on both sides of <paramref name="at"/>.</summary>
    private static (int Start, int End) WordAround(string text, int at, Func<char, bool> inWord)
    {
        var start = at;
        while (start > 0 && inWord(text[start - 1]))
        {
            start--;
        }

        var end = at;
        while (end < text.Length && inWord(text[end]))
        {
            end++;
        }

        return (start, end);
    }

    private static bool SpellsAKeyOnceDecoded(string text, int at)
    {
        var (start, end) = WordAround(text, at, static c => char.IsAsciiLetterOrDigit(c) || c is '%' or '_' or '-' or '.');
        var word = text[start..end];
        // Uri's decoding, not this file's: the word is only asked whether it spells a key, and decoding it with the
        // decoder that calls this would come back here.
        for (var round = 0; round < MaxDecodingRounds && word.Contains('%'); round++)
        {
            var decoded = Uri.UnescapeDataString(word);
            if (decoded.Length == word.Length)
            {
                break;
            }

            word = decoded;
        }

        return SecretKey().IsMatch(word);
    }

    /// <summary>
    /// Whether a key whose value the redactor reads and its '=' (or an escape of it) start at <paramref name="at"/>
    /// ("sig=", "pin%3D", "access_token="), so that an escaped query separator before it is one: inside a value the
    /// escape stays, so a decoded '&amp;' or ';' cannot end the value early.
    /// </summary>
    private static bool OpensAQueryKey(string text, int at)
    {
        var end = at;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '-' or '.'))
        {
            end++;
        }

        var name = text.AsSpan(at, end - at);
        var rest = text.AsSpan(end);
        return !name.IsEmpty && (rest.StartsWith("=") || rest.StartsWith("%3D", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("%253D", StringComparison.OrdinalIgnoreCase))
            && (IsGenericQueryKey(name) || SecretKey().IsMatch(name));
    }

    private static bool IsGenericQueryKey(ReadOnlySpan<char> name) =>
        name.Equals("sig", StringComparison.OrdinalIgnoreCase) || name.Equals("code", StringComparison.OrdinalIgnoreCase)
        || name.Equals("key", StringComparison.OrdinalIgnoreCase) || name.Equals("auth", StringComparison.OrdinalIgnoreCase);

    private static bool IsBesideASeparator(string text, int at)
    {
        var before = text.AsSpan(0, at);
        var after = text.AsSpan(at + 3);
        // An arrow, encoded or not, is a separator too ("password%20%E2%86%92%20x").
        return before.EndsWith("=") || before.EndsWith(":") || before.EndsWith("→") || before.EndsWith("%E2%86%92", StringComparison.OrdinalIgnoreCase)
            || after.StartsWith("→") || after.StartsWith("%E2%86%92", StringComparison.OrdinalIgnoreCase) || before.EndsWith("%3D", StringComparison.OrdinalIgnoreCase) || before.EndsWith("%3A", StringComparison.OrdinalIgnoreCase)
            || after.StartsWith("=") || after.StartsWith(":") || after.StartsWith("%3D", StringComparison.OrdinalIgnoreCase) || after.StartsWith("%3A", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An HTML character reference (<c>&amp;#61;</c>, <c>&amp;#x3D;</c>, <c>&amp;equals;</c>, <c>&amp;colon;</c>) at <paramref name="at"/>.</summary>
    private static (int Length, char Replacement) CharacterReference(string text, int at)
    {
        var rest = text.AsSpan(at + 1);
        foreach (var (name, named) in NamedReferences)
        {
            if (rest.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                return (name.Length + 1, named);
            }
        }

        // A doubly escaped reference (&amp;#8203;, &amp;shy;) is one once '&amp;' is read, and so is a query's
        // separator before a key ("?shop=1&amp;code=x"): only then is it decoded, so "Tom &amp; Jerry" keeps its escape.
        if (rest.StartsWith("amp;", StringComparison.OrdinalIgnoreCase)
            && (rest[4..].StartsWith("#") || rest[4..].StartsWith("amp;", StringComparison.OrdinalIgnoreCase)
                || CharacterReference(text, at + 4).Length > 0 || OpensAQueryKey(text, at + 5)))
        {
            return (5, '&');
        }

        // The ASCII marks of an arrow ("password -&#62; x", "&#45;&#x3E;") read as the link they spell.
        return NumericReference(rest) is ( > 0, var codePoint) reference && (ReadableAsText(codePoint) ?? (codePoint is '>' or '-' ? (char)codePoint : null)) is { } replacement
            ? (reference.Length, replacement)
            : default;
    }

    /// <summary>
    /// A numeric HTML reference (<c>#61;</c>, <c>#x3D</c>), <paramref name="rest"/> starting after its '&amp;': its length,
    /// counting the '&amp;' and the ';' when there is one, and its code point; no length when it is none.
    /// </summary>
    private static (int Length, int CodePoint) NumericReference(ReadOnlySpan<char> rest)
    {
        if (rest.Length < 2 || rest[0] != '#')
        {
            return default;
        }

        var hex = rest[1] is 'x' or 'X';
        var digits = rest[(hex ? 2 : 1)..];
        var length = hex ? digits.IndexOfAnyExcept(HexDigits) : digits.IndexOfAnyExceptInRange('0', '9');
        length = length < 0 ? digits.Length : length;
        if (length is 0 or > 7
            || !int.TryParse(digits[..length], hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var codePoint))
        {
            return default;
        }

        var end = (hex ? 3 : 2) + length;
        return (end < rest.Length + 1 && rest[end - 1] == ';' ? end + 1 : end, codePoint);
    }

    /// <summary>
    /// The named HTML references a key, a separator or a token can be written with or split by: '=' and ':',
    /// and the invisible ones (soft hyphen, zero-width space and joiners, word joiner), removed like the
    /// characters; a no-break space reads as the space it shows. A short list, so the scan stays cheap.
    /// </summary>
    private static readonly (string Name, char Replacement)[] NamedReferences =
    [
        ("equals;", '='), ("colon;", ':'), ("shy;", '\0'), ("ZeroWidthSpace;", '\0'), ("zwj;", '\0'), ("zwnj;", '\0'),
        ("NoBreak;", '\0'), ("InvisibleTimes;", '\0'), ("InvisibleComma;", '\0'), ("it;", '\0'), ("ic;", '\0'),
        ("NegativeThinSpace;", '\0'), ("NegativeVeryThinSpace;", '\0'), ("NegativeMediumSpace;", '\0'),
        ("NegativeThickSpace;", '\0'), ("nbsp;", ' '),
    ];

    /// <summary>
    /// A JSON escape <c>\uXXXX</c> (a surrogate pair as two) at <paramref name="at"/>, or the other ways
    /// programs write one: JavaScript's <c>\u{200B}</c> and <c>\x3d</c>.
    /// </summary>
    private static (int Length, char Replacement) JsonEscape(string text, int at)
    {
        // JSON may escape '/' ("\/"), which would split a base64 key into pieces too short to look random.
        if (at + 1 < text.Length && text[at + 1] == '/')
        {
            return (2, '/');
        }

        if (at + 3 < text.Length && text[at + 1] is 'x' or 'X' && HexByte(text, at + 2) is { } hexByte)
        {
            return Readable(hexByte) is { } escaped ? (4, escaped) : default;
        }

        if (at + 3 < text.Length && text[at + 1] is 'u' && text[at + 2] == '{')
        {
            var close = text.AsSpan(at + 3, Math.Min(7, text.Length - at - 3)).IndexOf('}');
            return close > 0
                && int.TryParse(text.AsSpan(at + 3, close), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var codePoint)
                && Readable(codePoint) is { } braced
                    ? (close + 4, braced)
                    : default;
        }

        if (JsonUnit(text, at) is not { } unit)
        {
            return default;
        }

        if (char.IsHighSurrogate(unit))
        {
            return JsonUnit(text, at + 6) is { } low && char.IsLowSurrogate(low) && Readable(char.ConvertToUtf32(unit, low)) is { } pair
                ? (12, pair)
                : default;
        }

        return ReadableAsText(unit) is { } replacement ? (6, replacement) : default;
    }

    private static char? JsonUnit(string text, int at) =>
        at + 6 <= text.Length && text[at] == '\\' && text[at + 1] is 'u' or 'U'
        && int.TryParse(text.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit)
            ? (char)unit
            : null;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static byte? HexByte(string text, int at) =>
        at + 2 <= text.Length && char.IsAsciiHexDigit(text[at]) && char.IsAsciiHexDigit(text[at + 1])
            ? (byte)((HexValue(text[at]) << 4) | HexValue(text[at + 1]))
            : null;

    private static int HexValue(char c) => char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}
