using System.Globalization;
using System.Numerics;

namespace ConnectionStatusFunctions.Core;

// What tells a run of token characters from prose, ids and paths: plain words, acronyms, letter-pair rarity, times.
// Long because each rule is a small pure function with the cases it was written for.
public static partial class SecretRedactor
{
    // What ends a clause of Chinese, Japanese or Thai, which write no space after it ("密码错误！请重试"), with the "!" and
    // "?" that the full-width "！" and "？" read as.
    private const string LocalClauseEnds = "。．！？｡…，、!?";

    // What ends a sentence or a clause in the scripts the product serves: ASCII's and the ideographic and full-width
    // ones ("密码错误。", "パスワードは無効です。"), judged without it as ASCII's are.
    private const string SentenceEnds = ".:" + LocalClauseEnds;

    private static ReadOnlySpan<char> WithoutSentenceEnd(ReadOnlySpan<char> word) => word.TrimEnd(SentenceEnds);

    /// <summary>A word of prose: a lower-case word of Latin letters, accents included (may be capitalised), or a word of Thai letters and marks, which no token is written in.</summary>
    private static bool IsPlainWord(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > 32)
        {
            return false;
        }

        if (!value.ContainsAnyExceptInRange('\u0E01', '\u0E4E'))
        {
            return true;
        }

        // A word of letters of a script other than Latin (Chinese "错误", Japanese "です") is prose, as a Thai one is.
        if (!value.ContainsAnyInRange('\0', '\u024F') && IsLettersAndMarks(value))
        {
            return true;
        }

        // Latin letters may carry accents, composed or as combining marks (Vietnamese "không", "đúng").
        if (value.Length > 16 || !(char.IsLetter(value[0]) && IsLatin(value[0])))
        {
            return false;
        }

        foreach (var c in value[1..])
        {
            if (!(char.IsLower(c) && IsLatin(c)) && c is not (>= '\u0300' and <= '\u036F'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLatin(char c) => c <= '\u024F' || c is >= '\u1E00' and <= '\u1EFF';

    private static bool IsLettersAndMarks(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsLetter(c) && char.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A short upper-case word such as ID, URL or SMTP.</summary>
    private static bool IsAcronym(ReadOnlySpan<char> value) =>
        value.Length is >= 2 and <= 5 && !value.ContainsAnyExceptInRange('A', 'Z');

    private static bool LooksRandom(ReadOnlySpan<char> run)
    {
        if (IsCountryCodedId(run) || IsKubernetesPodName(run) || IsHyphenatedWords(run))
        {
            return false;
        }

        if (Guid.TryParseExact(run, "D", out _) || IsBasicIsoTime(run) || (IsCamelCaseWords(run) && !HasRandomLetters(run, breakAtCapitals: true))
            || IsOrdinaryPath(run))
        {
            return false;
        }

        int upper = 0, lower = 0, digits = 0, hex = 0;
        foreach (var c in run)
        {
            upper += char.IsAsciiLetterUpper(c) ? 1 : 0;
            lower += char.IsAsciiLetterLower(c) ? 1 : 0;
            digits += char.IsAsciiDigit(c) ? 1 : 0;
            hex += char.IsAsciiHexDigit(c) ? 1 : 0;
        }

        var letters = upper + lower;
        if (run.Length < MinSingleCaseRandomRunLength)
        {
            if (upper > 0 && lower > 0)
            {
                return digits > 0 || Math.Min(upper, lower) * 4 >= letters || HasRandomLetters(run, breakAtCapitals: true);
            }

            // One case: a stretch of 16 or more letters and digits that switch between them at least
            // twice ("k7q2m9x4p1z8w3n6b5v"), or pieces between separators that read as random
            // ("k7q2m9x4-p1z8w3n6b5"), not words and numbers joined by separators
            // ("shopee-th-00012345", "v2/bot/message/push") nor a basic ISO 8601 time ("20261124T090000Z").
            return (letters > 0 && digits > 0 && (AlternatesLettersAndDigits(run) || HasRandomPieces(run))) || HasRandomLetters(run);
        }

        if (hex == run.Length && run.Length >= 32 && digits > 0 && letters > 0)
        {
            return true;
        }

        if (upper > 0 && lower > 0 && digits > 0)
        {
            return true;
        }

        // Mixed case without digits: CamelCase words have few capitals, random text about half; random letters with a
        // few capitals ("Qzmxvbwpjrtnlhgfdscyaekq") are told by their letter pairs.
        if (upper > 0 && lower > 0 && (Math.Min(upper, lower) * 4 >= letters || HasRandomLetters(run, breakAtCapitals: true)))
        {
            return true;
        }

        // One case with digits: ids and keys such as "a81f0c..." or "K7Q2...", not words with a version number, nor
        // a number with a letter or two, which is an id as a number alone is ("0ba2887315178178017221014").
        return (letters > MaxLettersOfANumber && digits * 10 >= run.Length) || (Math.Min(upper, lower) == 0 && HasRandomLetters(run));
    }

    /// <summary>
    /// Whether a run with '/' is a URL path rather than base64: '/' is a base64 character, so
    /// "com/api/products/202309/products/search" or "443/v2/bot/message/reply" is one run, and its digits would
    /// make it look random. A path's segments are each ordinary (lower-case words joined by '-' or '_', numbers
    /// of up to 20 digits such as a Graph API id, versions such as "v19"); a base64 key's are mixed case with
    /// digits ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), and '+' is base64's, never a path's.
    /// </summary>
    private static bool IsOrdinaryPath(ReadOnlySpan<char> run)
    {
        if (!run.Contains('/') || run.Contains('+'))
        {
            return false;
        }

        foreach (var range in run.Split('/'))
        {
            foreach (var partRange in run[range].SplitAny("-_"))
            {
                if (!IsOrdinaryPathPart(run[range][partRange]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static readonly System.Buffers.SearchValues<char> LowerCaseHexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static bool IsOrdinaryPathPart(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty)
        {
            return true;
        }

        if (!part.ContainsAnyExceptInRange('0', '9'))
        {
            return part.Length <= 20;
        }

        if (part[0] is 'v' or 'V' && part.Length is >= 2 and <= 4 && !part[1..].ContainsAnyExceptInRange('0', '9'))
        {
            return true;
        }

        // A content hash's short prefix before a file name ("5f3c2b1a-orders.json"), as blob stores and build tools write.
        if (part.Length <= 12 && !part.ContainsAnyExcept(LowerCaseHexDigits))
        {
            return true;
        }

        // A short word with its version ("oauth2", "ipv4", "base64") and a lowerCamelCase name ("accessToken",
        // "resourceGroups"), as REST paths write them, are words when their letters read as words. A long run of
        // letters with a digit after it stays a token: one random run in a hundred reads as words by its letters.
        var letters = part.TrimEnd("0123456789");
        if (part.Length - letters.Length is 1 or 2 && letters.Length is >= 2 and <= 10 && !letters.ContainsAnyExceptInRange('a', 'z'))
        {
            return HasOnlyWordPairs(letters);
        }

        if (char.IsAsciiLetterLower(part[0]) && part.Length <= 32 && part.ContainsAnyInRange('A', 'Z'))
        {
            Span<char> capitalised = stackalloc char[part.Length];
            part.CopyTo(capitalised);
            capitalised[0] = char.ToUpperInvariant(part[0]);
            return IsCamelCaseWords(capitalised) && !HasRandomLetters(part, breakAtCapitals: true);
        }

        // Random lower-case letters (a token of one case) read as random by their letter pairs even between slashes.
        return !part.ContainsAnyExceptInRange('a', 'z') && (part.Length < MinRandomRunLength || !HasRandomLetters(part));
    }

    /// <summary>Whether every pair of letters side by side in a short run of lower-case letters is one words put together ("oauth", not "wqxz").</summary>
    private static bool HasOnlyWordPairs(ReadOnlySpan<char> letters)
    {
        for (var i = 1; i < letters.Length; i++)
        {
            if ((WordPairs[letters[i - 1] - 'a'] & (1 << (letters[i] - 'a'))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the letters of a run of one case read as random rather than as words: random letters (a base32 TOTP
    /// seed, a token of lower-case letters) put side by side pairs of letters that words seldom do ("qz", "xv", "jw",
    /// "uu") in more than one pair of six, words far less often, in English, German ("Donaudampfschiffahrts...")
    /// and Thai, Malay or Indonesian names written in Latin letters ("krungthepmahanakhon"). Pairs across a digit
    /// or a separator do not count. About one in a hundred random runs of 16 letters still reads as words.
    /// </summary>
    /// <remarks>
    /// With <paramref name="breakAtCapitals"/>, a capital after a lower-case letter starts a new word, as in CamelCase
    /// ("BangkokBankPublic"), so the pair across it does not count.
    /// </remarks>
    private static bool HasRandomLetters(ReadOnlySpan<char> run, bool breakAtCapitals = false)
    {
        int pairs = 0, unusual = 0, seen = 0;
        for (var i = 1; i < run.Length; i++)
        {
            // Only ASCII letters land in 0-25 once their case bit is set.
            int first = (run[i - 1] | 0x20) - 'a', second = (run[i] | 0x20) - 'a';
            if ((uint)first < 26 && (uint)second < 26 && !(breakAtCapitals && char.IsAsciiLetterLower(run[i - 1]) && char.IsAsciiLetterUpper(run[i])))
            {
                pairs++;
                unusual += (WordPairs[first] & (1 << second)) == 0 ? 1 : 0;
                seen |= (1 << first) | (1 << second);
            }
        }

        // A few letters repeated ("xxxx...", "abababab...") is filler, not a secret.
        return pairs >= MinLetterPairs && unusual * 6 > pairs && BitOperations.PopCount((uint)seen) >= MinDistinctLetters;
    }

    // A run of 20 or more characters of one case with at most this many letters, the rest digits, is a number with a
    // letter or two (an order or request id); random hex of that length holds so few letters about once in a thousand.
    private const int MaxLettersOfANumber = 2;

    /// <summary>
    /// Whether the pieces of a run of one case with separators read as random ("k7q2m9x4-p1z8w3n6b5", "KX7Q-M2ZR-TB4W"):
    /// inside its pieces, switches between a letter and a digit and pairs of letters that words seldom put side by side
    /// number at least five, or it switches four times with five digits or more. Ids of words and numbers have fewer
    /// ("utf8mb4_unicode_ci" 3 and 3, "gke-prod-pool-1a2b" 4 and 3); random runs of 16 to 19 with one separator about
    /// two in a thousand.
    /// </summary>
    private static bool HasRandomPieces(ReadOnlySpan<char> run)
    {
        int switches = 0, unusual = 0, digits = 0;
        for (var i = 0; i < run.Length; i++)
        {
            var c = run[i];
            digits += char.IsAsciiDigit(c) ? 1 : 0;
            var previous = i > 0 ? run[i - 1] : '-';
            if (!char.IsAsciiLetterOrDigit(previous) || !char.IsAsciiLetterOrDigit(c))
            {
                continue;
            }

            if (char.IsAsciiDigit(previous) != char.IsAsciiDigit(c))
            {
                switches++;
            }
            else if (char.IsAsciiLetter(c) && (WordPairs[(previous | 0x20) - 'a'] & (1 << ((c | 0x20) - 'a'))) == 0)
            {
                unusual++;
            }
        }

        return switches + unusual >= 5 || (switches >= 4 && digits >= 5);
    }

    // Below this many pairs of letters, too few to tell words from random letters.
    private const int MinLetterPairs = 12;

    // Random runs of 16 letters hold 12 different ones on average, fewer than 8 about once in ten thousand.
    private const int MinDistinctLetters = 8;

    // Each letter, then the letters that commonly follow it in words: the pairs that make 99.5% of those in the .NET
    // reference documentation in English, German, French, Spanish and Italian, and those of Thai, Malay and
    // Indonesian names written in Latin letters ("kh", "ng", "ya").
    private const string CommonLetterPairs =
        "abcdefghijklmnoprstuvwxyz baeijlnorstuy cacehiklortu dabdeilorsu eabcdefghiklmnpqrstuvwxyz "
        + "faefilorstuy gaeghilnorstu haehilmnorstu iabcdefgklmnopqrstvxz jaeiou "
        + "kaehiklorstuy labcdegilostuvyz mabeimopsu nacdefgiklnostuvyz oabcdefgiklmnoprstuvwy "
        + "pacefhiklmoprstu qu rabcdefgiklmnorstuvwyz sacefghikmnopstuy tacefhilorstuwyz "
        + "uabcdefgiklmnoprstvy vaeiou waehinors xaceipt yaeilnopstu "
        + "zaeisuwz";

    /// <summary>For each letter, a bit per letter that commonly follows it (see <see cref="CommonLetterPairs"/>).</summary>
    private static readonly int[] WordPairs = BuildWordPairs();

    private static int[] BuildWordPairs()
    {
        var pairs = new int[26];
        foreach (var followers in CommonLetterPairs.Split(' '))
        {
            foreach (var next in followers.AsSpan(1))
            {
                pairs[followers[0] - 'a'] |= 1 << (next - 'a');
            }
        }

        return pairs;
    }

    /// <summary>
    /// Whether a stretch of at least <see cref="MinRandomRunLength"/> letters and digits, unbroken by
    /// '-', '_', '/' or '+', switches between a letter and a digit at least twice in the run.
    /// </summary>
    private static bool AlternatesLettersAndDigits(ReadOnlySpan<char> run)
    {
        int switches = 0, stretch = 0, longestStretch = 0;
        var previous = '\0';
        foreach (var c in run)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                switches += stretch > 0 && char.IsAsciiDigit(c) != char.IsAsciiDigit(previous) ? 1 : 0;
                longestStretch = Math.Max(longestStretch, ++stretch);
            }
            else
            {
                stretch = 0;
            }

            previous = c;
        }

        return longestStretch >= MinRandomRunLength && switches >= 2;
    }

    /// <summary>
    /// A basic ISO 8601 date and time such as 20261124T090000Z or 20261124T090000+0700, which has letters
    /// and digits but is no secret.
    /// </summary>
    private static bool IsBasicIsoTime(ReadOnlySpan<char> run)
    {
        if (run.Length < 13 || run[8] is not ('T' or 't') || run[..8].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var time = run[9..];
        var offset = time.IndexOfAny('+', '-');
        if (offset >= 0)
        {
            // The offset is hours and minutes, with or without a colon-free two-digit form: +07 or +0700.
            var zone = time[(offset + 1)..];
            if (zone.Length is not (2 or 4) || zone.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            time = time[..offset];
        }

        return !time.TrimEnd("Zz").ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>
    /// Mixed-case words without digits made of word-like pieces, such as HTTPSConnectionPool, NSURLErrorDomain,
    /// SQLServerException or WWW-Authenticate: every piece (between '-', '_', '/' or '+') starts with a capital,
    /// and every run of lower-case letters is at least two letters long and holds a vowel, so it reads as a
    /// syllable. Random letters switch case far more often ("qzmxvbwpjrTnlhgfdscyAE", "kXpQmZrTbW...").
    /// </summary>
    private static bool IsCamelCaseWords(ReadOnlySpan<char> run)
    {
        int upper = 0, lower = 0;
        var pieceStart = true;
        for (var i = 0; i < run.Length; i++)
        {
            var c = run[i];
            if (c is '-' or '_' or '/' or '+')
            {
                pieceStart = true;
                continue;
            }

            if (char.IsAsciiLetterUpper(c))
            {
                upper++;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                if (pieceStart)
                {
                    return false;
                }

                var end = i;
                var vowel = false;
                while (end < run.Length && char.IsAsciiLetterLower(run[end]))
                {
                    vowel |= run[end] is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
                    end++;
                }

                if (end - i < 2 || !vowel)
                {
                    return false;
                }

                lower += end - i;
                i = end - 1;
            }
            else
            {
                return false;
            }

            pieceStart = false;
        }

        // Words have more lower-case letters than capitals.
        return upper > 0 && lower >= upper;
    }
}
