using System.Text.Json;
using ConnectionStatusFunctions.Service.Queues;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>A poison record hides a secret named by a key however the key is written: short, look-alike, or in escaped markup.</summary>
public class PoisonRecordKeyTests
{
    private const string Secret = "Qx7pLm2Zk9wT";

    [Theory]
    [InlineData("{\"tenantId\":\"t1\",\"pin\":\"" + Secret + "\"}")]
    [InlineData("{\"tenantId\":\"t1\",\"\\u0440\\u0430ssword\":\"" + Secret + "\"}")]
    [InlineData("{\"tenantId\":\"t1\",\"cookies\":\"sid=" + Secret + "\"}")]
    [InlineData("{\"tenantId\":\"t1\",\"errorMessage\":\"SOAP &lt;password&gt;" + Secret + "&lt;/password&gt;\"}")]
    [InlineData("SOAP &lt;password&gt;" + Secret + "&lt;/password&gt;")]
    [InlineData("{\"tenantId\":\"t1\",\"errorMessage\":\"config <add key=\\\"DbPassword\\\" value=\\\"" + Secret + "\\\"/>\"}")]
    public void APoisonRecordHidesASecretNamedByAKey(string message)
    {
        var record = QueueMessageText.PoisonRecord(message, "why", null, 5, DateTimeOffset.UnixEpoch);

        var shown = JsonDocument.Parse(record).RootElement.GetProperty("message").GetString()!;
        Assert.DoesNotContain(Secret[..8], shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret[4..], shown, StringComparison.Ordinal);
        Assert.Contains(ConnectionStatusFunctions.Core.SecretRedactor.Marker, shown, StringComparison.Ordinal);
    }

    // A Thai or Vietnamese key keeps its words in the record; only its value goes.
    [Theory]
    [InlineData("โทเค็นของร้าน: ", "โทเค็นของร้าน: [REDACTED]")]
    [InlineData("Mật khẩu của bạn là: ", "Mật khẩu của bạn là: [REDACTED]")]
    public void APoisonRecordKeepsALocalKeyAndHidesItsValue(string key, string expected)
    {
        var message = "{\"tenantId\":\"t1\",\"errorMessage\":\"" + key + Secret + "\"}";

        var record = QueueMessageText.PoisonRecord(message, "why", null, 5, DateTimeOffset.UnixEpoch);

        var shown = JsonDocument.Parse(record).RootElement.GetProperty("message").GetString()!;
        var errorMessage = JsonDocument.Parse(shown).RootElement.GetProperty("errorMessage").GetString();
        Assert.Equal(expected, errorMessage);
    }
}
