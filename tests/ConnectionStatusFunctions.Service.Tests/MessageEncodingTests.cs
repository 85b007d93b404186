using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>What ordinary senders write (a byte-order mark, base64, any charset spelling), and escapes no text can hold: applied or poisoned at once, never lost.</summary>
public sealed class MessageEncodingTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];
    private readonly StatusApplication _app = new(azurite.ConnectionString);

    public void Dispose() => _app.Dispose();

    private static string CheckedAt => DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

    private QueuedReportHandler Absorber => _app.Services.GetRequiredService<QueuedReportHandler>();

    private static string Report(string account, string status = "error") =>
        $"{{\"tenantId\":\"tenant-enc\",\"channelAccountId\":\"{account}\",\"status\":\"{status}\",\"checkedAt\":\"{CheckedAt}\",\"errorCategory\":\"auth_error\",\"errorMessage\":\"401, token=EAAGm0PX4ZCpsBAO8ZBZCZBtr5cZDq9\",\"channel\":\"line\"}}";

    private static string WithByteOrderMark(string json) => "\uFEFF" + json;

    private static string Base64WithByteOrderMark(string json) => Convert.ToBase64String([.. ByteOrderMark, .. Encoding.UTF8.GetBytes(json)]);

    private async Task<ConnectionView?> ViewAsync(string account)
    {
        var response = await _app.ClientWithKey(SupportKey).GetAsync($"/api/tenants/tenant-enc/connections/{account}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<ConnectionView>(ApiJson) : null;
    }

    private async Task<JsonElement> SinglePoisonRecordAsync(string queueName)
    {
        var messages = (await new QueueClient(_app.ConnectionString, queueName).PeekMessagesAsync(32)).Value;
        return JsonDocument.Parse(Assert.Single(messages).MessageText).RootElement.Clone();
    }

    [Theory]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("application/json; charset=UTF-8", true)]
    [InlineData("application/json; charset=Utf-8", false)]
    [InlineData("application/json", true)]
    public async Task APatchBodyWithAByteOrderMarkIsApplied(string contentType, bool byteOrderMark)
    {
        var json = $"{{\"status\":\"connected\",\"checkedAt\":\"{CheckedAt}\",\"channel\":\"line\"}}";
        var content = new ByteArrayContent(byteOrderMark ? [.. ByteOrderMark, .. Encoding.UTF8.GetBytes(json)] : Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var response = await _app.ClientWithKey(ConnectorKey).PatchAsync("/api/tenants/tenant-enc/connections/bom-patch", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ConnectionStatus.Connected, (await ViewAsync("bom-patch"))!.Status);
    }

    [Fact]
    public async Task APlainQueueMessageWithAByteOrderMarkIsApplied()
    {
        Assert.Equal(QueuedReportOutcome.Applied, await Absorber.HandleAsync(WithByteOrderMark(Report("bom-plain")), 1, CancellationToken.None));

        Assert.Equal(ErrorCategory.AuthError, (await ViewAsync("bom-plain"))!.ErrorCategory);
    }

    [Fact]
    public async Task ABase64QueueMessageWithAByteOrderMarkIsApplied()
    {
        Assert.Equal(QueuedReportOutcome.Applied, await Absorber.HandleAsync(Base64WithByteOrderMark(Report("bom-base64")), 1, CancellationToken.None));

        Assert.Equal(ErrorCategory.AuthError, (await ViewAsync("bom-base64"))!.ErrorCategory);
    }

    [Fact]
    public async Task ThePoisonRecordOfABase64MessageWithAByteOrderMarkCanBeFixedAndReplayed()
    {
        var invalid = Report("bom-replay", status: "exploded");
        Assert.Equal(QueuedReportOutcome.Poisoned, await Absorber.HandleAsync(Base64WithByteOrderMark(invalid), 1, CancellationToken.None));

        var shown = (await SinglePoisonRecordAsync(_app.PoisonRecords)).GetProperty("message").GetString()!;
        Assert.DoesNotContain("EAAGm0PX4ZCpsBAO", shown, StringComparison.Ordinal);
        var fixedReport = JsonSerializer.Deserialize<Dictionary<string, string>>(shown)!;
        Assert.Equal(("tenant-enc", "bom-replay", "exploded"), (fixedReport["tenantId"], fixedReport["channelAccountId"], fixedReport["status"]));
        fixedReport["status"] = "error";

        Assert.Equal(QueuedReportOutcome.Applied, await Absorber.HandleAsync(JsonSerializer.Serialize(fixedReport), 1, CancellationToken.None));
        var view = await ViewAsync("bom-replay");
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.AuthError), (view!.Status, view.ErrorCategory));
    }

    [Fact]
    public void APoisonRecordKeepsTheTextAroundBytesThatAreNotUtf8AndSaysHowManyWereLeftOut()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"tenantId\":\"tenant-enc\",\"status\":\"caf").Concat(new byte[] { 0xE9, 0xFF }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        var record = QueueMessageText.PoisonRecord(Convert.ToBase64String(bytes), "why", null, 1, DateTimeOffset.UtcNow);

        var shown = JsonDocument.Parse(record).RootElement.GetProperty("message").GetString()!;
        Assert.Equal("{\"tenantId\":\"tenant-enc\",\"status\":\"caf[2 bytes that are not UTF-8 left out]\"}", shown);
    }

    [Fact]
    public void APoisonRecordKeepsTheTextAfterLeadingBytesThatAreNotUtf8()
    {
        var bytes = new byte[] { 0xFF }.Concat(Encoding.UTF8.GetBytes("{\"tenantId\":\"tenant-enc\",\"status\":\"error\",\"errorMessage\":\"token=Qz7pLm2Zk9wT4xLp2Rb8\"}")).ToArray();

        var record = QueueMessageText.PoisonRecord(Convert.ToBase64String(bytes), "why", null, 1, DateTimeOffset.UtcNow);

        var shown = JsonDocument.Parse(record).RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith("[1 bytes that are not UTF-8 left out]{\"tenantId\":\"tenant-enc\",\"status\":\"error\"", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Qz7pLm2Zk9", shown, StringComparison.Ordinal);
    }

    public static TheoryData<string> LoneSurrogateReports => new()
    {
        $"{{\"tenantId\":\"tenant-enc\",\"channelAccountId\":\"lone\",\"status\":\"error\",\"checkedAt\":\"2026-01-01T00:00:00Z\",\"errorCategory\":\"unknown\",\"errorMessage\":\"x\\uD800y\"}}",
        $"{{\"tenantId\":\"tenant-enc\",\"channelAccountId\":\"lone\",\"status\":\"error\",\"checkedAt\":\"2026-01-01T00:00:00Z\",\"errorMessage\":\"x\\uDC00\"}}",
        "{\"tenantId\":\"tenant-enc\",\"channelAccountId\":\"lone\",\"x\\uD800y\":\"connected\"}",
    };

    [Theory]
    [MemberData(nameof(LoneSurrogateReports))]
    public async Task AFailureReportWithAnEscapedLoneSurrogateIsPoisonedAtItsFirstDelivery(string message)
    {
        Assert.Equal(QueuedReportOutcome.Poisoned, await Absorber.HandleAsync(message, 1, CancellationToken.None));

        var record = await SinglePoisonRecordAsync(_app.PoisonRecords);
        Assert.Equal(1, record.GetProperty("dequeueCount").GetInt64());
        Assert.Contains("x" + QueueMessageText.LoneSurrogateNote(message.Contains("uD800", StringComparison.Ordinal) ? '\uD800' : '\uDC00'), TextOf(record.GetProperty("message").GetString()!), StringComparison.Ordinal);
        Assert.Null(await ViewAsync("lone"));
    }

    [Theory]
    [InlineData("{\"tenantId\":\"x\\uD800y\",\"from\":null,\"to\":null,\"round\":\"2026-11-24T09:00:00+00:00\"}")]
    [InlineData("{\"tenantId\":\"acme\",\"x\\uDBFF\":1,\"round\":\"2026-11-24T09:00:00+00:00\"}")]
    public async Task AProbeRequestWithAnEscapedLoneSurrogateIsPoisonedAtItsFirstDelivery(string message)
    {
        var summary = await _app.Services.GetRequiredService<ProbeWorker>().HandleAsync(message, 1, CancellationToken.None);

        Assert.Equal(ProbeRequestOutcome.Poisoned, summary.Outcome);
        var record = await SinglePoisonRecordAsync(_app.ProbePoisonRecords);
        Assert.Contains("x" + QueueMessageText.LoneSurrogateNote(message.Contains("uD800", StringComparison.Ordinal) ? '\uD800' : '\uDBFF'), TextOf(record.GetProperty("message").GetString()!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplayedRecordOfAReportWhoseIdHeldALoneSurrogateIsRefusedNotAppliedToTheIdWithoutIt()
    {
        // Dropped from the record, the surrogate would leave "q8", another and valid account, which a replay would change.
        var message = $"{{\"tenantId\":\"tenant-enc\",\"channelAccountId\":\"q8\\uDC00\",\"status\":\"connected\",\"checkedAt\":\"{CheckedAt}\"}}";
        Assert.Equal(QueuedReportOutcome.Poisoned, await Absorber.HandleAsync(message, 1, CancellationToken.None));
        var shown = (await SinglePoisonRecordAsync(_app.PoisonRecords)).GetProperty("message").GetString()!;

        Assert.Equal("q8" + QueueMessageText.LoneSurrogateNote('\uDC00'), JsonDocument.Parse(shown).RootElement.GetProperty("channelAccountId").GetString());
        Assert.Equal(QueuedReportOutcome.Poisoned, await Absorber.HandleAsync(shown, 1, CancellationToken.None));
        Assert.Null(await ViewAsync("q8"));
    }

    public static TheoryData<string, string, string> LoneSurrogatesAnywhere() => new()
    {
        // message, the JSON property whose value (or, with a name of "*name*", which name) is read, and the text expected there
        { "{\"tenantId\":\"q8\\uD800\"}", "tenantId", "q8" + QueueMessageText.LoneSurrogateNote('\uD800') },
        { "{\"tenantId\":\"q8\\uDC00\",\"channelAccountId\":\"a\"}", "tenantId", "q8" + QueueMessageText.LoneSurrogateNote('\uDC00') },
        { "{\"tenantId\":\"t\",\"errorMessage\":\"x\\uD800y\"}", "errorMessage", "x" + QueueMessageText.LoneSurrogateNote('\uD800') + "y" },
        { "{\"tenantId\":\"t\",\"hold\":\"\\uDBFF\"}", "hold", QueueMessageText.LoneSurrogateNote('\uDBFF') },
        { "{\"\\uD800tenantId\":\"t\"}", "*name*", QueueMessageText.LoneSurrogateNote('\uD800') + "tenantId" },
        // Characters a reader skips, which the redactor takes out of a word: kept where no secret was found.
        { "{\"tenantId\":\"q8\uFFFD\"}", "tenantId", "q8\uFFFD" },
        { "{\"tenantId\":\"t\",\"channelAccountId\":\"q8\u0301\"}", "channelAccountId", "q8\u0301" },
        { "{\"status\\uFFFC\":\"connected\"}", "*name*", "status\uFFFC" },
        { Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"tenantId\":\"q8\\uDFFF\"}")), "tenantId", "q8" + QueueMessageText.LoneSurrogateNote('\uDFFF') },
    };

    [Fact]
    public void APoisonRecordMarksARawLoneSurrogateAsAnEscapedOne()
    {
        // Raw, as no queue can carry it but a caller of PoisonRecord can pass it (and theory data would not keep it).
        var record = QueueMessageText.PoisonRecord("{\"tenantId\":\"q8\uD800\"}", "why", null, 1, DateTimeOffset.UtcNow);

        var shown = JsonDocument.Parse(JsonDocument.Parse(record).RootElement.GetProperty("message").GetString()!).RootElement;
        Assert.Equal("q8" + QueueMessageText.LoneSurrogateNote('\uD800'), shown.GetProperty("tenantId").GetString());
    }

    [Theory]
    [MemberData(nameof(LoneSurrogatesAnywhere))]
    public void APoisonRecordMarksALoneSurrogateTheSameWayWhereverItIs(string message, string property, string expected)
    {
        var record = QueueMessageText.PoisonRecord(message, "why", null, 1, DateTimeOffset.UtcNow);

        var shown = JsonDocument.Parse(JsonDocument.Parse(record).RootElement.GetProperty("message").GetString()!).RootElement;
        var text = property == "*name*" ? shown.EnumerateObject().Single().Name : shown.GetProperty(property).GetString()!;
        Assert.Equal(expected, text);
        Assert.False(Identifier.IsValid(text), text);
    }

    /// <summary>Every property name and string value of a JSON document, its escapes decoded.</summary>
    public static TheoryData<string, string> SecretsUnderSecretKeys() => new()
    {
        { "{\"tenantId\":\"tenant-enc\",\"password\":\"hunter2xyz\"}", "hunter2xyz" },
        { "{\"tenantId\":\"tenant-enc\",\"apiKey\":\"Qz7pLm2Zk9\"}", "Qz7pLm2Zk9" },
        { "{\"tenantId\":\"tenant-enc\",\"password\":84726193}", "84726193" },
        { "{\"tenantId\":\"tenant-enc\",\"pin\":1,\"api_key\":true}", "true" },
        { "{\"tenantId\":\"tenant-enc\",\"auth\":{\"user\":\"bob\",\"pass\":\"hunter2xyz\"}}", "hunter2xyz" },
        { "{\"tenantId\":\"tenant-enc\",\"auth\":{\"user\":\"bob\",\"pass\":\"hunter2xyz\"}}", "bob" },
        { "{\"tenantId\":\"tenant-enc\",\"secrets\":[\"hunter2xyz\",{\"k\":\"Qz7pLm2Zk9\"}]}", "Qz7pLm2Zk9" },
        { "{\"tenantId\":\"tenant-enc\",\"secrets\":[\"hunter2xyz\"]}", "hunter2xyz" },
    };

    [Theory]
    [MemberData(nameof(SecretsUnderSecretKeys))]
    public async Task APoisonRecordHidesEveryValueUnderAKeyThatNamesASecret(string message, string secret)
    {
        Assert.Equal(QueuedReportOutcome.Poisoned, await Absorber.HandleAsync(message, 1, CancellationToken.None));

        var record = await SinglePoisonRecordAsync(_app.PoisonRecords);
        var shown = record.GetProperty("message").GetString()!;
        Assert.DoesNotContain(secret, record.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Marker, shown, StringComparison.Ordinal);
        Assert.Contains("tenant-enc", shown, StringComparison.Ordinal);
    }

    private static string TextOf(string json)
    {
        var text = new StringBuilder();
        Collect(JsonDocument.Parse(json).RootElement);
        return text.ToString();

        void Collect(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        text.Append(property.Name).Append(' ');
                        Collect(property.Value);
                    }

                    break;
                case JsonValueKind.String:
                    text.Append(element.GetString()).Append(' ');
                    break;
            }
        }
    }

    [Fact]
    public void APoisonRecordCanBeBuiltFromTextWithUnpairedSurrogates()
    {
        var record = QueueMessageText.PoisonRecord("not json \uD800 nor \uDC00 either", "why", null, 3, DateTimeOffset.UtcNow);

        Assert.Equal($"not json {QueueMessageText.LoneSurrogateNote('\uD800')} nor {QueueMessageText.LoneSurrogateNote('\uDC00')} either", JsonDocument.Parse(record).RootElement.GetProperty("message").GetString());
    }
}
