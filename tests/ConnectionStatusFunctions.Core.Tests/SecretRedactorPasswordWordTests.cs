using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Password keys written with digits or symbols for letters, in more languages, and an environment variable named for a
/// secret, which keeps its name (tester findings F4 and F11 of issue 17's last round).
/// </summary>
public class SecretRedactorPasswordWordTests
{
    [Theory]
    [InlineData("passw0rd=sunflowerzz", "passw0rd=[REDACTED]")]
    [InlineData("Pa55word: sunflowerzz", "Pa55word: [REDACTED]")]
    [InlineData("pa$$word=sunflowerzz", "pa$$word=[REDACTED]")]
    [InlineData("login p@ssword: sunflowerzz (535)", "login p@ssword: [REDACTED] (535)")]
    [InlineData("Kennwort: riversidezz", "Kennwort: [REDACTED]")]
    [InlineData("пароль: riversidezz", "пароль: [REDACTED]")]
    [InlineData("Wachtwoord: riversidezz", "Wachtwoord: [REDACTED]")]
    [InlineData("senha=riversidezz", "senha=[REDACTED]")]
    [InlineData("hasło: riversidezz", "hasło: [REDACTED]")]
    [InlineData("şifre: riversidezz", "şifre: [REDACTED]")]
    [InlineData("lösenord: riversidezz", "lösenord: [REDACTED]")]
    [InlineData("{\"kennwort\":\"riversidezz\"}", "{\"kennwort\":\"[REDACTED]\"}")]
    public void APasswordKeyOfAnyOfTheseSpellingsLosesItsValue(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("MYSQL_ROOT_PASSWORD=sunflowerzz", "MYSQL_ROOT_PASSWORD=[REDACTED]")]
    [InlineData("docker run -e MYSQL_ROOT_PASSWORD=sunflowerzz mysql", "docker run -e MYSQL_ROOT_PASSWORD=[REDACTED]")]
    [InlineData("STRIPE_SECRET_KEY=Qx7pLm2Zk9Tr", "STRIPE_SECRET_KEY=[REDACTED]")]
    public void AnEnvironmentVariableNamedForASecretKeepsItsName(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("contact support@acme.co.th: retry later")]
    [InlineData("cost $5: paid")]
    [InlineData("the word0rd: x")]
    [InlineData("parola: ciao")]
    public void NeighboursOfThoseKeysStay(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("Kennwort", true)]
    [InlineData("passw0rd", true)]
    [InlineData("пароль", true)]
    [InlineData("keyword", false)]
    public void TheJsonWalkReadsTheSameKeys(string key, bool secret)
    {
        Assert.Equal(secret, SecretRedactor.IsSecretKey(key));
    }
}
