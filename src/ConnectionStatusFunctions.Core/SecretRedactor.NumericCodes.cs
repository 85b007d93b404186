using System.Buffers;

namespace ConnectionStatusFunctions.Core;

// A one-time code or PIN written as a number after the word that names it ("otp was 493021", "pin code was 493021",
// "verification code is 493021"). A number alone is an id, a count or a status code ("HTTP 500", "error 493021"), so
// only the word before it makes it a secret.
public static partial class SecretRedactor
{
    // The words that name a numeric code. "code" alone names an error as often ("error code 500"): it counts only
    // after a word that makes it a login's (see CodeQualifiers).
    private static readonly SearchValues<string> NumericCodeCues = SearchValues.Create(["otp", "pin", "code"], StringComparison.OrdinalIgnoreCase);

    private static readonly WordSet CodeQualifiers = new(
    [
        "verification", "verify", "security", "confirmation", "confirm", "login", "sign-in", "signin", "sms", "otp", "pin",
        "2fa", "mfa", "one-time", "onetime", "access", "auth", "authentication", "authorization", "reset", "recovery", "backup",
        "activation", "pass", "unlock",
    ]);

    // Words that may link the code word to its number ("pin code was set to 493021", "otp is now 493021", "otp no. 493021").
    private static readonly WordSet CodeLinks = new(["is", "was", "code", "number", "no", "no.", "now", "set", "to", "changed", "reset", "your", "the", "new"]);

    // A code's digits: fewer are a count ("pin: 3 attempts"), more a phone number or an id.
    private const int MinNumericCodeDigits = 4;
    private const int MaxNumericCodeDigits = 10;
    private const int MaxCodeLinks = 4;

    /// <summary>Replaces each number of 4-10 digits that follows a word naming a one-time code or PIN, past at most a few linking words.</summary>
    private static string RedactNumericCodes(string text)
    {
        List<(int Start, int End)>? codes = null;
        var from = 0;
        while (from < text.Length && text.AsSpan(from).IndexOfAny(NumericCodeCues) is >= 0 and var offset)
        {
            var cue = from + offset;
            from = cue + 1;
            if (NumericCodeCueEnd(text, cue) is > 0 and var cueEnd && NumberAfterCue(text, cueEnd) is { Length: > 0 } number)
            {
                (codes ??= []).Add((number.Start, number.Start + number.Length));
                from = number.Start + number.Length;
            }
        }

        return codes is null ? text : WithRangesRedacted(text, codes);
    }

    /// <summary>Where the code word at <paramref name="cue"/> ends, when it is a whole word that names a code; else -1.</summary>
    private static int NumericCodeCueEnd(string text, int cue)
    {
        var end = cue;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        var start = cue;
        while (start > 0 && char.IsAsciiLetter(text[start - 1]))
        {
            start--;
        }

        var word = text.AsSpan(start, end - start);
        if (word.Equals("otp", StringComparison.OrdinalIgnoreCase) || word.Equals("pin", StringComparison.OrdinalIgnoreCase)
            || word.Equals("passcode", StringComparison.OrdinalIgnoreCase))
        {
            return end;
        }

        return word.Equals("code", StringComparison.OrdinalIgnoreCase) && CodeQualifiers.Contains(QualifierBefore(text, start)) ? end : -1;
    }

    // Digits as a code is written: ASCII's, and Thai's (๐-๙), which Thai SMS and apps show.
    private static bool IsCodeDigits(char c) => char.IsAsciiDigit(c) || c is >= '\u0E50' and <= '\u0E59';

    /// <summary>
    /// The code that starts at <paramref name="start"/>: a run of 4-10 digits, or groups of 2-4 digits of one length
    /// joined by a space or a '-' as apps and SMS show a code ("123 456", "123-456", "12 34 56"), 4-10 digits in all.
    /// Groups of different lengths are a date or a phone number ("2026-11-24"), and stay. Empty when there is none.
    /// </summary>
    private static (int Start, int Length) CodeAt(string text, int start)
    {
        var end = start;
        var groupLength = 0;
        var digits = 0;
        var groups = 0;
        while (true)
        {
            var groupEnd = end;
            while (groupEnd < text.Length && IsCodeDigits(text[groupEnd]))
            {
                groupEnd++;
            }

            var length = groupEnd - end;
            var endsWord = groupEnd == text.Length || !(char.IsLetterOrDigit(text[groupEnd]) || text[groupEnd] is '_' or '/' or ':' or '.' && groupEnd + 1 < text.Length && char.IsAsciiDigit(text[groupEnd + 1]));
            if (length == 0 || !endsWord || (groups > 0 && (length != groupLength || length > 4)))
            {
                // A group that does not match the ones before ("2026-11-24", "12:30") makes the whole no code.
                if (groups > 0)
                {
                    return default;
                }

                break;
            }

            groupLength = length;
            digits += length;
            groups++;
            end = groupEnd;
            if (groups == 1 && length > 4)
            {
                break;
            }

            // The next group, after one space or one '-'.
            if (end + 1 < text.Length && text[end] is ' ' or '-' && IsCodeDigits(text[end + 1]))
            {
                end++;
                continue;
            }

            break;
        }

        var single = groups == 1;
        return digits is >= MinNumericCodeDigits and <= MaxNumericCodeDigits && (single || groupLength is >= 2 and <= 4) ? (start, end - start) : default;
    }

    // Thai words that link "OTP" to its code ("OTP ของคุณคือ 482193": "of yours is"), written as one word without spaces.
    private static readonly string[] ThaiCodeLinkWords = ["ของ", "คุณ", "ท่าน", "คือ", "เป็น", "ใหม่", "ได้แก่"];

    private static bool IsThaiCodeLink(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || word[0] < '\u0E01')
        {
            return false;
        }

        while (!word.IsEmpty)
        {
            var before = word.Length;
            foreach (var link in ThaiCodeLinkWords)
            {
                if (word.StartsWith(link, StringComparison.Ordinal))
                {
                    word = word[link.Length..];
                    break;
                }
            }

            if (word.Length == before)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The word of letters, digits and '-' before <paramref name="start"/> and its spaces ("2fa", "one-time"); empty when there is none.</summary>
    private static ReadOnlySpan<char> QualifierBefore(string text, int start)
    {
        var wordEnd = start;
        while (wordEnd > 0 && char.IsWhiteSpace(text[wordEnd - 1]))
        {
            wordEnd--;
        }

        var wordStart = wordEnd;
        while (wordStart > 0 && (char.IsAsciiLetterOrDigit(text[wordStart - 1]) || text[wordStart - 1] == '-'))
        {
            wordStart--;
        }

        return wordEnd == start ? [] : text.AsSpan(wordStart, wordEnd - wordStart);
    }

    /// <summary>The number a code word is followed by, past a separator (':', '=', '#') and at most a few linking words; empty when none.</summary>
    private static (int Start, int Length) NumberAfterCue(string text, int at)
    {
        for (var words = 0; words <= MaxCodeLinks; words++)
        {
            while (at < text.Length && (char.IsWhiteSpace(text[at]) || text[at] is ':' or '=' or '#'))
            {
                at++;
            }

            var end = at;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            var word = text.AsSpan(at, end - at);
            var number = word.TrimStart("\"'(").TrimEnd("\"'.,;:!?)");
            if (!number.IsEmpty && IsCodeDigits(number[0]))
            {
                var start = at + word.Length - word.TrimStart("\"'(").Length;
                return CodeAt(text, start);
            }

            if (!CodeLinks.Contains(word) && !IsThaiCodeLink(word))
            {
                return default;
            }

            at = end;
        }

        return default;
    }
}
