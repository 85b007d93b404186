using System.Buffers;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// Key words of Thai and Vietnamese support messages with their values: "คีย์ลับ: x", "Access Token ของร้านคือ x",
// "Mật khẩu mới là x", "Mã truy cập x đã hết hạn", "tk shop01 mk x".
public static partial class SecretRedactor
{
    // Thai keys, an English key followed by Thai words ("token ใหม่คือ", "app secret ของ Shopee คือ"), and a Thai
    // password key with a qualifier in brackets ("รหัสผ่าน (ชั่วคราว)").
    private const string ThaiKeyPattern =
        @"(?:คีย์ลับ|คีย์\s*API|รหัสลับ|รหัสยืนยัน|(?:" + ThaiPasswordKeyWord + @")\s*\([^()]{1,24}\)|รหัสเข้า(?:ใช้งาน|ระบบ)|โท(?:เค็|เค)นเข้าถึง"
        // "secret" and "pass" are keys only before a separator: "ความลับทางการค้า" (a trade secret), "พาสต้า" (pasta).
        + @"|(?:ความลับ|พาส(?!เวิร์ด))(?=\s*[:=])"
        + @"|(?<![A-Za-z0-9])(?:(?:access\s+|app\s+|channel\s+)?token|(?:app\s+|client\s+|channel\s+)?secret)(?=\s*(?:ของ|ใหม่|คือ|เป็น)))"
        // Atomic, so that a value already "[REDACTED]" does not let the possessive or the copula be taken for the value.
        + @"(?>(?:\s*(?:ใหม่|ชั่วคราว|เดิม|ของแอป|ของร้าน))*"
        + @"(?:\s*ของ\s*[\u0E01-\u0E4EA-Za-z0-9_.-]{1,24}?(?:\s+[A-Za-z0-9_.-]{1,32})?(?=\s*(?:คือ|เป็น|[:=])))?"
        + @"(?:\s*(?:" + ThaiCopula + "|" + KeySeparator + ThaiKeyValueSeparator + @"))*\s*)"
        + ValueAfterLocalKey;

    // Vietnamese keys with and without diacritics, their qualifiers ("tạm thời", "mới", "của bạn") and links ("là",
    // "đã được đổi thành"), and the shorthand "mk" (mật khẩu) of a login line ("tk shop01 mk x").
    private const string VietnameseKeyPattern =
        @"(?:m[aậ]t\s+kh[aẩ]u|(?:token|m[aã])\s+truy\s+c[aậ]p|kh(?:óa|oá|oa)\s+(?:b[ií]\s+m[aậ]t|API)|m[aã]\s+b[aả]o\s+m[aậ]t"
        // "mk" inside a run, after a letter or digit and a symbol ("Camera254!mk"), is a password's tail, not the key.
        + @"|(?<![\p{L}\p{N}_])(?<![\p{L}\p{N}][^\s\p{L}\p{N},;:|/])mk(?![\p{L}\p{N}_])|token(?=\s+của))"
        + @"(?>(?:\s+(?:tạm\s+thời|tam\s+thoi|mới|moi|cũ|của\s+(?:bạn|ban)))*"
        + @"(?:\s+của(?:\s+[\p{L}\p{N}_.-]+){1,3}?(?=\s*(?:là|la|[:=])))?"
        + @"(?:\s*(?:[:=]|(?<=\s)(?:là|la)(?=[\s:=])|(?:đã\s+)?(?:được\s+)?đổi\s+thành|" + ArrowLink + "|" + MarkRunLink + @"))*\s*)"
        + ValueAfterLocalKey;

    private const string ValueAfterLocalKey =
        @"(?:""(?<secret>[^""]+)""|“(?<secret>[^”]+)”|'(?<secret>[^']+)'"
        + "|" + ValueHasLetterOrDigit + @"(?<maybe>[^\s""'“”‘’\\&,;<>()\[\]{}:=][^\s""'“”‘’\\&,;<>()\[\]{}]*))";

    [GeneratedRegex(ThaiKeyPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ThaiKeyValue();

    [GeneratedRegex(VietnameseKeyPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex VietnameseKeyValue();

    // A piece of each Vietnamese key as written with or without diacritics, so other text skips that regex.
    private static readonly SearchValues<string> VietnameseKeyFragments = SearchValues.Create(
        ["mk", "khau", "khẩu", "truy c", "khóa", "khoá", "khoa", "bảo mật", "bao mat", "token của"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> AsciiVietnameseKeyFragments = SearchValues.Create(
        ["mk", "khau", "truy c", "khoa", "bao mat"], StringComparison.OrdinalIgnoreCase);

    // "รหัส" alone means a code of any kind, and the everyday short word for a password or PIN: the word right after it
    // names which code ("รหัสร้าน 12345", "รหัสสินค้า ABC-123", "รหัสไปรษณีย์ 10110" stay), and a value written right after
    // it, with or without ':' or '=', is a password when it has a password's shape (see IsPasswordShaped).
    // A copula ("รหัสคือ", "รหัส เป็น") or any separator or arrow of the table may link it, and the value may be quoted.
    [GeneratedRegex(@"รหัส(?:(?=\s*(?:" + ThaiCopula + @"))|(?![\u0E01-\u0E4E]))(?:\s*(?:" + ThaiCopula + "|" + KeySeparator + "|" + ArrowLink + @"))?\s*"
        + @"(?:[""“'‘](?<secret>[^\s""'“”‘’]+)[""”'’]|(?<secret>[^\s""'“”‘’\\,;<>()\[\]{}]+))", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ThaiCodeValue();

    private static readonly MatchEvaluator ReplaceThaiCodeValue = match =>
        IsPasswordShaped(match.Groups["secret"].ValueSpan) ? WithGroupRedacted(match, match.Groups["secret"]) : match.Value;

    /// <summary>
    /// Whether a run has a human password's shape, which a shop's, product's or post code has not: a letter and a digit,
    /// and both cases of letters or a symbol other than the '-', '_' and '.' that join a code's parts ("Wallet0285!ze",
    /// "Canyon7whisper"; not "ABC-123", "12345", "th-000123").
    /// </summary>
    private static bool IsPasswordShaped(ReadOnlySpan<char> run)
    {
        if (run.Contains(Marker, StringComparison.Ordinal) || run.IndexOfAnyInRange('0', '9') < 0
            || (run.IndexOfAnyInRange('a', 'z') < 0 && run.IndexOfAnyInRange('A', 'Z') < 0))
        {
            return false;
        }

        var bothCases = run.IndexOfAnyInRange('a', 'z') >= 0 && run.IndexOfAnyInRange('A', 'Z') >= 0;
        return bothCases || run.ContainsAnyExcept(CodeCharacters);
    }

    private static readonly SearchValues<char> CodeCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    /// <summary>The values of Thai and Vietnamese keys replaced; prose after a key (a state, an acronym) stays.</summary>
    private static string LocalKeyValuesReplaced(string text, bool hasThai)
    {
        if (hasThai)
        {
            text = ThaiKeyValue().Replace(text, ReplaceThaiSpacedValue);
            if (text.Contains("รหัส", StringComparison.Ordinal))
            {
                text = ThaiCodeValue().Replace(text, ReplaceThaiCodeValue);
            }
        }

        // Text in ASCII cannot hold the fragments with Vietnamese letters, and its search is several times faster.
        var fragments = text.AsSpan().ContainsAnyExceptInRange('\0', '\x7f') ? VietnameseKeyFragments : AsciiVietnameseKeyFragments;
        if (text.AsSpan().IndexOfAny(fragments) >= 0)
        {
            text = VietnameseKeyValue().Replace(text, ReplaceThaiSpacedValue);
        }

        return text;
    }
}
