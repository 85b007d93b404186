namespace ConnectionStatusFunctions.Core;

// Keys whose value is a phrase of words, not one run: a pass phrase ("passphrase", "pass phrase", "pass-phrase",
// "secret phrase"), a wallet's words ("seed phrase", "recovery phrase", "backup phrase", "seed words", "mnemonic"), as
// the one table of keys (KeyTable.cs, PhraseKeyWord) lists them. They are password
// keys: after ':' or '=' the first pass (PhraseKeyWord in PasswordWord) takes the value to the end of its clause, and a
// quoted value whole, as a password's. After a verb or an arrow ("Passphrase was correct horse battery staple") the
// second pass's spaced value (see SpacedSecret) takes, for these keys, the words up to the end of the clause
// (PhraseEnd) instead of one word, and judges them whole.
public static partial class SecretRedactor
{
    // The most words a phrase after a phrase key runs to: a BIP39 mnemonic's longest (24 words). A phrase that long
    // without a clause's end is the secret; the words past the bound are read as any others.
    private const int MaxPhraseWords = 24;

    /// <summary>
    /// Whether the key word ending at <paramref name="keyEnd"/> names a phrase: "mnemonic", or "phrase" or "words" after a
    /// qualifier in the same word ("passphrase", "seedPhrase") or in the word before it, joined by a space, '_', '-' or '.'
    /// ("pass phrase", "pass_phrase", "recovery-phrase", "seed words").
    /// </summary>
    private static bool IsPhraseKey(string text, int keyEnd)
    {
        var start = KeyWordStart(text, keyEnd);
        var word = text.AsSpan(start, keyEnd - start);
        if (word.EndsWith("mnemonic", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string[] qualifiers;
        int nounLength;
        if (word.EndsWith("phrase", StringComparison.OrdinalIgnoreCase))
        {
            (qualifiers, nounLength) = (PhraseQualifiers, "phrase".Length);
        }
        else if (word.EndsWith("words", StringComparison.OrdinalIgnoreCase))
        {
            (qualifiers, nounLength) = (WordsQualifiers, "words".Length);
        }
        else
        {
            return false;
        }

        var qualifier = word[..^nounLength];
        if (qualifier.IsEmpty && start > 0 && text[start - 1] is ' ' or '\t' or '_' or '-' or '.')
        {
            qualifier = LettersBefore(text, start - 1);
        }

        foreach (var candidate in qualifiers)
        {
            if (qualifier.EndsWith(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where the phrase that starts at <paramref name="start"/> after a phrase key and its link ends: word after word (each
    /// as a password written after its key is, see <see cref="PasswordValueEnd"/>) up to the end of the clause: a
    /// quote, a bracket, ',', ';' or '&amp;' (see <see cref="SpacedValueEnds"/>), a word ending a sentence ('.', '!', '?',
    /// ':' or a local full stop, kept with the phrase: a password may end in one), the next key's ':' or '=', or
    /// <see cref="MaxPhraseWords"/> words. A line break was read as a space before any rule ran (so that none splits a
    /// secret), so the phrase goes on over one.
    /// </summary>
    private static int PhraseEnd(string text, int start)
    {
        var end = start;
        for (var words = 1; ; words++)
        {
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && !SpacedValueEnds.Contains(text[end]))
            {
                end++;
            }

            end = PasswordValueEnd(text, end);
            if (words == MaxPhraseWords || end == start || SentenceEnds.Contains(text[end - 1]))
            {
                return end;
            }

            var next = end;
            while (next < text.Length && text[next] is ' ' or '\t')
            {
                next++;
            }

            if (next == end || next == text.Length || char.IsWhiteSpace(text[next]) || SpacedValueEnds.Contains(text[next]) || text[next] is ':' or '=')
            {
                return end;
            }

            end = next;
        }
    }

    // Words that go on a sentence about the phrase rather than the phrase ("passphrase was updated by the admin",
    // "passphrase is correct for this key", "passphrase was rejected because it is too short").
    private static readonly WordSet ProseAfterAState = new(
    [
        "by", "for", "but", "and", "or", "after", "before", "because", "since", "until", "when", "while", "on", "in", "at",
        "to", "from", "with", "without", "so", "then", "again", "twice", "yet", "as", "via", "during", "once",
    ]);

    /// <summary>
    /// Whether the words after a phrase key and a verb are prose about the phrase, not the phrase: a state or a status
    /// phrase as after any key ("is incorrect", "was too short", "was not accepted"), a mask, or one word that says what a
    /// password is (see <see cref="IsPasswordStateWord"/>) alone or followed by a word that goes on a sentence
    /// ("was updated by the admin", "was correct but the key was locked"), or such a word alone after a verb that says
    /// the state ("was changed at 09:00", whose "changed" links the key as "set" does). Any other phrase is the secret: "correct horse
    /// battery staple" opens with a state word, but goes on in words of its own.
    /// </summary>
    private static bool IsProseAboutAPhrase(ReadOnlySpan<char> phrase)
    {
        phrase = WithoutSentenceEnd(phrase.Trim());

        // A state word opening a phrase of a word list's words is its first word (see IsPhraseOpeningWithAStateWord), and
        // a wallet's whole phrase is no prose whatever its words (see IsWordListPhrase).
        if (IsPhraseOpeningWithAStateWord(phrase) || IsWordListPhrase(phrase, MinBarePhraseWords, lowerCaseOnly: true))
        {
            return false;
        }

        if (IsStatePhrase(phrase) || IsProseValue(phrase) || IsMasked(phrase))
        {
            return true;
        }

        var space = phrase.IndexOfAny(' ', '\t');
        var first = space < 0 ? phrase : phrase[..space];

        // A verb that links the key may be the state itself ("was updated by the admin", "was changed at 09:00"): what
        // follows it then opens with a word that goes on a sentence.
        if (ProseAfterAState.Contains(first))
        {
            return true;
        }

        if (space < 0)
        {
            // Words joined by hyphens (or another joiner, see IsJoinedPhrase) are a phrase whatever the last one's ending ("storm-piano-rabbit-ability").
            if (IsJoinedPhrase(first))
            {
                return false;
            }

            return first.Length < MinWordPasswordLength ? IsProse(first) : IsPasswordStateWord(first) || (!IsPlainWord(first) && IsProse(first));
        }

        var rest = phrase[space..].TrimStart();
        var secondEnd = rest.IndexOfAny(' ', '\t');
        var second = WithoutSentenceEnd(secondEnd < 0 ? rest : rest[..secondEnd]);
        return IsPasswordStateWord(first) && ProseAfterAState.Contains(second);
    }
}
