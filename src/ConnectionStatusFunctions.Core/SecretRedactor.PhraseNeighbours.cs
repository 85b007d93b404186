using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// A pass phrase or a word list's phrase written where the earlier passes read one word or none, after any key of the one
// table (KeyTable.cs) and any link it reads: after a neighbour of the phrase keys ("wallet seed:", "backup phrase:",
// "restore phrase:", "12-word phrase:", "recovery key:", "secret words:"), after a Thai phrase or password key and a
// copula ("วลีรหัสผ่านคือ", "วลีสำรอง:", "รหัสผ่านคือ", "passphrase ที่ใช้คือ"), after an arrow of any strokes ("mnemonic
// -:> ...", "password >> ..."), in a bracket of any pair after a key or a participle ("the passphrase you typed <w1 w2
// w3 w4> is wrong", "password (w1 w2 w3 w4) is wrong"), after a token or secret key ("token: w1 w2 w3 w4", "Api.Key is
// w1 w2 w3 w4"), and a wallet's whole phrase after any key and a space ("seed phrase w1 ... w12"). It also reads, after
// every key spelling and link of the table, the one-run value (a human password "Crop2758*pk") and the words joined into
// one run by any mark ("canoe#chaos#clap") that the earlier passes, each reading fewer spellings and links, left, so no
// key or link depends on which narrower pass reads it first. The last pass: it runs on what the
// others left, only when a key's word is in the text, and judges the words after the key whole, as the phrase rules
// do (see Phrases.cs, ProseAboutAKey.cs). Long because the pass, the scan that picks where its regex runs and the
// judgement of each kind of key's value must be read together.
public static partial class SecretRedactor
{
    // A word each English key of the table holds, so text without one skips the regex: one vectorized search, of ASCII
    // words only (a set with Thai words in it is searched far slower); the Thai keys are looked for only in Thai text.
    private static readonly SearchValues<string> PhraseNeighbourTriggers = SearchValues.Create(
        ["phrase", "mnemonic", "seed", "recovery", "words", "pass", "pw", "token", "secret", "key", "senha", "sandi", "khau", "contrase", "kennwort",
            "parola", "haslo", "wachtwoord", "losenord", "sifre", "adgangskode", "salasana", "heslo"],
        StringComparison.OrdinalIgnoreCase);

    // The password keys of other languages written outside ASCII (OtherLanguagePasswordKeyWord): their text runs the
    // whole regex, as Thai text does, since the anchored one starts only at an ASCII word.
    private static readonly string[] OtherScriptKeyTriggers = ["пароль", "Пароль", "ПАРОЛЬ", "密码", "密碼", "パスワード", "비밀번호", "contraseña", "Contraseña", "khẩu", "KHẨU",
        "hasło", "Hasło", "HASŁO", "lösenord", "Lösenord", "LÖSENORD", "şifre", "Şifre", "ŞİFRE", "ŞIFRE"];

    private static bool MayHoldAThaiKey(string text) =>
        (text.AsSpan().IndexOfAnyInRange('\u0E01', '\u0E4E') >= 0 && ContainsAnyThaiKey(text))
        || (text.AsSpan().ContainsAnyExceptInRange('\0', '\u00D0') && ContainsAnyOf(text, OtherScriptKeyTriggers));

    private static bool ContainsAnyOf(string text, string[] triggers)
    {
        foreach (var trigger in triggers)
        {
            if (text.Contains(trigger, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsAnyThaiKey(string text)
    {
        foreach (var trigger in ThaiKeyTriggers)
        {
            if (text.Contains(trigger, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // A key of the table, the one reading of its link, and a value of words, bare or in a bracket of any pair.
    private const string PhraseNeighbourPattern =
        // The key: any key of the table, English or Thai.
        KeyStart + KeyMarkOpen + @"(?<key>(?:" + PhraseKeyWord + "|" + WeakPhraseKeyWord + "|" + PasswordKeyWord + "|" + ShortPasswordKeyWord + "|" + TokenKeyWord
        + "|" + OtherLanguagePasswordKeyWord + @")(?=" + KeyNumber + ")"
        + "|" + ThaiPhraseKeyWord + "|" + ThaiPasswordKeyWord + "|" + ThaiTokenKeyWord + ")"
        + "(?<tail>" + KeyTail + ")"
        + "(?<link>" + KeyValueLink + ")"
        // One run of a password's or a token's shape, or words joined into one run by any mark: read before the words,
        // as a phrase's first word would otherwise end at the mark.
        + "(?:(?<run>" + ValueRun + ")|(?<joined>" + JoinedRun + ")|(?<listed>" + ListedWords + ")"
        // The phrase: words of letters (a word may hold digits, a hyphen or an apostrophe, or be words joined by '.', '_',
        // '+', '~' or '·'), or the marker an earlier pass left for a word of it, followed by more; or the same in a
        // bracket of any pair, perhaps with spaces and quotes inside it.
        + "|" + NestedBracketOpen + "(?:(?<run>" + BracketedValueRun + ")|(?<value>" + PhraseWords + "))" + NestedBracketClose
        + @"|(?<value>" + PhraseWords + "))";

    // The same where no Thai key is: a marker opens a value only before three or more words (the rest of a token key's
    // phrase, see PhraseValueReplaced), so a value an earlier pass took ("access_token=[REDACTED] invalid") is passed by
    // without a match.
    private const string AsciiPhraseNeighbourPattern =
        KeyStart + KeyMarkOpen + @"(?<key>(?:" + PhraseKeyWord + "|" + WeakPhraseKeyWord + "|" + PasswordKeyWord + "|" + ShortPasswordKeyWord + "|" + TokenKeyWord
        + "|" + OtherLanguagePasswordKeyWord + @")(?=" + KeyNumber + "))"
        + "(?<tail>" + KeyTail + ")"
        + "(?<link>" + KeyValueLink + ")"
        + "(?:(?<run>" + ValueRun + ")|(?<joined>" + JoinedRun + ")|(?<listed>" + ListedWords + ")"
        + "|" + NestedBracketOpen + "(?:(?<run>" + BracketedValueRun + ")|(?<value>" + AsciiPhraseWords + "))" + NestedBracketClose
        + @"|(?<value>" + AsciiPhraseWords + "))";

    // A key starts a word (perhaps after a URL's encoded space, "bad%20passphrase"), or a camelCase word's capital after a prefix naming whose it is ("smtpPassword", "dbToken").
    private const string KeyStart = @"(?:(?<![A-Za-z0-9])|(?<=%20)|(?<=(?-i:[a-z]))(?=(?-i:[A-Z])))";

    // "pass" and "pw" as whole keys ("pass -> x", "SMTP_PASS is x", "pw is x"): whole words only, as in the first pass,
    // since "pass" is a part of "bypass" and "compass".
    private const string ShortPasswordKeyWord = "pass|pw";

    // One run with a letter and a digit, 6 to 64 characters of anything but a space, a quote, a bracket, a clause's
    // mark or Thai, to its end: a human password ("Crop2758*pk") or a lower-case run with digits ("archcongress0802").
    private const string ValueRunCharacter = @"[^\s""'“”‘’`()\[\]{}<>,;、。\u0E00-\u0E7F]";
    private const string ValueRun =
        "(?=" + ValueRunCharacter + "{0,63}?[0-9])(?=" + ValueRunCharacter + "{0,63}?[A-Za-z])" + ValueRunCharacter + "{6,64}(?!" + ValueRunCharacter + ")";

    // The same run inside a bracket pair, perhaps nested or with spaces inside ("password ( Crop2758*pk ) rejected",
    // "password ['Crop2758*pk']", "passphrase {Crop2758$tion}"): no mark of a pair is part of it, so the closing one ends it.
    private const string BracketedRunCharacter = @"[^\s""'“”‘’`＂＇()\[\]{}<>,;、。\u0E00-\u0E7F\p{Ps}\p{Pe}\p{Pi}\p{Pf}]";
    private const string BracketedValueRun =
        "(?=" + BracketedRunCharacter + "{0,63}?[0-9])(?=" + BracketedRunCharacter + "{0,63}?[A-Za-z])" + BracketedRunCharacter + "{6,64}(?!" + BracketedRunCharacter + ")";

    // Words of letters joined into one run by the same mark of any kind, up to three characters of it ("canoe#chaos#clap",
    // "a、b、c", "a--b--c", "a%20b%20c"), perhaps after the marker an earlier pass left for the first word: judged by
    // IsJoinedPhrase, ending at a space or the text's end after a sentence's end.
    private const string JoinedRun =
        @"(?:\[REDACTED\]|[A-Za-z]+)(?:[^\sA-Za-z\u0E00-\u0E7F]{1,3}[A-Za-z]+){2,23}(?=[.!?。]?(?:\s|$))";

    // Four to twenty-four words written as a list, the same spaced joiner between every two (SpacedWordJoiner: "w1, w2,
    // w3, w4", "w1 / w2 / w3 / w4"), perhaps after the marker an earlier pass left for the first: judged by IsListedPhrase.
    private const string ListedWords =
        @"(?:\[REDACTED\]|" + PhraseWord + ")(?<joiner>" + SpacedWordJoiner + ")" + PhraseWord + @"(?:\k<joiner>" + PhraseWord + "){2,22}";

    private const string AsciiPhraseWords =
        @"(?:\[REDACTED\](?:[ \t]+" + PhraseWord + "){3,23}|" + PhraseWord + @"(?:[ \t]+(?:\[REDACTED\]|" + PhraseWord + ")){0,23})";

    // A word ends where no letter of any script follows: "lòng" is no word "l" of a phrase. An apostrophe is a word's only
    // before a letter ("don't"): after the last letter it closes a quote ("['w1 w2 w3 w4']").
    private const string PhraseWordTail = "[A-Za-z0-9-]*(?:'[A-Za-z][A-Za-z0-9-]*)*";
    private const string PhraseWord = "[A-Za-z]" + PhraseWordTail + "(?:[._+~·][A-Za-z]" + PhraseWordTail + @")*(?![\p{L}\p{M}\p{N}])";
    private const string PhraseWords = @"(?:\[REDACTED\]|" + PhraseWord + @")(?:[ \t]+(?:\[REDACTED\]|" + PhraseWord + ")){0,23}";

    [GeneratedRegex(PhraseNeighbourPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PhraseNeighbourValue();

    // The same, anchored: in ASCII text it runs only at the word starts just before a key's word (see PhraseNeighboursReplaced).
    [GeneratedRegex(@"\G(?:" + AsciiPhraseNeighbourPattern + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PhraseNeighbourValueAt();

    private static readonly MatchEvaluator ReplacePhraseNeighbour = match => PhraseValueReplaced(match) ?? match.Value;

    // How far before a key's word its key may start: "12-word phrase", "client secret", "wallet seed".
    private const int KeyQualifierReach = 16;

    /// <summary>
    /// The pass phrases the earlier passes left after a key of the table (see the file's comment). Text with a Thai key
    /// runs the regex whole; other text only at the word starts up to <see cref="KeyQualifierReach"/> characters before
    /// each key word one vectorized search finds, since the key words ("token", "key", "pass") are common in messages
    /// and the regex's many keys would otherwise be tried at most letters.
    /// </summary>
    private static string PhraseNeighboursReplaced(string text)
    {
        if (MayHoldAThaiKey(text))
        {
            return PhraseNeighbourValue().Replace(text, ReplacePhraseNeighbour);
        }

        var trigger = text.AsSpan().IndexOfAny(PhraseNeighbourTriggers);
        if (trigger < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        var copied = 0;
        var searched = 0;
        while (trigger >= 0)
        {
            var next = trigger + 1;
            if (!ValueWasTaken(text, trigger) && PhraseNeighbourBefore(text, trigger, searched) is { } match)
            {
                // Most keys' values were taken by the earlier passes or are prose: the text is copied only where one changes.
                if (PhraseValueReplaced(match) is { } replaced)
                {
                    builder ??= TextBuilders.Rent(text.Length);
                    builder.Append(text, copied, match.Index - copied).Append(replaced);
                    copied = match.Index + match.Length;
                }

                next = Math.Max(next, match.Index + match.Length);
                searched = match.Index + match.Length;
            }

            var offset = next < text.Length ? text.AsSpan(next).IndexOfAny(PhraseNeighbourTriggers) : -1;
            trigger = offset < 0 ? -1 : next + offset;
        }

        return builder is null ? text : TextBuilders.ToStringAndReturn(builder.Append(text, copied, text.Length - copied));
    }

    /// <summary>
    /// Whether the key word at <paramref name="trigger"/> is followed, past its separator or arrow, by a marker an earlier
    /// pass left and fewer than three words: the value was taken ("access_token=[REDACTED] invalid"), and the regex, which
    /// takes a marker only before the rest of a phrase, would try its keys and links there only to fail.
    /// </summary>
    private static bool ValueWasTaken(string text, int trigger)
    {
        var at = trigger;
        while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] == '_'))
        {
            at++;
        }

        // Markup or a bracketed qualifier after the key is the key's ("password (shop01) -> [REDACTED]").
        if (at < text.Length && text[at] is '<' or ' ' && KeyMarkupOrQualifier().Match(text, at) is { Success: true } around)
        {
            at = around.Index + around.Length;
        }

        while (at < text.Length && text[at] is ' ' or '\t' or ':' or '=' or '-' or '~' or '>')
        {
            at++;
        }

        if (!text.AsSpan(at).StartsWith(Marker, StringComparison.Ordinal))
        {
            return false;
        }

        at += Marker.Length;
        for (var words = 0; words < 3; words++)
        {
            var start = at;
            while (at < text.Length && text[at] is ' ' or '\t')
            {
                at++;
            }

            // A mark right after the marker may join the rest of a phrase written as one run ("[REDACTED]、cry、bus",
            // "[REDACTED])curtain)arrest", "[REDACTED]'bundle'culture") or as a list ("[REDACTED], board, betray",
            // "[REDACTED] / cat / bread"): the regex reads it (see IsJoinedPhrase, IsListedPhrase).
            if (words == 0 && at < text.Length && JoinsMoreWords(text, at, glued: at == start))
            {
                return false;
            }

            if (at == start || at == text.Length || !char.IsAsciiLetter(text[at]))
            {
                return true;
            }

            while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] is '\'' or '-'))
            {
                at++;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the mark at <paramref name="at"/>, right after the marker, may join a next word: glued, any mark but one that
    /// ends a clause, a closing mark or an apostrophe only before a letter, a comma only before a space; after a space,
    /// a mark with a space after it (SpacedWordJoiner).
    /// </summary>
    private static bool JoinsMoreWords(string text, int at, bool glued)
    {
        var mark = text[at];
        if (!(char.IsPunctuation(mark) || char.IsSymbol(mark)) || mark is '.' or ';' or '"')
        {
            return false;
        }

        var next = at + 1 < text.Length ? text[at + 1] : ' ';
        if (glued && mark is ')' or ']' or '}' or '>' or '\'' or ',')
        {
            // A closing mark or an apostrophe joins only when a word's letter follows it glued; a comma only before a space.
            return mark == ',' ? next is ' ' or '\t' : char.IsAsciiLetter(next);
        }

        return glued || next is ' ' or '\t';
    }

    /// <summary>The first match of the anchored regex at a word start from <see cref="KeyQualifierReach"/> characters before the key word at <paramref name="trigger"/> (not before <paramref name="from"/>) up to it.</summary>
    private static Match? PhraseNeighbourBefore(string text, int trigger, int from)
    {
        var start = trigger;
        while (start > from && trigger - start < KeyQualifierReach && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '.' or '-' or ' '))
        {
            start--;
        }

        for (var at = start; at <= trigger; at++)
        {
            if ((at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1]) || (at >= 3 && text.AsSpan(at - 3, 3).SequenceEqual("%20")) || (at == trigger && char.IsAsciiLetterUpper(text[at]) && char.IsAsciiLetterLower(text[at - 1])))
                && char.IsAsciiLetterOrDigit(text[at])
                && PhraseNeighbourValueAt().Match(text, at) is { Success: true } match)
            {
                return match;
            }
        }

        return null;
    }

    // The fewest words of a word list a wallet's phrase after a phrase key and a bare space has: BIP39's shortest is 12,
    // and a sentence about the key ("The seed phrase must have 12 or 24 words.") holds a sentence's words before that.
    private const int MinBarePhraseWords = 12;

    /// <summary>The match with its value redacted, or null when the value is no secret (prose, a state, a value an earlier pass took).</summary>
    private static string? PhraseValueReplaced(Match match)
    {
        if (match.Groups["run"] is { Success: true } run)
        {
            return RunValueReplaced(match, run);
        }

        if (match.Groups["joined"] is { Success: true } joinedRun)
        {
            return !IsBareLink(match, joinedRun) && KindOfKey(match.Groups["key"].ValueSpan) != KeyKind.WeakPhrase && IsJoinedPhrase(joinedRun.ValueSpan)
                ? WithGroupRedacted(match, joinedRun)
                : null;
        }

        if (match.Groups["listed"] is { Success: true } listed)
        {
            return !IsBareLink(match, listed) && KindOfKey(match.Groups["key"].ValueSpan) != KeyKind.WeakPhrase
                && IsListedPhrase(listed.ValueSpan, match.Groups["joiner"].ValueSpan)
                ? WithGroupRedacted(match, listed)
                : null;
        }

        var value = match.Groups["value"];
        var phrase = value.ValueSpan;
        var link = match.Groups["link"].ValueSpan;
        var key = match.Groups["key"].ValueSpan;
        var kind = KindOfKey(key);
        var linkGroup = match.Groups["link"];
        var bare = value.Index == linkGroup.Index + linkGroup.Length && IsBareSpace(link);

        // A key and a bare space: a wallet's whole phrase, after any key of the table ("seed phrase w1 ... w12",
        // "โทเค็น w1 ... w12"; four words after a token key and a space may be a sentence's: "โทเค็น hover quote spike
        // mirror" stays, twelve word-list words with no article, pronoun or copula are none); or, after a verdict on a
        // phrase, password or token key ("bad passphrase w1 w2 w3 w4", also inside a JSON string: '{"error":"bad token w1
        // w2 w3 w4"}', after its escaped line break: "bad passphrase\nw1 ...", or in a form body: "bad+passphrase+w1 ..."),
        // a word list's phrase of four or more words, as in brackets: the verdict says a value follows.
        if (bare)
        {
            return IsWordListPhrase(phrase, MinBarePhraseWords, lowerCaseOnly: true)
                || (kind is not KeyKind.WeakPhrase && IsWordListPhrase(phrase, 4, lowerCaseOnly: true) && FollowsAVerdict(match)
                    && !IsProseAboutAPhrase(phrase) && !IsProseAboutAKey(link, phrase))
                ? WithGroupRedacted(match, value)
                : null;
        }

        // The marker an earlier pass left for the first word (the Thai keys' pass, a token key's run): the words after it
        // are the rest of the phrase, unless they go on a sentence about it ("รหัสผ่าน: [REDACTED] for user ops"); after a
        // token key, only the rest of a word list's phrase ("secret_key=[REDACTED] boat broken apology"). After an English
        // phrase or password key the earlier passes took the value whole, to its bound: the words past it stay theirs.
        if (phrase.StartsWith(Marker, StringComparison.Ordinal))
        {
            var rest = phrase[Marker.Length..].Trim();
            var thai = key.IndexOfAnyInRange('\u0E01', '\u0E4E') >= 0;
            return rest.IsEmpty || !(thai || kind is KeyKind.Token or KeyKind.Password) || GoesOnASentence(rest) || IsProseAboutAKey(link, rest)
                || (kind is KeyKind.Token or KeyKind.Password && !IsWordListPhrase(rest, 3, lowerCaseOnly: true))
                ? null
                : WithGroupRedacted(match, value);
        }

        var words = 1 + phrase.Count(' ') + phrase.Count('\t');
        var joined = words == 1 && IsJoinedPhrase(phrase);
        if (words < 2 && !joined)
        {
            return null;
        }

        // A password's or a token's key takes a word list's phrase here (its other values the earlier passes judged): four
        // or more words of lower-case letters, none the grammar of a sentence, or words joined as one run.
        // A key that names other things too ("seed" of a random generator, a "recovery key" of a disk) takes only such a
        // phrase as well.
        // After a token's key as after a password's, any link of the table reads such a phrase ("token is w1 w2 w3 w4",
        // "api_key - w1 w2 w3 w4"), judged whole, so "access token is no longer valid" stays. After a password's key and
        // a separator the first pass judged the whole clause.
        var bracketed = value.Index != linkGroup.Index + linkGroup.Length;

        // A run of joined words quoted right after a token's or a secret's key names it ("secret 'shopee-partner-key' not
        // found", a vault's secret): its value follows a link, and its one-run values the earlier passes judged.
        if (joined && kind == KeyKind.Token && bracketed && IsBareSpace(link))
        {
            return null;
        }

        // In a bracket or quote pair holding the value whole, a word list's phrase may hold the list's words that are also
        // a sentence's ("again", "because", "before", "can"): with no other word of a sentence or a state among four or
        // more, the bracket says it is one value ("password (cost because bleak chronic) is wrong").
        if (bracketed && kind is not KeyKind.WeakPhrase && IsBracketedListPhrase(phrase) && !IsProseAboutAKey(link, phrase))
        {
            return WithGroupRedacted(match, value);
        }

        if (kind is KeyKind.Password or KeyKind.Token or KeyKind.WeakPhrase
            && (!(IsWordListPhrase(phrase, 4, lowerCaseOnly: true) || (joined && kind != KeyKind.WeakPhrase))
                || (kind == KeyKind.Password && !bracketed && FirstPassReadTheSeparator(match))))
        {
            return null;
        }

        return IsProseAboutAPhrase(phrase) || IsProseAboutAKey(link, phrase) ? null : WithGroupRedacted(match, value);
    }

    /// <summary>
    /// Whether words written as a list, <paramref name="joiner"/> between every two, are a word list's phrase: four or more
    /// lower-case words (or the marker an earlier pass left for one), none a sentence's or a state's word, fewer than half
    /// the list's words that a sentence is built of too. A list of states or of a sentence's words stays
    /// ("password: required, missing, invalid, expired").
    /// </summary>
    private static bool IsListedPhrase(ReadOnlySpan<char> list, ReadOnlySpan<char> joiner)
    {
        var count = 0;
        var sentenceWords = 0;
        while (!list.IsEmpty)
        {
            var end = list.IndexOf(joiner, StringComparison.Ordinal);
            var word = end < 0 ? list : list[..end];
            list = end < 0 ? [] : list[(end + joiner.Length)..];
            count++;
            if (word.SequenceEqual(Marker))
            {
                continue;
            }

            if (ListWordsOfASentence.Contains(word))
            {
                sentenceWords++;
            }
            else if (word.IsEmpty || word.ContainsAnyExceptInRange('a', 'z') || SentenceWords.Contains(word) || ProseAfterAState.Contains(word)
                || StateWords.Contains(word) || PasswordStateWords.Contains(word) || StatusPhraseStarts.Contains(word))
            {
                return false;
            }
        }

        return count >= 4 && sentenceWords * 2 < count;
    }

    // The words of a pass phrase word list (BIP39) that a sentence is built of too.
    private static readonly WordSet ListWordsOfASentence = new(["again", "because", "before", "can"]);

    /// <summary>
    /// Whether a bracketed value is four or more lower-case words, fewer than half of them <see cref="ListWordsOfASentence"/>,
    /// none another word of a sentence (<see cref="SentenceWords"/>, <see cref="ProseAfterAState"/>) or a state.
    /// </summary>
    private static bool IsBracketedListPhrase(ReadOnlySpan<char> phrase)
    {
        var count = 0;
        var sentenceWords = 0;
        foreach (var range in phrase.SplitAny(' ', '\t'))
        {
            var word = phrase[range];
            if (word.IsEmpty)
            {
                continue;
            }

            count++;
            if (ListWordsOfASentence.Contains(word))
            {
                sentenceWords++;
            }
            else if (word.ContainsAnyExceptInRange('a', 'z') || SentenceWords.Contains(word) || ProseAfterAState.Contains(word)
                || StateWords.Contains(word) || PasswordStateWords.Contains(word) || StatusPhraseStarts.Contains(word))
            {
                return false;
            }
        }

        return count >= 4 && sentenceWords * 2 < count;
    }

    /// <summary>Whether the word right before the match's key is a verdict on it (KeyVerdictWord, KeyTable.cs).</summary>
    // A key's prefix naming whose key it is ("bad DB_PASSWORD", "wrong smtpPassword") is part of the key the verdict is on.
    private static bool FollowsAVerdict(Match match)
    {
        var before = match.Result("$`").AsSpan();
        if (!before.IsEmpty && !char.IsWhiteSpace(before[^1]) && before[^1] != '+')
        {
            before = before[..^WordBefore(before, string.Empty, c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-').Length];
        }

        // A form body's or a URL's encoded space ("error=bad%20passphrase", "bad+seed+phrase") is a space.
        while (before.EndsWith("%20", StringComparison.Ordinal))
        {
            before = before[..^3].TrimEnd(" \t+");
        }

        before = before.TrimEnd(" \t+");
        var word = WordBefore(before, " \t+", char.IsAsciiLetter);
        return !word.IsEmpty && KeyVerdict().IsMatch(word.EndsWith("ed", StringComparison.OrdinalIgnoreCase)
            && WordBefore(before[..^word.Length], " \t+", char.IsAsciiLetter) is { IsEmpty: false } not && not.Equals("not", StringComparison.OrdinalIgnoreCase)
                ? string.Concat("not ", word)
                : word.ToString());
    }

    [GeneratedRegex("^" + KeyVerdictWord + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyVerdict();

    // A separator the first pass read (':', '='), not part of an arrow either way round ("->", "=>", "<-", "<="): the
    // first pass judged the whole clause after it.
    private static bool IsSeparatorLink(ReadOnlySpan<char> link) => link.ContainsAny(':', '=') && !link.ContainsAny('>', '<');

    /// <summary>Whether a link is spaces alone as a message writes them (see BareSpaceLink): whitespace, '+', an escaped "\n", "\r" or "\t".</summary>
    private static bool IsBareSpace(ReadOnlySpan<char> link)
    {
        for (var at = 0; at < link.Length; at++)
        {
            if (link[at] == '\\' && at + 1 < link.Length && link[at + 1] is 'n' or 'r' or 't')
            {
                at++;
            }
            else if (!char.IsWhiteSpace(link[at]) && link[at] != '+')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBareLink(Match match, Group value)
    {
        var link = match.Groups["link"];
        return value.Index == link.Index + link.Length && IsBareSpace(link.ValueSpan);
    }

    /// <summary>
    /// A run of a password's or a token's shape after a key and its link, which the earlier passes, each reading fewer
    /// keys' spellings and links, left: redacted unless it is a date, a time, a version, a count or an id's shape (see
    /// <see cref="IsProse"/>, <see cref="IsOrdinaryId"/>). After a bare space, or a separator the first pass read (it
    /// judged the whole clause there), it stays theirs.
    /// </summary>
    private static string? RunValueReplaced(Match match, Group run)
    {
        var linkGroup = match.Groups["link"];
        var bracketed = run.Index != linkGroup.Index + linkGroup.Length;

        // In a bracket pair the run is the value whole, whatever the link ("password: ( Crop2758*pk ) rejected"): the first
        // pass reads one pair with nothing else inside it.
        if (IsBareLink(match, run) || (!bracketed && FirstPassReadTheSeparator(match)))
        {
            return null;
        }

        var judged = WithoutSentenceEnd(run.ValueSpan);
        return judged.Length < 6 || IsProse(judged) || IsOrdinaryId(judged) || IsMasked(judged) ? null : WithGroupRedacted(match, run);
    }

    [GeneratedRegex("^(?:" + OtherLanguagePasswordKeyWord + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OtherLanguagePasswordKey();

    [GeneratedRegex("^(?:" + FirstPassUnreadPasswordKeyWord + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FirstPassUnreadPasswordKey();

    /// <summary>
    /// Whether the first pass read this key and its separator (':' or '=', no arrow) and judged the clause after it
    /// (see PasswordBranch): it reads a key right before the separator, perhaps numbered or in quotes, but not in
    /// markup ("**password**:"), nor with an index or an owner between them ("password[0] =", "Password for shop01:").
    /// </summary>
    private static bool FirstPassReadTheSeparator(Match match)
    {
        if (!IsSeparatorLink(match.Groups["link"].ValueSpan))
        {
            return false;
        }

        // The first pass reads a key in plain quotes only: not in emphasis marks or brackets, nor numbered after a space, nor
        // a verb before the separator ("password set: x", "token now: x").
        var mark = match.Groups["mark"];
        var qualifier = match.Groups["qualifier"];
        var number = match.Groups["number"];
        return !match.Groups["verb"].Success
            && !(mark.Success && mark.ValueSpan.ContainsAny("*`_~"))
            && !FirstPassUnreadPasswordKey().IsMatch(match.Groups["key"].ValueSpan)
            && !match.Groups["bracket"].Success
            && !(number.Success && number.ValueSpan.ContainsAny(' ', '\t'))
            && !(qualifier.Success && qualifier.ValueSpan.ContainsAny("[{< \t"));
    }

    private enum KeyKind
    {
        Phrase,
        WeakPhrase,
        Password,
        Token,
    }

    /// <summary>Which of the table's kinds of key the last pass found: a phrase key, one that names a phrase among other things, a password's or a token's.</summary>
    private static KeyKind KindOfKey(ReadOnlySpan<char> key)
    {
        // Thai's password keys were read as its phrase keys are, their first word by the Thai keys' pass.
        if (key.EndsWith("phrase", StringComparison.OrdinalIgnoreCase) || key.EndsWith("words", StringComparison.OrdinalIgnoreCase)
            || key.EndsWith("mnemonic", StringComparison.OrdinalIgnoreCase) || key.StartsWith("วลี", StringComparison.Ordinal)
            || key.StartsWith("คำ", StringComparison.Ordinal) || key.StartsWith("รหัส", StringComparison.Ordinal) || key.StartsWith("พาส", StringComparison.Ordinal))
        {
            return KeyKind.Phrase;
        }

        if (key.Equals("seed", StringComparison.OrdinalIgnoreCase) || (key.StartsWith("recovery", StringComparison.OrdinalIgnoreCase) && key.EndsWith("key", StringComparison.OrdinalIgnoreCase)))
        {
            return KeyKind.WeakPhrase;
        }

        if (key.EndsWith("seed", StringComparison.OrdinalIgnoreCase))
        {
            return KeyKind.Phrase;
        }

        return key.Contains("pass", StringComparison.OrdinalIgnoreCase) || key.StartsWith("pw", StringComparison.OrdinalIgnoreCase)
            || OtherLanguagePasswordKey().IsMatch(key)
            ? KeyKind.Password
            : KeyKind.Token;
    }

    // The words after a value go on a sentence about it when the first is a sentence's word, one a state goes on with,
    // or one that opens a status ("is wrong", "for user ops", "expired yesterday"); a state word there is no state of
    // the key, whose value came before it ("[REDACTED] wrong meadow sunset").
    private static bool GoesOnASentence(ReadOnlySpan<char> rest)
    {
        var space = rest.IndexOfAny(' ', '\t');
        var first = WithoutSentenceEnd(space < 0 ? rest : rest[..space]);
        return SentenceWords.Contains(first) || ProseAfterAState.Contains(first) || StatusPhraseStarts.Contains(first)
            || StatePhraseStarts.Contains(first) || ProseOpeners.Contains(first);
    }

    // Words a sentence is built of, which no word list for pass phrases holds: a phrase holding one is prose.
    private static readonly WordSet SentenceWords = new(
    [
        "the", "a", "an", "of", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those",
        "your", "my", "our", "their", "his", "her", "has", "have", "had", "not", "no", "please", "must", "should", "will",
        "would", "can", "could", "may", "might", "which", "who", "what", "there", "here", "than", "into", "onto", "per",
    ]);

    /// <summary>
    /// Whether <paramref name="phrase"/> reads as drawn from a word list: at least <paramref name="minimum"/> words of
    /// lower-case letters (or, unless <paramref name="lowerCaseOnly"/>, capitalised, or a number among them), none a word
    /// a sentence is built of (see <see cref="SentenceWords"/>) or goes on with (see <see cref="ProseAfterAState"/>).
    /// A wallet's whole phrase, <see cref="MinBarePhraseWords"/> words or more, may hold the BIP39 words that are also
    /// words a sentence goes on with ("again", "because", "can"): twelve lower-case words with no article, pronoun or
    /// copula among them are no sentence.
    /// </summary>
    private static bool IsWordListPhrase(ReadOnlySpan<char> phrase, int minimum, bool lowerCaseOnly)
    {
        var count = 0;
        var functionWords = 0;
        foreach (var range in phrase.SplitAny(' ', '\t'))
        {
            var word = phrase[range];
            if (word.IsEmpty)
            {
                continue;
            }

            // A word an earlier pass redacted ("[REDACTED]", a word that looked random) is one of the phrase's words.
            if (word.SequenceEqual(Marker))
            {
                count++;
                continue;
            }

            var isNumber = !lowerCaseOnly && !word.ContainsAnyExceptInRange('0', '9');
            var letters = lowerCaseOnly || !char.IsAsciiLetterUpper(word[0]) ? word : word[1..];
            if (isNumber)
            {
                continue;
            }

            if (letters.IsEmpty || letters.ContainsAnyExceptInRange('a', 'z'))
            {
                return false;
            }

            if (ProseAfterAState.Contains(word) || word.Equals("can", StringComparison.OrdinalIgnoreCase))
            {
                functionWords++;
            }
            else if (SentenceWords.Contains(word))
            {
                return false;
            }

            count++;
        }

        return count >= minimum && (functionWords == 0 || (lowerCaseOnly && count >= MinBarePhraseWords));
    }

    /// <summary>
    /// Whether a phrase after a phrase key opens with a state word ("wrong", "empty", "reset", BIP39 words all) and goes
    /// on in three or more words of a word list, numbers aside (see <see cref="IsWordListPhrase"/>): a state is written alone or with a
    /// few words of a sentence ("wrong for this key", "reset by the admin"), so a state word followed by such a phrase
    /// is the phrase's first word. "passphrase: wrong" and "Passphrase was wrong village" stay states.
    /// </summary>
    private static bool IsPhraseOpeningWithAStateWord(ReadOnlySpan<char> phrase)
    {
        phrase = WithoutSentenceEnd(phrase.Trim());
        var space = phrase.IndexOfAny(' ', '\t');
        return space > 0 && (StateWords.Contains(phrase[..space]) || IsPasswordStateWord(phrase[..space]))
            && IsWordListPhrase(phrase[(space + 1)..], 3, lowerCaseOnly: false);
    }

    // Three or more words of letters joined into one run by the same joiner, any punctuation or symbol of Unicode's (by
    // category, not a list), up to three characters with digits among them ("storm-piano-rabbit-ability",
    // "canoe#chaos#clap", "a、b、c", "a--b--c", "a%20b%20c"); the first may be the marker an earlier pass left for it
    // ("[REDACTED]、cry、bus"). Prose writes words with a space between them: such a run is a phrase written as one,
    // whose last word may have a state's ending without being one. Two words ("N/A", "and/or") stay words.
    private static bool IsJoinedPhrase(ReadOnlySpan<char> run)
    {
        var rest = run;
        if (rest.StartsWith(Marker, StringComparison.Ordinal))
        {
            rest = rest[Marker.Length..];
        }
        else
        {
            var firstEnd = rest.IndexOfAnyExcept(AsciiLetters);
            if (firstEnd <= 0)
            {
                return false;
            }

            rest = rest[firstEnd..];
        }

        var joinerLength = rest.IndexOfAny(AsciiLetters);
        if (joinerLength is <= 0 or > 3 || !IsJoiner(rest[..joinerLength]))
        {
            return false;
        }

        var joiner = rest[..joinerLength];
        var pieces = 1;
        while (rest.StartsWith(joiner, StringComparison.Ordinal))
        {
            rest = rest[joinerLength..];
            var end = rest.IndexOfAnyExcept(AsciiLetters);
            if (end == 0 || rest.IsEmpty)
            {
                return false;
            }

            pieces++;
            if (end < 0)
            {
                return pieces >= 3;
            }

            rest = rest[end..];
        }

        return false;
    }

    // A joiner holds a punctuation mark or a symbol of any script and no space or letter ("%20" holds '%').
    private static bool IsJoiner(ReadOnlySpan<char> joiner)
    {
        var mark = false;
        foreach (var c in joiner)
        {
            if (char.IsWhiteSpace(c) || char.IsLetter(c))
            {
                return false;
            }

            mark |= char.IsPunctuation(c) || char.IsSymbol(c);
        }

        return mark;
    }
}
