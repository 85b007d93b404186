using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A password may hold '&amp;', ';' and ',': after any key of the password family and any of its separators, the value
/// runs over them unless a space or the next key follows, or the key is a URL query's or a connection string's.
/// </summary>
public class SecretRedactorPasswordSeparatorTests
{
    [Theory]
    [InlineData("password: Tr0ub4dor&3xyz", "password: [REDACTED]")]
    [InlineData("password=Tr0ub4dor&3xyz", "password=[REDACTED]")]
    [InlineData("password is p@ss&w0rd!", "password is [REDACTED]")]
    [InlineData("password was p@ss;w0rd! (535)", "password was [REDACTED] (535)")]
    [InlineData("password=abc;def", "password=[REDACTED]")]
    [InlineData("password: Tr0ub4dor,3xyz", "password: [REDACTED]")]
    [InlineData("login failed, passwd=Tr0ub4dor&3xyz&9k (535)", "login failed, passwd=[REDACTED] (535)")]
    [InlineData("pwd: Tr0ub4dor;3xyz", "pwd: [REDACTED]")]
    [InlineData("smtp_password = Tr0ub4dor,3xyz", "smtp_password = [REDACTED]")]
    [InlineData("passphrase: Tr0ub4dor&3xyz", "passphrase: [REDACTED]")]
    [InlineData("pass: Tr0ub4dor&3xyz", "pass: [REDACTED]")]
    [InlineData("the new password is Tr0ub4dor,3xyz", "the new password is [REDACTED]")]
    [InlineData("{\"password\": Tr0ub4dor&3xyz}", "{\"password\": [REDACTED]}")]
    public void APasswordsTailAfterAnAmpersandASemicolonOrACommaIsRedacted(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Theory]
    [InlineData("GET /x?password=a&b=1", "GET /x?password=[REDACTED]&b=1")]
    [InlineData("GET /login?user=acme&password=Tr0ub4dor&lang", "GET /login?user=acme&password=[REDACTED]&lang")]
    [InlineData("Server=x;Password=y;Database=z", "Server=x;Password=[REDACTED];Database=z")]
    [InlineData("Server=x;Password=Tr0ub4dor;Encrypt", "Server=x;Password=[REDACTED];Encrypt")]
    [InlineData("password=Tr0ub4dor;Initial Catalog=orders", "password=[REDACTED];Initial Catalog=orders")]
    [InlineData("password=Tr0ub4dor&user=bob failed", "password=[REDACTED]&user=bob failed")]
    [InlineData("password=Tr0ub4dor, retrying in 5 s", "password=[REDACTED], retrying in 5 s")]
    [InlineData("password: Tr0ub4dor; see the runbook", "password: [REDACTED]; see the runbook")]
    [InlineData("password is Tr0ub4dor, please rotate", "password is [REDACTED], please rotate")]
    [InlineData("password is Tr0ub4dor&user=bob", "password is [REDACTED]&user=bob")]
    [InlineData("IMAP ログイン失敗 password：Tr0ub4dor；再試行します", "IMAP ログイン失敗 password:[REDACTED];再試行します")]
    public void TheNextParameterKeyOrClauseAfterAPasswordStays(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Theory]
    [InlineData("password expired, please reset")]
    [InlineData("password is too short; use 12 characters")]
    [InlineData("password: reset by the administrator, retrying")]
    public void ProseAfterAPasswordKeyStays(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}
