namespace ConnectionStatusFunctions.Core;

// Values after a key that are prose rather than a secret: a state written in Thai or Vietnamese ("รหัสผ่าน: ไม่ถูกต้อง",
// "mật khẩu: không đúng"), an English status phrase ("password: too short"), and ids of words joined to a country
// code and a number ("tiktokshop-th-000123").
public static partial class SecretRedactor
{
    // A Vietnamese state written without diacritics: "sai" (wrong). The others carry a diacritic, which no password
    // generator writes, and are told by it.
    private static readonly WordSet VietnameseStateWords = new(["sai"]);

    // Words that open a sentence about a password rather than the password: what it is or lacks ("too short",
    // "contains invalid characters", "locked after 5 attempts"). A passphrase opens with any word, so only these do.
    private static readonly WordSet StatusPhraseStarts = new(
    [
        "too", "contains", "contain", "locked", "lacks", "has", "is", "was", "does", "doesn't", "needs", "requires",
        "expires", "expired", "exceeds", "blocked", "disabled", "rejected", "mismatch", "mismatched",
    ]);

    /// <summary>
    /// Whether a key's value is prose about it: Thai or Vietnamese words (Thai letters, or Latin letters of which one
    /// carries a diacritic, as Vietnamese does), a Vietnamese state word, or an English phrase that opens with a status
    /// word and goes on in plain words and numbers. One plain English word ("sunshine") may be the password itself.
    /// </summary>
    private static bool IsProseValue(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.IsEmpty || value.Length > 64)
        {
            return false;
        }

        if (value.ContainsAnyExceptInRange('\0', '\u00BF'))
        {
            return IsLocalPhrase(value) && !IsUnspacedScriptSecret(value);
        }

        if (VietnameseStateWords.Contains(value))
        {
            return true;
        }

        var space = value.IndexOf(' ');
        return space > 0 && StatusPhraseStarts.Contains(value[..space]) && IsPlainPhrase(value[space..]);
    }

    /// <summary>
    /// Where the text in another script begins in a value of ASCII words the clause goes on from without a stop
    /// ("canyon whisper wrist school กรุณาตรวจสอบ", "cloud ocean 再試行してください", "thunder mango vui lòng thử lại"):
    /// the first word holding a letter past Latin-1, when every word from it on is local prose (see
    /// <see cref="IsLocalPhrase"/>). Thai, Chinese, Japanese and Vietnamese connectors' messages go on that way after
    /// a value, so the ASCII words before are the value, judged alone, and the local text stays. A lone plain word
    /// before the local text is left to be judged with it: Vietnamese writes some words without marks ("sai rồi",
    /// wrong), so only two or more words, or a run that is no plain word, count as the value. -1 when there is none.
    /// </summary>
    private static int LocalTailStart(ReadOnlySpan<char> value)
    {
        var firstLocal = value.IndexOfAnyExceptInRange('\0', '\u00BF');
        if (firstLocal <= 0)
        {
            return -1;
        }

        var tailStart = value[..firstLocal].LastIndexOfAny(' ', '\t') + 1;
        var head = value[..tailStart].TrimEnd();
        var tail = value[tailStart..];
        if (head.IsEmpty || !IsLocalPhrase(tail) || IsUnspacedScriptSecret(tail)
            || (head.IndexOfAny(' ', '\t') < 0 && IsPlainWord(WithoutSentenceEnd(head))))
        {
            return -1;
        }

        return head.Length;
    }

    // Every word Thai or a Latin word of lower-case letters (capitalised at most), and one Thai or with a diacritic.
    private static bool IsLocalPhrase(ReadOnlySpan<char> value)
    {
        var local = false;
        foreach (var range in value.Split(' '))
        {
            var word = WithoutSentenceEnd(value[range]);
            if (word.IsEmpty)
            {
                continue;
            }

            if (!IsPlainWord(word) && !IsThaiPhrase(word) && !IsCountOrVersion(word) && !IsClockTime(word))
            {
                return false;
            }

            local |= word.ContainsAnyExceptInRange('\0', '\u00BF');
        }

        return local;
    }

    /// <summary>
    /// Whether a run is an id of lower-case words joined to a country code and a number ("linenotify-th-000789",
    /// "bangkokbeautyshop-th-0001"), whose joined words may hold letter pairs words seldom do ("kt" of "tiktok").
    /// </summary>
    private static bool IsCountryCodedId(ReadOnlySpan<char> run)
    {
        var last = run.LastIndexOfAny('-', '_');
        if (last <= 0 || last == run.Length - 1 || run[(last + 1)..].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var words = run[..last];
        var country = words.LastIndexOfAny('-', '_');
        if (country <= 0 || words.Length - country - 1 != 2 || words[(country + 1)..].ContainsAnyExceptInRange('a', 'z'))
        {
            return false;
        }

        foreach (var range in words[..country].SplitAny("-_"))
        {
            var word = words[..country][range];
            if (word.IsEmpty || word.Length > 24 || word.ContainsAnyExceptInRange('a', 'z'))
            {
                return false;
            }
        }

        return true;
    }
}
