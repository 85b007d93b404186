using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A secret named in one place and held in another: a JSON object's name and value properties, an HTML input of type
/// password. The value goes; a value whose name is no secret, or that is a state, stays.
/// </summary>
public class SecretRedactorNamedValueTests
{
    private const string Secret = "Qx7pLm2Zk9wT";

    [Theory]
    [InlineData("upstream body {\"name\":\"password\",\"value\":\"" + Secret + "\"} rejected", "upstream body {\"name\":\"password\",\"value\":\"[REDACTED]\"} rejected")]
    [InlineData("settings [{\"Key\":\"ApiSecret\",\"Value\":\"" + Secret + "\"}] (500)", "settings [{\"Key\":\"ApiSecret\",\"Value\":\"[REDACTED]\"}] (500)")]
    [InlineData("AWS ValidationError: [{\"ParameterKey\":\"DbPassword\",\"ParameterValue\":\"" + Secret + "\"}]", "AWS ValidationError: [{\"ParameterKey\":\"DbPassword\",\"ParameterValue\":\"[REDACTED]\"}]")]
    [InlineData("body {\"name\": \"partner_key\", \"value\": \"" + Secret + "\"} 400", "body {\"name\": \"partner_key\", \"value\": \"[REDACTED]\"} 400")]
    [InlineData("login page returned <input type=\"password\" value=\"" + Secret + "\"> (200)", "login page returned <input type=\"password\" value=\"[REDACTED]\"> (200)")]
    public void AValueNamedAsASecretElsewhereIsHidden(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Theory]
    [InlineData("upstream body {\"name\":\"shop\",\"value\":\"shopee-th-000123\"} rejected")]
    [InlineData("AWS ValidationError: [{\"ParameterKey\":\"InstanceType\",\"ParameterValue\":\"t3.micro\"}]")]
    [InlineData("settings [{\"Key\":\"Region\",\"Value\":\"ap-southeast-1\"}] (500)")]
    [InlineData("body {\"name\":\"password\",\"value\":\"required\"} 400")]
    [InlineData("form <input type=\"text\" value=\"acme shop 09:00\"> <input type=\"password\" value=\"\"> (200)")]
    [InlineData("ฟอร์ม {\"name\":\"รหัสร้าน\",\"value\":\"shopee-th-000123\"} ไม่ถูกต้อง")]
    public void AValueNamedAsAnythingElseStays(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}
