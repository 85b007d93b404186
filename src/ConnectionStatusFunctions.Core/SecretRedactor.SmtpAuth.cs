using System.Buffers;
using System.Text;

namespace ConnectionStatusFunctions.Core;

// An SMTP authentication dialogue copied into an error: the base64 the client answers with.
public static partial class SecretRedactor
{
    // "Password:" in base64, the prompt of AUTH LOGIN (334 UGFzc3dvcmQ6) after which the client sends its password.
    private const string PasswordPrompt = "UGFzc3dvcmQ6";
    private const string AuthPlain = "AUTH PLAIN";

    private static readonly SearchValues<char> Base64Characters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    /// <summary>
    /// Replaces the base64 word after the AUTH LOGIN password prompt and after <c>AUTH PLAIN</c> (which holds the user and
    /// password together): short base64 looks no more random than a word, so only its place says it is a password.
    /// </summary>
    private static string RedactSmtpAuth(string text)
    {
        var prompt = text.IndexOf(PasswordPrompt, StringComparison.Ordinal);
        var plain = text.IndexOf(AuthPlain, StringComparison.OrdinalIgnoreCase);
        if (prompt < 0 && plain < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        var copied = 0;
        foreach (var (word, ordinal) in (ReadOnlySpan<(string, bool)>)[(PasswordPrompt, true), (AuthPlain, false)])
        {
            var comparison = ordinal ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            for (var at = text.IndexOf(word, comparison); at >= 0; at = text.IndexOf(word, at + word.Length, comparison))
            {
                var start = at + word.Length;
                while (start < text.Length && char.IsWhiteSpace(text[start]))
                {
                    start++;
                }

                var end = EndOf(text, start, Base64Characters);
                if (start == at + word.Length || end - start < 4 || start < copied || IsPlainWord(text.AsSpan(start, end - start)))
                {
                    continue;
                }

                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, start - copied).Append(Marker);
                copied = end;
            }
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }
}
