using System.Buffers;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// A pass phrase written where the earlier passes read one word or none: after a neighbour of the phrase keys ("wallet
// seed:", "backup phrase:", "12-word phrase:", "recovery key:", "secret words:"), after a Thai phrase or password key
// and a copula ("วลีรหัสผ่านคือ", "วลีกู้คืน:", "รหัสผ่านคือ", "passphrase ของร้านคือ", "passphrase เป็น"), after an
// ASCII arrow of several strokes ("mnemonic --> ..."), in brackets after a phrase key or a participle ("the passphrase
// provided (w1 w2 w3 w4) is wrong"), or opening with a state word ("passphrase: wrong office mountain garden"). The last
// pass: it runs on what the others left, only when a phrase key's word is in the text, and judges the words after the
// key whole, as the phrase rules do (see Phrases.cs, ProseAboutAKey.cs).
public static partial class SecretRedactor
{
    // A word each English key below holds, so text without one skips the regex: one vectorized search, of ASCII words
    // only (a set with Thai words in it is searched far slower); the Thai keys are looked for only in Thai text.
    private static readonly SearchValues<string> PhraseNeighbourTriggers = SearchValues.Create(
        ["phrase", "mnemonic", "seed", "recovery", "words"], StringComparison.OrdinalIgnoreCase);

    private static bool MayHoldAPhraseKey(string text) =>
        text.AsSpan().IndexOfAny(PhraseNeighbourTriggers) >= 0
        || (text.AsSpan().IndexOfAnyInRange('\u0E01', '\u0E4E') >= 0
            && (text.Contains("วลี", StringComparison.Ordinal) || text.Contains("รหัสผ่าน", StringComparison.Ordinal) || text.Contains("พาสเวิร์ด", StringComparison.Ordinal)));

    private const string PhraseNeighbourPattern =
        // The key: a phrase key and its neighbours (a wallet's seed, a backup phrase, a phrase of a count of words, a
        // recovery key, secret words), or a Thai phrase or password key.
        @"(?<![A-Za-z0-9])(?<key>(?:(?:pass|secret|seed|recovery|mnemonic|backup|wallet)[_. -]?phrase|\d{1,2}[- ]?words?[_. -]?phrase"
        + @"|(?:seed|recovery|mnemonic|secret|backup)[_. -]?words|mnemonic|(?:wallet[_. -]?)?seed|recovery[_. -]?key)(?![A-Za-z0-9_])"
        + @"|วลีรหัสผ่าน|วลีกู้คืน|วลีลับ|วลีช่วยจำ|รหัสผ่าน|พาสเวิร์ด)"
        // Thai words naming whose or which it is ("ของร้าน", "ใหม่"), then the link: a separator, a Thai copula, an arrow
        // (of one to three strokes), a verb, or a participle before a bracket.
        + @"(?<link>(?>(?:\s*(?:ของ[\u0E01-\u0E4E]{1,12}?(?=\s*(?:คือ|เป็น|[:=]))|ใหม่|เดิม|ชั่วคราว))*)"
        + @"(?:(?:\s+(?:used|provided|entered|given|supplied|submitted|sent|specified))?\s*[:=]\s*|\s*(?:คือ|เป็น)\s*|\s*(?:-{1,3}>|={1,3}>|→|⇒|➜|⟶)\s*"
        + @"|\s+(?:is|was|are|were)(?:\s+(?:set|changed|reset)\s+to)?\s+"
        + @"|\s+(?:(?:provided|entered|used|given|supplied|submitted|sent|you\s+entered|you\s+provided|you\s+gave)\s+)?(?=[(\[<])))"
        // The phrase: words of letters (a word may hold digits, a hyphen or an apostrophe), or the marker an earlier
        // pass left for its first word, followed by more; or the same in brackets.
        + @"(?:\((?<value>" + PhraseWords + @")\)|\[(?!REDACTED\])(?<value>" + PhraseWords + @")\]|<(?<value>" + PhraseWords + @")>"
        + @"|(?<value>" + PhraseWords + "))";

    // A word ends where no letter of any script follows: "lòng" is no word "l" of a phrase.
    private const string PhraseWord = @"[A-Za-z][A-Za-z0-9'-]*(?![\p{L}\p{M}\p{N}])";
    private const string PhraseWords = @"(?:\[REDACTED\]|" + PhraseWord + @")(?:[ \t]+" + PhraseWord + "){0,23}";

    [GeneratedRegex(PhraseNeighbourPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PhraseNeighbourValue();

    private static readonly MatchEvaluator ReplacePhraseNeighbour = ReplacePhraseValue;

    /// <summary>The pass phrases the earlier passes left after a phrase key's neighbour, a Thai key or an arrow (see the file's comment).</summary>
    private static string PhraseNeighboursReplaced(string text) =>
        MayHoldAPhraseKey(text) ? PhraseNeighbourValue().Replace(text, ReplacePhraseNeighbour) : text;

    private static string ReplacePhraseValue(Match match)
    {
        var value = match.Groups["value"];
        var phrase = value.ValueSpan;
        var link = match.Groups["link"].ValueSpan;

        // The marker the Thai keys' pass left for the first word (it reads one word): the words after it are the rest of
        // the phrase, unless they go on a sentence about it ("รหัสผ่าน: [REDACTED] for user ops"). After an English phrase
        // key the earlier passes took the phrase whole, to its bound: the words past it stay theirs.
        if (phrase.StartsWith(Marker, StringComparison.Ordinal))
        {
            var rest = phrase[Marker.Length..].Trim();
            return rest.IsEmpty || match.Groups["key"].ValueSpan.IndexOfAnyInRange('\u0E01', '\u0E4E') < 0 || GoesOnASentence(rest) || IsProseAboutAKey(link, rest)
                ? match.Value
                : WithGroupRedacted(match, value);
        }

        var words = 1 + phrase.Count(' ') + phrase.Count('\t');
        var joined = words == 1 && IsHyphenJoinedPhrase(phrase);
        if (words < 2 && !joined)
        {
            return match.Value;
        }

        // A key that names other things too ("seed" of a random generator, a "recovery key" of a disk) takes only a
        // wallet's phrase: four or more words of lower-case letters, none the grammar of a sentence.
        var key = match.Groups["key"].ValueSpan;
        if (IsWeakPhraseKey(key) && !IsWordListPhrase(phrase, 4, lowerCaseOnly: true))
        {
            return match.Value;
        }

        return IsProseAboutAPhrase(phrase) || IsProseAboutAKey(link, phrase) ? match.Value : WithGroupRedacted(match, value);
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

    private static bool IsWeakPhraseKey(ReadOnlySpan<char> key) =>
        key.Equals("seed", StringComparison.OrdinalIgnoreCase) || key.EndsWith("key", StringComparison.OrdinalIgnoreCase);

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
    /// </summary>
    private static bool IsWordListPhrase(ReadOnlySpan<char> phrase, int minimum, bool lowerCaseOnly)
    {
        var count = 0;
        foreach (var range in phrase.SplitAny(' ', '\t'))
        {
            var word = phrase[range];
            if (word.IsEmpty)
            {
                continue;
            }

            var isNumber = !lowerCaseOnly && !word.ContainsAnyExceptInRange('0', '9');
            var letters = lowerCaseOnly || !char.IsAsciiLetterUpper(word[0]) ? word : word[1..];
            if (isNumber)
            {
                continue;
            }

            if (letters.IsEmpty || letters.ContainsAnyExceptInRange('a', 'z') || SentenceWords.Contains(word) || ProseAfterAState.Contains(word))
            {
                return false;
            }

            count++;
        }

        return count >= minimum;
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

    // Three or more plain words joined by hyphens ("storm-piano-rabbit-ability"): a phrase written as one run, whose last
    // word may have a state's ending without being one.
    private static bool IsHyphenJoinedPhrase(ReadOnlySpan<char> run)
    {
        var pieces = 0;
        foreach (var range in run.Split('-'))
        {
            var piece = run[range];
            if (piece.IsEmpty || piece.ContainsAnyExcept(AsciiLetters))
            {
                return false;
            }

            pieces++;
        }

        return pieces >= 3;
    }
}
