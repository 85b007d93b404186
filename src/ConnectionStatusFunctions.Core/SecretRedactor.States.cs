using System.Buffers;

namespace ConnectionStatusFunctions.Core;

// Values that are prose about a key's state ("password: required", "not set"), which stay as written.
public static partial class SecretRedactor
{
    // Words that answer a key's question with a state ("using password: YES", "password=required"), not with the
    // secret. Only words a system writes for a state: a dictionary word that could be the password itself is not one.
    private static readonly WordSet StateWords = new(
    [
        "yes", "no", "true", "false", "null", "none", "empty", "required", "invalid", "incorrect", "expired",
        "missing", "wrong", "set", "unset", "changed", "reset", "sent",
    ]);

    // A negation or a modal verb opens a sentence about the value ("password: must not be empty"), not the value.
    private static readonly WordSet StatePhraseStarts = new(["not", "never", "must", "mustn't", "should", "cannot", "can't"]);

    /// <summary>
    /// Whether a key's value is prose about its state: a state word alone, or a phrase that opens with a state
    /// word or a negation and goes on in plain words, numbers and addresses ("not set for mailbox
    /// support@acme.co.th", "sent by e-mail"). A phrase with anything else in it ("reset -> Qx7pLm2Zk9") is not.
    /// </summary>
    private static bool IsStatePhrase(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.IsEmpty || value.Length > 64)
        {
            return false;
        }

        var words = value.Split(' ');
        words.MoveNext();
        var first = value[words.Current];
        var isState = StateWords.Contains(first);
        if (!isState && !StatePhraseStarts.Contains(first))
        {
            return false;
        }

        return (isState || words.MoveNext()) && IsPlainPhrase(value[(first.Length)..]);
    }

    /// <summary>Whether every word of the text is a plain word, a count or version, or an address.</summary>
    private static bool IsPlainPhrase(ReadOnlySpan<char> value)
    {
        foreach (var range in value.Split(' '))
        {
            var word = value[range];
            if (!word.IsEmpty && !IsPlainWordOrHyphenated(word) && !IsCountOrVersion(word) && !IsAddress(word))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Words compared without case, looked up by a span of the text without copying it.</summary>
    private sealed class WordSet(string[] words)
    {
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _words =
            new HashSet<string>(words, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

        // Most words asked about are values, longer than any of these: hashing one costs more than this comparison.
        private readonly int _longest = words.Max(word => word.Length);

        public bool Contains(ReadOnlySpan<char> word) => word.Length <= _longest && _words.Contains(word);
    }

    private static bool IsPlainWordOrHyphenated(ReadOnlySpan<char> word)
    {
        foreach (var range in word.Split('-'))
        {
            if (!IsPlainWord(word[range]))
            {
                return false;
            }
        }

        return true;
    }

    // A mailbox the state is about: letters, digits and ".-_" around one '@', and a dot in the domain.
    private static bool IsAddress(ReadOnlySpan<char> word)
    {
        var at = word.IndexOf('@');
        return at > 0 && word[(at + 1)..].Contains('.') && word.LastIndexOf('@') == at
            && !word[..at].ContainsAnyExcept(AddressCharacters) && !word[(at + 1)..].ContainsAnyExcept(AddressCharacters);
    }

    private static readonly SearchValues<char> AddressCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_");
}
