using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// Queued messages whose secret hides in their encoding (UTF-16 or UTF-32 text) or across two of their fields: each is
/// poisoned at its first delivery, and its poison record holds the message readable but never the secret.
/// </summary>
public sealed class EncodedPoisonRecordTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private const string Secret = "Hx7pQ2mN9aBc";
    private readonly StatusApplication _app = new(azurite.ConnectionString);

    public void Dispose() => _app.Dispose();

    public static TheoryData<string> WideEncodings() =>
        ["utf-16le with mark", "utf-16be with mark", "utf-16le", "utf-16be", "utf-32le with mark", "utf-32be with mark", "utf-32le", "utf-32be"];

    private static byte[] Encoded(string text, string encoding)
    {
        Encoding chosen = encoding switch
        {
            "utf-16le" or "utf-16le with mark" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
            "utf-16be" or "utf-16be with mark" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
            "utf-32le" or "utf-32le with mark" => new UTF32Encoding(bigEndian: false, byteOrderMark: true),
            _ => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
        };
        var body = chosen.GetBytes(text);
        return encoding.EndsWith("with mark", StringComparison.Ordinal) ? [.. chosen.GetPreamble(), .. body] : body;
    }

    private async Task<string> PoisonedMessageAsync(string message)
    {
        Assert.Equal(QueuedReportOutcome.Poisoned, await _app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(message, 1, CancellationToken.None));

        var record = Assert.Single(await new QueueClient(_app.ConnectionString, _app.PoisonRecords).DistinctRecordsAsync());
        AssertNoFragmentOfTheSecret(record);
        return JsonDocument.Parse(record).RootElement.GetProperty("message").GetString()!;
    }

    private static void AssertNoFragmentOfTheSecret(string text)
    {
        // Also once the spaces and NULs a wide encoding read as bytes leaves between letters are gone.
        Assert.Null(SecretFragments.FirstIn(text, Secret, joined: true));
    }

    [Theory]
    [MemberData(nameof(WideEncodings))]
    public async Task AMessageInUtf16OrUtf32IsReadAsTextAndItsSecretRedacted(string encoding)
    {
        var json = $"{{\"tenantId\":\"tenant-w\",\"channelAccountId\":\"wide\",\"password\":\"{Secret}\",\"errorMessage\":\"LINE แจ้งว่า token Bearer {Secret}\"}}";

        var shown = JsonDocument.Parse(await PoisonedMessageAsync(Convert.ToBase64String(Encoded(json, encoding)))).RootElement;

        Assert.Equal("tenant-w", shown.GetProperty("tenantId").GetString());
        Assert.Equal("[REDACTED]", shown.GetProperty("password").GetString());
        Assert.Equal("LINE แจ้งว่า token Bearer [REDACTED]", shown.GetProperty("errorMessage").GetString());
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("LINE rejected Basic:")]
    public async Task ATokenInTheFieldAfterASchemeIsRedacted(string scheme)
    {
        var message = JsonSerializer.Serialize(new { tenantId = "tenant-w", errorMessage = scheme, detail = Secret });

        var shown = JsonDocument.Parse(await PoisonedMessageAsync(message)).RootElement;

        Assert.Equal(scheme, shown.GetProperty("errorMessage").GetString());
        Assert.Equal("[REDACTED]", shown.GetProperty("detail").GetString());
    }
}
