using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A quoted value glued to a key of the table with no separator (issue 17 item 11, generator 3, group E): the value
/// goes, in any quote; JSON's quoted keys, a key named in quotes and a possessive keep their reading.
/// </summary>
public class SecretRedactorGluedQuoteTests
{
    [Theory]
    [InlineData("IMAP login failed; passphrase\"Coffee207$ig\" (535)", "IMAP login failed; passphrase\"[REDACTED]\" (535)")]
    [InlineData("IMAP login failed; password'Coffee207$ig' (535)", "IMAP login failed; password'[REDACTED]' (535)")]
    [InlineData("IMAP login failed; password`Coffee207$ig` (535)", "IMAP login failed; password`[REDACTED]` (535)")]
    [InlineData("IMAP login failed; passphrase\"bean behind color bone\" (535)", "IMAP login failed; passphrase\"[REDACTED]\" (535)")]
    [InlineData("IMAP: passphrase＂argue balance access cheese＂", "IMAP: passphrase\"[REDACTED]\"")]
    public void AQuotedValueGluedToItsKeyIsRedacted(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Theory]
    [InlineData("{\"password\":\"x1\"}", "{\"password\":\"[REDACTED]\"}")]
    [InlineData("{\"password\": \"x1\", \"token\":\"abc\"}", "{\"password\": \"[REDACTED]\", \"token\":\"[REDACTED]\"}")]
    [InlineData("the password's length isn't valid, the user's 'x' too", "the password's length isn't valid, the user's 'x' too")]
    [InlineData("the field 'password' is required and \"token\" too", "the field 'password' is required and \"token\" too")]
    [InlineData("password\"\" is empty", "password\"\" is empty")]
    public void JsonKeysNamesAndPossessivesKeepTheirReading(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));
}
