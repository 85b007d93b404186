using System.Text;
using System.Text.Json;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Queues;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// A poison record hides the value of a compound key whose qualifier names a secret (Shopee's partner_key, Lazada's
/// encrypt_key, a session key, WeChat's EncodingAESKey), as JSON and as base64 of JSON, and keeps an app id's.
/// </summary>
public class PoisonRecordQualifiedKeyTests
{
    private const string Secret = "Qx7pLm2Zk9wT";

    [Theory]
    [InlineData("partner_key")]
    [InlineData("partnerKey")]
    [InlineData("SHOPEE_PARTNER_KEY")]
    [InlineData("encrypt_key")]
    [InlineData("session_key")]
    [InlineData("EncodingAESKey")]
    [InlineData("Ocp-Apim-Subscription-Key")]
    public void APoisonRecordHidesTheValueOfAQualifiedKey(string key)
    {
        var json = "{\"tenantId\":\"t1\",\"app_key\":\"123456\",\"" + key + "\":\"" + Secret + "\"}";

        foreach (var message in new[] { json, Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) })
        {
            var record = QueueMessageText.PoisonRecord(message, "why", null, 5, DateTimeOffset.UnixEpoch);

            var shown = JsonDocument.Parse(record).RootElement.GetProperty("message").GetString()!;
            Assert.DoesNotContain(Secret[..8], shown, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret[4..], shown, StringComparison.Ordinal);
            Assert.Contains(SecretRedactor.Marker, shown, StringComparison.Ordinal);
            Assert.Contains("123456", shown, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{\"tenantId\":\"t1\",\"params\":[{\"name\":\"password\",\"value\":\"" + Secret + "\"}],\"shop\":\"123456\"}")]
    [InlineData("{\"tenantId\":\"t1\",\"settings\":[{\"Key\":\"ApiSecret\",\"Value\":\"" + Secret + "\"}],\"shop\":\"123456\"}")]
    [InlineData("{\"tenantId\":\"t1\",\"p\":[{\"ParameterKey\":\"DbPassword\",\"ParameterValue\":\"" + Secret + "\"}],\"shop\":\"123456\"}")]
    [InlineData("{\"tenantId\":\"t1\",\"password\":true,\"value\":\"" + Secret + "\",\"shop\":\"123456\"}")]
    public void APoisonRecordHidesAValueNamedAsASecretByAnotherProperty(string message)
    {
        var record = QueueMessageText.PoisonRecord(message, "why", null, 5, DateTimeOffset.UnixEpoch);

        var shown = JsonDocument.Parse(record).RootElement.GetProperty("message").GetString()!;
        Assert.DoesNotContain(Secret[..8], shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret[4..], shown, StringComparison.Ordinal);
        Assert.Contains("123456", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void APoisonRecordKeepsAValueNamedAsAnythingElse()
    {
        var record = QueueMessageText.PoisonRecord(
            "{\"tenantId\":\"t1\",\"params\":[{\"name\":\"region\",\"value\":\"ap-southeast-1\"}]}", "why", null, 5, DateTimeOffset.UnixEpoch);

        var shown = JsonDocument.Parse(record).RootElement.GetProperty("message").GetString()!;
        Assert.Contains("ap-southeast-1", shown, StringComparison.Ordinal);
    }
}
