using System.Buffers;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// Values written after a key word without a separator ("password was x", "รหัสผ่านคือ x"), in English, Thai and other scripts.
// Long because the English, Thai and other scripts' patterns and the judges of their values (a word, a phrase, a
// bracketed run) must be read together: each judge decides what its pattern's groups mean.
public static partial class SecretRedactor
{
    // What follows a key word written without a separator ("password was hunter2", "apikey 3fQ9... revoked",
    // 'password "a phrase"', "token was reset to x"), matched from the end of the key word: past a verb phrase, a
    // quoted phrase, or one value unless it is a plain word. A space may be percent- or form-encoded ("%20", "+").
    private const string Space = @"(?:\s|%20|\+)+";

    // What links a key to its value: verbs ("will be", "became", "has now been reset to", "should be", "remains") and arrows ("->", "—").
    // An adverb may stand among them ("password previously was x"), the old value may be named ("changed from x to y"),
    // "of" may introduce a quoted value ('password of "a phrase"'), and an ASCII dash with spaces links as a long one
    // does, as does any mathematical or other symbol outside ASCII ("password ⇒ x", "token ⊕ x"), so the symbol is
    // not taken for the value.
    private const string Link =
        @"(?:is|was|are|were|has|have|had|been|be|being|now|set|changed|reset|updated|rotated|to|as|will|would|should|must|remains|became|becomes|become"
        + @"|previously|currently|still|originally|already|also|just|initially"
        // A verb with a prefix joined by a hyphen ("auto-set to", "re-set to"), as in EnglishLinkVerb.
        + @"|[a-z]{2,5}-(?:set|changed|reset|updated|rotated))" + Space
        + @"|from" + Space + @"[^\s""'&,;<>()\[\]{}]+" + Space + @"(?=to\s)|of" + Space + @"(?=\\{0,3}[""“«'‘])"
        + @"|(?:" + ArrowLink + @"|—|–)\s*|-\s+"
        // Thai's copulas after an English key ("passphrase คือ x", "password เป็น x"), as "is" is, and Thai's 'ฯ'.
        + @"|(?:" + ThaiCopula + @"|ฯ)\s*"
        // A mark or symbol outside ASCII, or a run of them, with a space after it. An emoji ("password 👉 x", "token 🔑➡ x")
        // is two UTF-16 units, which no category matches, so a surrogate pair counts as a symbol.
        + @"|(?:[\uD800-\uDBFF][\uDC00-\uDFFF]|[\p{Sm}\p{So}\p{Po}\p{Pd}](?<=[^\x00-\x7F]))+\s+"
        // Any other run of marks alone ("--", "~", "_>", "|", "-&gt;"): part of the link, so never taken for the value.
        + "|" + MarkRunLink + Space;

    // Words may stand between a key and its verb: up to three naming whose key it is ("the password for the shop acme
    // is x", "the password of acme was x"), or a participle ("the password sent was x"), when "is" or "was" follows;
    // or the owner's words are followed by the value itself when it has a token's shape ("apikey for shop acme
    // 7f3k9q2mx4vz revoked", "api key of acme 7f3k9q2mx4vz was revoked"). An owner's word never has that shape, so
    // the value is not taken for one of them.
    private const string Owner =
        @"(?:(?:for|of)(?:" + Space + @"(?!(?:is|was)\s)(?!" + TokenShape + @")[^\s""'&,;<>()\[\]{}]+){1,3}" + Space
        + @"(?=(?:is|was)\s|" + TokenShape + @"))?"
        + @"(?:(?:used|provided|sent|given|supplied|entered|submitted|tried)" + Space + @"(?=(?:is|was|were)\s))?";

    // A value of a token's shape among words: at least 8 letters, digits and '-', '_', with a digit and a letter, to the
    // end of its word. Words, numbers, dates ("2026-11-24") and versions ("v2.3.1") have not that shape.
    private const string TokenShape =
        @"(?=[a-z0-9_-]*[0-9])(?=[a-z0-9_-]*[a-z])[a-z0-9_-]{8,}(?![^\s.,;:!?)\]}])";

    private const string SpacedValuePattern =
        // A value in brackets, after a participle or right after the key: "the token provided (x) is not valid",
        // "password [x] rejected", "password <x>"; a name such as "(id_token)" or "<password>" stays, and so does the marker.
        @"\G(?:" + Space + @"(?:(?:used|provided|sent|given|supplied|entered|submitted|received|presented|passed)\s*)?"
        + @"(?:\((?!REDACTED\))(?<id>[^\s()\[\]""'<>]+)\)|\[(?!REDACTED\])(?<id>[^\s()\[\]""'<>]+)\]|<(?<id>[^\s()\[\]""'<>]+)>)|"
        // One run in braces or quotes of any kind after a participle ("the password provided "x" is wrong", "… {x} …").
        + Space + @"(?:you" + Space + @"gave|(?:you" + Space + @")?(?:used|provided|sent|given|supplied|entered|submitted|received|presented|passed|typed|tried))\s*"
        + @"(?:\{(?<maybe>[^\s{}]+)\}|""(?<maybe>[^\s""]+)""|'(?<maybe>[^\s']+)'|[“”](?<maybe>[^\s“”]+)[“”]|[‘’](?<maybe>[^\s‘’]+)[‘’]"
        + @"|[\p{Ps}\p{Pi}-[\x00-\x7F]](?<maybe>[^\s\p{Pe}\p{Pf}]+)[\p{Pe}\p{Pf}]|" + QuotedRunValue + ")|"
        // Atomic, so that once a redacted value is "[REDACTED]", the verb before it is not taken for the value.
        // An arrow may follow the key with no space before it ("password->x", "password⇨ x").
        + @"(?>(?:" + Space + @"|(?=" + ArrowLink + @"|[^\x00-\x7F]|[(\[{<]))" + Owner + @"(?:" + Link + "){0,6})"
        + @"(?:""(?<secret>[^""]+)""|\\{1,3}""(?<secret>[^""\\]+)\\{1,3}""|[“”](?<secret>[^“”]+)[“”]|''(?<secret>[^']+)''|'(?<secret>[^']+)'|[‘’‚](?<secret>[^‘’]+)[‘’]"
        + @"|«(?<secret>[^»]+)»|„(?<secret>[^“”""]+)|‹(?<secret>[^›]+)›|`(?<secret>[^`]+)`|「(?<secret>[^」]+)」|『(?<secret>[^』]+)』|〈(?<secret>[^〉]+)〉|《(?<secret>[^》]+)》"
        + OtherQuotedValue + "|" + BracketedRun
        + "|" + ValueHasLetterOrDigit + @"(?<maybe>[^\s""'“”‘’«»`「」『』\\&,;<>()\[\]{}:=][^\s""'“”‘’«»`「」『』\\&,;<>()\[\]{}]*)))";

    [GeneratedRegex(SpacedValuePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex SpacedValue();

    [GeneratedRegex(@"\G\s+(?<secret>[^\s;=""]+=[^\s;""]*(?:;\s*[^\s;=""]+=[^\s;""]*)*)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex CookieList();

    // Thai writes no space between words, so a Thai key word may be followed by its value, a copula ("คือ",
    // "เป็น") or "ใหม่" directly or after a space: "รหัสผ่าน hunter2", "รหัสผ่านคือ hunter2", "โทเค็นใหม่คือ ...".
    // A qualifier and a possessive ("ของคุณ", "ของร้าน": "yours", "the shop's"), glued or after a space ("รหัสผ่าน ของคุณคือ"),
    // may come between a Thai key and its copula, and so may a verb ending in "เป็น" (ThaiSetVerb: "ตั้งเป็น", set to);
    // "รหัส" (code) is a key only as an OTP or PIN.
    private const string ThaiSpacedValuePattern =
        @"(?:" + ThaiPhraseKeyWord + "|" + ThaiPasswordKeyWord + "|รหัสลับ|" + ThaiTokenKeyWord + @"|รหัส\s*(?:OTP|PIN))"
        // A qualifier ("ใหม่" new, "ชั่วคราว" temporary) and a possessive that may end in a name ("ของร้าน ACME").
        // Atomic, so that when the value is already "[REDACTED]", the possessive is not taken for the value.
        + @"(?>(?:" + ThaiKeyQualifier + ")*"
        + @"(?:\s*" + ThaiOwnerWords + @"(?:\s+[A-Za-z0-9_.-]{1,32})?(?=\s*(?:คือ|เป็น|[:=])))?"
        + @"(?:\s*(?:ใหม่|" + ThaiCopula + "|" + ThaiSetVerb + @"|[:=ฯ]|\([^()]{1,24}\)" + ThaiKeyValueSeparator + @"))*\s*)"
        + @"(?:""(?<secret>[^""]+)""|\\{1,3}""(?<secret>[^""\\]+)\\{1,3}""|“(?<secret>[^”]+)”|'(?<secret>[^']+)'"
        // A phrase of three to twelve lower-case Latin words, up to Thai or the end, is a password or pass phrase
        // ("รหัสผ่าน allow curious agent crop กรุณาตรวจสอบ"): ReplaceThaiSpacedValue redacts it after a password or phrase key.
        + @"|(?<phrase>[a-z]{2,12}(?:[ \t]+[a-z]{2,12}){2,11})(?=[ \t]*(?:[\u0E01-\u0E4E]|$))"
        // As after an English password key, '&' and a tail are part of the value unless a next key ("name=") follows.
        + "|" + ValueHasLetterOrDigit + @"(?<maybe>[^\s""'“”‘’\\&,;<>()\[\]{}:=][^\s""'“”‘’\\&,;<>()\[\]{}]*(?:&(?![\w.-]+=)[^\s""'“”‘’\\&,;<>()\[\]{}]+)*))";

    // A word naming whose or which password it is, written right after the key as Thai does: old, new, temporary, current,
    // the shop's, the one in use, for logging in or access, the admin's ("รหัสผ่านเดิม", "รหัสผ่านร้าน", "รหัสผ่านที่ใช้",
    // "โทเค็นเข้าถึง"), or any other Thai word followed by a Latin word or a number, the value, unless it says what the
    // password is or whose it is ("รหัสผ่านผิด 3 ครั้ง", "รหัสผ่านของ shop01", "รหัสผ่านสำหรับ LINE").
    private const string ThaiKeyQualifier =
        @"ใหม่|ชั่วคราว|เดิม|ปัจจุบัน|ร้านค้า|ร้าน|ที่ใช้งาน|ที่ใช้|เข้าระบบ|เข้าใช้งาน|เข้าถึง|แอดมิน|ผู้ดูแลระบบ|ผู้ดูแล|อีเมล|ล่าสุด"
        + @"|(?![\u0E01-\u0E4E]*(?:ไม่|ผิด|หมด|ต้อง|ถูก|ว่าง|จำเป็น|เปลี่ยน|สั้น|ยาว|ล็อ|ระงับ|ของ|สำหรับ|และ|หรือ|จาก|กับ|คือ|เป็น))"
        + @"[\u0E01-\u0E4E]{1,16}(?=[ \t]+[A-Za-z0-9])";

    // A symbol between a key and its value is a separator, not the value: an arrow, a dash, a bar, a guillemet-like
    // ">>", an ellipsis ("รหัสผ่าน → x", "รหัสผ่าน - x", "รหัสผ่าน | x", "รหัสผ่าน ➜ x", "รหัสผ่าน ... x").
    private const string ThaiKeyValueSeparator = "|" + ArrowLink + @"|[\p{Sm}\p{So}\p{Pd}]+|\.{2,}|…"
        // Any other run of marks alone (MarkRun), and an emoji, two UTF-16 units no category matches ("รหัสผ่าน 👉 x").
        + "|" + MarkRunLink + @"|(?:[\uD800-\uDBFF][\uDC00-\uDFFF])+";

    [GeneratedRegex(ThaiSpacedValuePattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ThaiSpacedValue();

    // The same holds for other scripts without spaces (Chinese, Japanese, with copulas such as "是" and "は") and for
    // keys with a letter outside ASCII (Vietnamese "mật khẩu", Spanish "contraseña"). A regex of its own, run only
    // when one of SpacedKeyLetters is there, so Thai and ASCII text do not pay for it.
    private const string OtherSpacedValuePattern =
        @"(?:mật\s+khẩu|contraseña|密码|密碼|パスワード|비밀번호|пароль)"
        // The links of the table's keys too ("密码 -> x", "mật khẩu → x", "пароль is set to x"): arrows, dashes, marks, verbs.
        + @"(?:\s*(?:是|为|為|は|が|는|은|" + ArrowLink + "|" + MarkRunLink + @")|" + SpacedDashLink
        + @"|\s+" + EnglishVerbLink + @"(?=\s))*\s*"
        + @"(?:""(?<secret>[^""]+)""|\\{1,3}""(?<secret>[^""\\]+)\\{1,3}""|“(?<secret>[^”]+)”|'(?<secret>[^']+)'"
        + "|" + ValueHasLetterOrDigit + @"(?<maybe>[^\s""'“”‘’\\&,;<>()\[\]{}:=][^\s""'“”‘’\\&,;<>()\[\]{}]*))";

    [GeneratedRegex(OtherSpacedValuePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex OtherSpacedValue();

    // As after an English key, an acronym ("LINE", "SMTP") or a status code or count after a Thai key is what the
    // sentence is about ("โทเค็น LINE หมดอายุ", "โทเค็น 401", "รหัสผ่าน 6 หลัก"), not a value.
    // A word of Latin letters after a Thai password key is the password, as after an English one (see IsWordPassword).
    private static readonly MatchEvaluator ReplaceThaiSpacedValue = match =>
        match.Groups["phrase"].Success ? (IsThaiPasswordKeyed(match) ? WithGroupRedacted(match, match.Groups["phrase"]) : match.Value)
        : match.Groups["secret"].Success || !IsLocalSentence(match.Groups["maybe"].ValueSpan) ? Replace(match)
        : IsThaiWordPassword(match) ? WithGroupRedacted(match, match.Groups["maybe"]) : match.Value;

    // Thai keys whose value, a word of Latin letters or of Thai, is the secret itself: password, secret code, secret key,
    // secret, access or login code, "pass" (with a separator), access token.
    private static readonly string[] ThaiPasswordKeys =
        ["รหัสผ่าน", "พาสเวิร์ด", "พาสเวิด", "พาสโค้ด", "รหัสลับ", "คีย์ลับ", "ความลับ", "รหัสเข้าใช้งาน", "รหัสเข้าระบบ", "พาส", "โทเค็นเข้าถึง", "โทเคนเข้าถึง", "รหัส ผ่าน", "รหัส-ผ่าน"];

    // The Thai phrase keys of the table (วลีกู้คืน, วลีสำรอง, ...) take a Latin password of one run as the password keys
    // do, but not a Thai word: "วลีกู้คืนคือคำ 12 คำ" says what the phrase is.
    private static readonly string[] ThaiPhraseKeys = ThaiPhraseKeyWord.Split('|');

    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] keys)
    {
        foreach (var key in keys)
        {
            if (text.StartsWith(key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsThaiPasswordKeyed(Match match) =>
        StartsWithAny(match.ValueSpan, ThaiPasswordKeys) || StartsWithAny(match.ValueSpan, ThaiPhraseKeys);

    /// <summary>
    /// Whether the value after a Thai password key is a password of Latin letters and symbols ("รหัสผ่านคือ sunflower!zz"),
    /// not a name or a state: lower-case after the key and a space, or any case after a copula or a separator
    /// ("คือ", "เป็น", ':'), and not a word that says what a password is (see <see cref="IsPasswordStateWord"/>).
    /// </summary>
    private static bool IsThaiWordPassword(Match match)
    {
        var value = match.Groups["maybe"].ValueSpan;
        var passwordKeyed = StartsWithAny(match.ValueSpan, ThaiPasswordKeys);
        if (!passwordKeyed && !StartsWithAny(match.ValueSpan, ThaiPhraseKeys))
        {
            return false;
        }

        // A Thai word after a Thai password key is the password unless it says something about it ("รหัสผ่าน ฟหกดเสวง",
        // but "รหัสผ่านไม่ถูกต้อง" stays): the value runs to the next space, so a vowel or tone mark is never cut from it.
        // "ความลับ" is also the everyday word "a secret" ("โปรดเก็บความลับนี้ไว้": keep this secret): a Thai word is its value
        // only after a link.
        var between = match.ValueSpan[..(match.Groups["maybe"].Index - match.Index)];
        var linked = between.Contains("คือ", StringComparison.Ordinal) || between.Contains("เป็น", StringComparison.Ordinal) || between.ContainsAny(':', '=');
        if (value.ContainsAnyInRange('\u0E00', '\u0E7F'))
        {
            return passwordKeyed && (linked || !match.ValueSpan.StartsWith("ความลับ", StringComparison.Ordinal))
                && IsUnspacedScriptSecret(value.TrimEnd(SentenceEnds));
        }

        if (value.ContainsAnyExceptInRange('!', '~'))
        {
            return false;
        }

        var letters = value.TrimEnd(SentenceEnds);
        var wordEnd = letters.IndexOfAnyExcept(AsciiLetters);
        var word = wordEnd < 0 ? letters : letters[..wordEnd];
        if (word.Length < MinWordPasswordLength || IsPasswordStateWord(word))
        {
            return false;
        }

        return linked || !value.ContainsAnyInRange('A', 'Z');
    }

    private static string WithGroupRedacted(Match match, Group group) =>
        !HoldsAValue(group.ValueSpan) ? match.Value : string.Concat(match.ValueSpan[..(group.Index - match.Index)], Marker, match.ValueSpan[(group.Index - match.Index + group.Length)..]);

    // Chinese, Japanese and Thai write no space after their full stops and commas ("密码错误！请重试"): each clause
    // between them is judged as a value after an English key is.
    private static bool IsLocalSentence(ReadOnlySpan<char> value)
    {
        var clauses = 0;
        foreach (var range in value.SplitAny(LocalClauseEnds))
        {
            var clause = WithoutSentenceEnd(value[range]);
            if (!clause.IsEmpty && !IsProse(clause) && !IsThaiPhrase(clause))
            {
                return false;
            }

            clauses++;
        }

        return clauses > 0;
    }

    // A time, a date or a version after a key written with a space is what happened to it and when ("api key updated
    // 09:00", "password changed 2026-11-24", "token v2.3.1"), and a mask is a value already hidden ("password *** for").
    private static bool IsProse(ReadOnlySpan<char> word) => IsPlainWord(word) || IsAcronym(word) || IsCountOrVersion(word)
        || IsClockTime(word) || IsBasicIsoTime(word) || IsDate(word) || IsDottedVersion(word) || IsMasked(word);

    // An ISO date, alone or with a time after 'T' ("2026-11-24", "2026-11-24T09:00:00Z").
    private static bool IsDate(ReadOnlySpan<char> word) =>
        word.Length >= 10 && word[4] == '-' && word[7] == '-' && !word[..4].ContainsAnyExceptInRange('0', '9')
        && !word[5..7].ContainsAnyExceptInRange('0', '9') && !word[8..10].ContainsAnyExceptInRange('0', '9')
        && (word.Length == 10 || (word[10] is 'T' or 't' && !word[11..].ContainsAnyExcept(IsoTimeCharacters)));

    private static readonly SearchValues<char> IsoTimeCharacters = SearchValues.Create("0123456789:.+-Zz");

    // Numbers of at most four digits joined by dots, maybe after a 'v' ("v2.3.1", "4.12.0").
    private static bool IsDottedVersion(ReadOnlySpan<char> word)
    {
        var digits = word.Length > 1 && word[0] is 'v' or 'V' ? word[1..] : word;
        if (!digits.Contains('.'))
        {
            return false;
        }

        foreach (var range in digits.Split('.'))
        {
            var piece = digits[range];
            if (piece.Length is < 1 or > 4 || piece.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a value written straight after a Thai key, with no space, is the rest of a Thai sentence: Thai words
    /// with an acronym (2-6 capitals) or a count (up to 4 digits) inside them, as Thai writes Latin words and numbers
    /// without spaces ("โทเค็นLINEหมดอายุ", "รหัสผ่านSMTPไม่ถูกต้อง", "รหัสผ่านต้องมีอย่างน้อย8ตัวอักษร"). An acronym
    /// may open it only when Thai follows, and a number only after Thai, so "ABCD1234" and "1234" stay values.
    /// </summary>
    private static bool IsThaiPhrase(ReadOnlySpan<char> value)
    {
        var afterThai = false;
        var hasThai = false;
        for (var i = 0; i < value.Length;)
        {
            var c = value[i];
            var end = i + 1;
            if (c is >= '\u0E01' and <= '\u0E4E')
            {
                while (end < value.Length && value[end] is >= '\u0E01' and <= '\u0E4E')
                {
                    end++;
                }

                afterThai = hasThai = true;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                while (end < value.Length && char.IsAsciiLetterUpper(value[end]))
                {
                    end++;
                }

                if (end - i is < 2 or > 6 || (end < value.Length && !(value[end] is >= '\u0E01' and <= '\u0E4E')))
                {
                    return false;
                }

                afterThai = false;
            }
            else if (char.IsAsciiDigit(c) && afterThai)
            {
                while (end < value.Length && char.IsAsciiDigit(value[end]))
                {
                    end++;
                }

                if (end - i > 4)
                {
                    return false;
                }

                afterThai = false;
            }
            else
            {
                return false;
            }

            i = end;
        }

        return hasThai;
    }
}
