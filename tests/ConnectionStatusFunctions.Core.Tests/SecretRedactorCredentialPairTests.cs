using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A user and a password joined by ':' after a word for credentials or a login, and a wallet's seed words, lose the
/// secret (tester findings F8 and F11 of issue 17's last round); prose after those words stays.
/// </summary>
public class SecretRedactorCredentialPairTests
{
    [Theory]
    [InlineData("credentials \"shop:Tr0ub4dor3x\" rejected", "credentials \"shop:[REDACTED]\" rejected")]
    [InlineData("credentials shop:bangkokrainQa rejected", "credentials shop:[REDACTED]")]
    [InlineData("creds shop01:bangkokrainQa (401)", "creds shop01:[REDACTED] (401)")]
    [InlineData("login shop01:bangkokrainQa, retrying", "login shop01:[REDACTED], retrying")]
    [InlineData("seed words: abandon ability able about above absent absorb abstract absurd abuse access accident", "seed words: [REDACTED]")]
    public void TheSecretOfAUserPairOrASeedIsRedacted(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("login failed: connection reset by peer")]
    [InlineData("login failed:retry")]
    [InlineData("credentials: missing for shop01")]
    [InlineData("seed words: missing")]
    [InlineData("login at 10:42 failed")]
    [InlineData("credentials for https://api.line.me rejected")]
    public void ProseAfterThoseWordsStays(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }
}
