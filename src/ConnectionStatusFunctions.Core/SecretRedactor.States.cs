using System.Buffers;

namespace ConnectionStatusFunctions.Core;

// Values that are prose about a key's state ("password: required", "not set"), which stay as written.
public static partial class SecretRedactor
{
    // Words that answer a key's question with a state ("using password: YES", "password=required"), not with the
    // secret. Only words a system writes for a state: a dictionary word that could be the password itself is not one.
    private static readonly string[] StateWords =
    [
        "yes", "no", "true", "false", "null", "none", "empty", "required", "invalid", "incorrect", "expired",
        "missing", "wrong", "set", "unset", "changed", "reset", "sent",
    ];

    // A negation or a modal verb opens a sentence about the value ("password: must not be empty"), not the value.
    private static readonly string[] StatePhraseStarts = ["not", "never", "must", "mustn't", "should", "cannot", "can't"];

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
        var isState = IsOneOf(first, StateWords);
        if (!isState && !IsOneOf(first, StatePhraseStarts))
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

    private static bool IsOneOf(ReadOnlySpan<char> word, string[] words)
    {
        foreach (var candidate in words)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
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
