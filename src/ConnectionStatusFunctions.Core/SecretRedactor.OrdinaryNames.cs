namespace ConnectionStatusFunctions.Core;

// Names that mix letters and digits or cases as a secret does, but that a program made from words: a Kubernetes pod's
// name, a format's hyphenated name.
public static partial class SecretRedactor
{
    /// <summary>
    /// Whether a run is a Kubernetes pod's name: a name of lower-case words, then the ReplicaSet's hash (5-10 characters)
    /// and the pod's suffix (5), as in "connector-7f9c4d8b6-x2k9p". The first piece must be a word of letters, so a
    /// random one-case token cut by '-' ("k7q2m9x4-p1z8w3n6b5") still reads as random.
    /// </summary>
    private static bool IsKubernetesPodName(ReadOnlySpan<char> run)
    {
        var suffix = run.LastIndexOf('-');
        if (suffix <= 0 || run.Length - suffix - 1 != 5 || run[(suffix + 1)..].ContainsAnyExcept(LowerCaseLettersAndDigits))
        {
            return false;
        }

        var hash = run[..suffix].LastIndexOf('-');
        if (hash <= 0 || suffix - hash - 1 is < 5 or > 10 || run[(hash + 1)..suffix].ContainsAnyExcept(LowerCaseLettersAndDigits))
        {
            return false;
        }

        var name = run[..hash];
        var firstWord = name.IndexOf('-') is var dash and >= 0 ? name[..dash] : name;
        return firstWord.Length >= 3 && !firstWord.ContainsAnyExceptInRange('a', 'z') && !HasRandomLetters(firstWord)
            && !name.ContainsAnyExcept(LowerCaseLettersDigitsAndDash);
    }

    /// <summary>
    /// Whether a run is words and small numbers joined by '-' ("PuTTY-User-Key-File-3"): three or more pieces, each
    /// letters (at most 12, in any case) or a number of at most four digits, whose letters together do not read as random.
    /// </summary>
    private static bool IsHyphenatedWords(ReadOnlySpan<char> run)
    {
        if (run.Count('-') < 2 || run.ContainsAny('_', '/', '+'))
        {
            return false;
        }

        Span<char> letters = stackalloc char[run.Length];
        var count = 0;
        foreach (var range in run.Split('-'))
        {
            var piece = run[range];
            var isNumber = !piece.IsEmpty && !piece.ContainsAnyExceptInRange('0', '9');
            if (piece.IsEmpty || (isNumber ? piece.Length > 4 : piece.Length > 12 || piece.ContainsAnyExcept(AsciiLetters)))
            {
                return false;
            }

            if (!isNumber)
            {
                piece.CopyTo(letters[count..]);
                count += piece.Length;
            }
        }

        return !HasRandomLetters(letters[..count], breakAtCapitals: true);
    }

    private static readonly System.Buffers.SearchValues<char> LowerCaseLettersAndDigits = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789");
    private static readonly System.Buffers.SearchValues<char> LowerCaseLettersDigitsAndDash = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");
}
