using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// A quoted value written right against its key with no separator ("passphrase\"x\"", "password'x'", "password`x`";
// full-width quotes were read as ASCII already).
public static partial class SecretRedactor
{
    // The regex starts at the opening quote and looks back for a key of the table, so text is only tried at its quotes.
    // A key written in quotes is JSON's or a name's ("\"password\":\"x\"", "the field 'password' is required") and is
    // left to the other passes; a possessive ("the password's length isn't valid") is no value.
    [GeneratedRegex(
        @"(?<q>[""'`])(?<=(?<![A-Za-z0-9_""'`])(?:" + PhraseKeyWord + "|" + PasswordKeyWord + "|" + TokenKeyWord + @")[""'`])"
        + @"(?!s\b)(?<value>[^""'`\s:=][^""'`\r\n]{0,199}?)\k<q>(?![A-Za-z0-9])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex GluedQuotedValue();

    private static string GluedQuotedValuesReplaced(string text) =>
        text.AsSpan().IndexOfAny("\"'`") < 0 ? text
            : GluedQuotedValue().Replace(text, match => WithGroupRedacted(match, match.Groups["value"]));
}
