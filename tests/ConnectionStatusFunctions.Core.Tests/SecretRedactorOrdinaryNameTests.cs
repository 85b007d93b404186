using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.SecretRedactorSchemeTests;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>Names a program makes from words, which mix letters, digits and cases as secrets do, beside the secrets they resemble.</summary>
public class SecretRedactorOrdinaryNameTests
{
    [Theory]
    [InlineData("PuTTY-User-Key-File-3 format is not supported, convert the key with puttygen")]
    [InlineData("Unsupported key format: expected -----BEGIN PRIVATE KEY-----")]
    [InlineData("Blob path shopee/orders/2026/11/30/5f3c2b1a-orders.json not found")]
    [InlineData("pod connector-7f9c4d8b6-x2k9p OOMKilled, restarting (line-webhook-5d8f9c7b4-q7w2e ready)")]
    public void NamesMadeFromWordsStayAsWritten(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));

    [Theory]
    [InlineData("rejected {0} as unknown", "k7q2m9x4-p1z8w3n6b5-x2k9p")]
    [InlineData("rejected {0} as unknown", "Qzmxvb-Wpjrtn-Lhgfds-Kqzv-3")]
    [InlineData("key -----BEGIN PRIVATE KEY----- {0}", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")]
    public void SecretsShapedLikeThoseNamesAreStillRedacted(string format, string secret)
    {
        var redacted = SecretRedactor.Redact(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, secret));

        AssertNoFragment(secret, redacted);
    }
}
