namespace ConnectionStatusFunctions.Core;

// Sentences about a password or a phrase key that read like its value ("The seed phrase must have 12 or 24 words.",
// "Passphrase: please enter it again.", "Seed words are not valid BIP39 words."). The rule: a value of words is prose,
// not a secret, when its words are the grammar of a sentence about the key, which a pass phrase's are not: a pass
// phrase is drawn from a word list (BIP39, diceware) of nouns, verbs and adjectives, never "please", a negated verb
// ("is not", "doesn't"), the key named again after a determiner ("the passphrase is too short"), or a verb after a
// modal that is no link ("must have", "will expire"; "will be" links the key to its value). A phrase that only holds
// such words somewhere else ("canyon not river") stays a secret: the test is on the opening words and negated verbs;
// and a value holding a token is one ("password: not hunter2xyz").
public static partial class SecretRedactor
{
    // A value opening with one of these is a request or a statement about the key ("please enter it again",
    // "not valid BIP39 words", "shown only once when you create the wallet").
    private static readonly WordSet ProseOpeners = new(
    [
        "please", "pls", "kindly", "not", "never", "no", "cannot", "can't", "isn't", "aren't", "wasn't", "doesn't", "don't",
        "shown", "displayed", "stored", "saved", "generated", "hidden", "encrypted", "printed", "written", "kept", "needed",
    ]);

    // Determiners before the key named again ("the passphrase is too short", "your password will expire").
    private static readonly WordSet Determiners = new(["the", "your", "my", "this", "that", "its", "a", "an", "each", "every", "our"]);

    private static readonly WordSet KeyNouns = new(
    [
        "passphrase", "password", "phrase", "mnemonic", "seed", "word", "words", "secret", "key", "pin", "passcode", "value",
    ]);

    // Verbs negated by a following "not" ("is not in the word list").
    private static readonly WordSet NegatedVerbs = new(["is", "are", "was", "were", "does", "do", "did", "has", "have", "can"]);

    // Modals that link a key to its value only before "be" or "become" ("will be", "must be"): before another verb
    // the key is the sentence's subject ("will expire in 3 days", "must have 12 or 24 words").
    private static readonly WordSet Modals = new(["will", "would", "must", "should", "shall", "can", "could", "may", "might"]);
    private static readonly WordSet LinkingVerbs = new(["be", "become", "been", "remain"]);

    /// <summary>
    /// Whether <paramref name="value"/>, written after a password's or a phrase's key and <paramref name="link"/> (the
    /// separator, verb or arrow between them), is a sentence about the key (see the file's comment).
    /// </summary>
    private static bool IsProseAboutAKey(ReadOnlySpan<char> link, ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (!IsPlainSentence(value))
        {
            return false;
        }

        var space = value.IndexOfAny(' ', '\t');
        var first = WithoutSentenceEnd(space < 0 ? value : value[..space]);
        if (ProseOpeners.Contains(first))
        {
            return true;
        }

        if (IsModalBeforeAVerb(link, first))
        {
            return true;
        }

        if (space < 0)
        {
            return false;
        }

        var previous = first;
        var rest = value[(space + 1)..];
        var wordIndex = 1;
        foreach (var range in rest.SplitAny(' ', '\t'))
        {
            var word = WithoutSentenceEnd(rest[range]);
            if ((wordIndex == 1 && Determiners.Contains(previous) && KeyNouns.Contains(word))
                || (word.Equals("not", StringComparison.OrdinalIgnoreCase) && NegatedVerbs.Contains(previous)))
            {
                return true;
            }

            previous = word;
            wordIndex++;
        }

        return false;
    }

    // Prose has no token in it: every word is a plain word, a count or version, or a short acronym with digits ("BIP39"),
    // so a token after the same words is still the secret ("password: not hunter2xyz").
    private static bool IsPlainSentence(ReadOnlySpan<char> value)
    {
        foreach (var range in value.SplitAny(' ', '\t'))
        {
            var word = WithoutSentenceEnd(value[range]);
            if (!word.IsEmpty && !IsPlainWord(word) && !IsCountOrVersion(word)
                && !(word.Length <= 6 && char.IsAsciiLetterUpper(word[0]) && !word.ContainsAnyExcept(UpperCaseAndDigits)))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly System.Buffers.SearchValues<char> UpperCaseAndDigits =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    // A modal in the link not followed, in the link or as the value's first word, by "be", "been", "become" or "remain"
    // ("must have 12 or 24 words", "will expire"; "must have been set to", "will be" link).
    private static bool IsModalBeforeAVerb(ReadOnlySpan<char> link, ReadOnlySpan<char> first)
    {
        var afterModal = false;
        foreach (var range in link.SplitAny(' ', '\t'))
        {
            var word = link[range];
            // A verb of the verb link kind with its preposition after the modal links too ("will change to x", "should
            // be set as x").
            if (afterModal && (LinkingVerbs.Contains(word) || word is "to" or "into" or "as"))
            {
                return false;
            }

            afterModal |= Modals.Contains(word);
        }

        return afterModal && !LinkingVerbs.Contains(first);
    }
}
