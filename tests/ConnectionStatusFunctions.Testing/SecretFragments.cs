namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// The one check every secret test makes: no eight consecutive characters of a secret survive in what the
/// service wrote. A random secret shares no such piece with the prose around it, so a match is a leak.
/// </summary>
public static class SecretFragments
{
    public const int Length = 8;

    /// <summary>
    /// The first piece of <paramref name="secret"/> found in <paramref name="text"/>; with <paramref name="joined"/>, also
    /// once every character but printable ASCII letters, digits and punctuation is taken out, as a reader joins pieces
    /// split by a mark, a NUL or a space. Null when none survives.
    /// </summary>
    public static string? FirstIn(string text, string secret, bool joined = false)
    {
        var readerJoined = joined ? new string(text.Where(c => c is > ' ' and <= '~').ToArray()) : null;
        for (var i = 0; i + Length <= secret.Length; i++)
        {
            var fragment = secret.Substring(i, Length);
            if (text.Contains(fragment, StringComparison.Ordinal) || readerJoined?.Contains(fragment, StringComparison.Ordinal) == true)
            {
                return fragment;
            }
        }

        return null;
    }
}
