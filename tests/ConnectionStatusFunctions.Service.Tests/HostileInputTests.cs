using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Input meant to confuse, and storage that is gone: each ends in a clear problem and changes nothing.</summary>
public sealed class HostileInputTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private const string JwtAsName = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    private readonly StatusApplication _app = new(azurite.ConnectionString);

    public void Dispose() => _app.Dispose();

    private static string CheckedAt => DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

    private async Task<(HttpStatusCode Status, string Body)> PatchRawAsync(string account, string json)
    {
        var response = await _app.ClientWithKey(ConnectorKey).PatchAsync($"/api/tenants/tenant-h/connections/{account}", new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpStatusCode> GetStatusAsync(string account) =>
        (await _app.ClientWithKey(SupportKey).GetAsync($"/api/tenants/tenant-h/connections/{account}")).StatusCode;

    [Theory]
    [InlineData("{\"status\":\"connected\",\"status\":\"error\",\"checkedAt\":\"{at}\"}")]
    [InlineData("{\"status\":\"connected\",\"checkedAt\":\"{at}\",\"checkedAt\":\"{at}\"}")]
    public async Task RepeatedFieldsAreRejected(string template)
    {
        var (status, body) = await PatchRawAsync("dup", template.Replace("{at}", CheckedAt, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("repeated", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, await GetStatusAsync("dup"));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData(JwtAsName)]
    public async Task AnUnknownFieldIsRejectedWithoutEchoingItsName(string name)
    {
        var json = $"{{\"status\":\"connected\",\"checkedAt\":\"{CheckedAt}\",{JsonSerializer.Serialize(name)}:1}}";

        var (status, body) = await PatchRawAsync("unknown", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.DoesNotContain(name, body, StringComparison.Ordinal);
        Assert.DoesNotContain("script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ConnectionStatusFunctions", body, StringComparison.Ordinal); // no .NET type names either
    }

    [Fact]
    public async Task AQueuedMessageWithARepeatedTenantIsPoisonedAndChangesNothing()
    {
        var message = $"{{\"tenantId\":\"tenant-h\",\"channelAccountId\":\"q\",\"tenantId\":\"tenant-other\",\"status\":\"connected\",\"checkedAt\":\"{CheckedAt}\"}}";

        var outcome = await _app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(message, 1, CancellationToken.None);

        Assert.Equal(QueuedReportOutcome.Poisoned, outcome);
        Assert.Equal(HttpStatusCode.NotFound, await GetStatusAsync("q"));
    }

    [Fact]
    public async Task APlainTextMessageIsPoisonedWithAReasonThatQuotesNothing()
    {
        const string token = "EAAGm0PX4ZCpsBAO8ZBZCZBtr5cZD";
        var outcome = await _app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync($"token={token}", 1, CancellationToken.None);

        Assert.Equal(QueuedReportOutcome.Poisoned, outcome);
        var poisoned = (await new QueueClient(_app.ConnectionString, _app.PoisonRecords).PeekMessagesAsync(1)).Value.Single();
        var reason = JsonDocument.Parse(poisoned.MessageText).RootElement.GetProperty("reason").GetString()!;
        Assert.StartsWith("It is not a JSON report", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(token[..8], poisoned.MessageText, StringComparison.Ordinal);
    }

    private async Task<string> PoisonedRecordAsync()
    {
        var messages = (await new QueueClient(_app.ConnectionString, _app.PoisonRecords).PeekMessagesAsync(32)).Value;
        return Assert.Single(messages).MessageText;
    }

    private static void AssertNoFragmentOf(string secret, string text)
    {
        Assert.Null(SecretFragments.FirstIn(text, secret));
    }

    [Theory]
    [InlineData("\\/")]      // JSON's escaped solidus
    [InlineData("\\u002B")]  // '+' written as a unicode escape
    [InlineData("\\u200B")]  // a zero-width space inside the token
    public async Task JsonEscapesDoNotLetASecretThroughToThePoisonRecords(string escape)
    {
        const string secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEYq";
        var split = secret[..13] + escape + secret[13..26] + escape + secret[26..];
        // Invalid (errorCategory), so poisoned at once, with the message redacted.
        var message = $"{{\"tenantId\":\"tenant-h\",\"channelAccountId\":\"esc\",\"status\":\"error\",\"checkedAt\":\"{CheckedAt}\",\"errorCategory\":\"timeout\",\"errorMessage\":\"S3 said 403 for {split}\"}}";

        Assert.Equal(QueuedReportOutcome.Poisoned, await _app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(message, 1, CancellationToken.None));

        var record = await PoisonedRecordAsync();
        var shown = JsonDocument.Parse(record).RootElement.GetProperty("message").GetString()!;
        AssertNoFragmentOf(secret, record);
        AssertNoFragmentOf(secret, shown);
        AssertNoFragmentOf(secret, System.Text.RegularExpressions.Regex.Unescape(shown));
        Assert.Contains("S3 said 403", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageWhosePoisonRecordWouldOutgrowTheQueueLimitIsStillPoisoned()
    {
        // 60,000 '<' escape to six characters each in JSON: far past the queue's 64 KiB if kept whole.
        var message = $"{{\"tenantId\":\"tenant-h\",\"channelAccountId\":\"big\",\"status\":\"connected\",\"checkedAt\":\"{CheckedAt}\",\"displayName\":\"{new string('<', 60_000)}\"}}";

        Assert.Equal(QueuedReportOutcome.Poisoned, await _app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(message, 1, CancellationToken.None));

        var record = await PoisonedRecordAsync();
        Assert.True(Encoding.UTF8.GetByteCount(record) <= QueueMessageText.MaxPoisonRecordBytes);
        Assert.Equal("The report is invalid.", JsonDocument.Parse(record).RootElement.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, await GetStatusAsync("big"));
    }

    [Fact]
    public void ARecordOfAHugeNonJsonMessageFitsTheQueueToo()
    {
        var record = QueueMessageText.PoisonRecord(new string('&', QueuedReportHandler.MaxMessageLength), "why", null, 5, DateTimeOffset.UtcNow);

        Assert.True(Encoding.UTF8.GetByteCount(record) <= QueueMessageText.MaxPoisonRecordBytes);
        Assert.Equal("why", JsonDocument.Parse(record).RootElement.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyOverTheLimitIs413WhetherItsLengthIsDeclaredOrNot(bool declared)
    {
        var json = $"{{\"status\":\"connected\",\"checkedAt\":\"{CheckedAt}\",\"displayName\":\"{new string('a', 70_000)}\"}}";
        HttpContent content = declared
            ? new StringContent(json, Encoding.UTF8, "application/json")
            : new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (!declared)
        {
            content.Headers.ContentLength = null;
        }

        var response = await _app.ClientWithKey(ConnectorKey).PatchAsync("/api/tenants/tenant-h/connections/huge", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, await GetStatusAsync("huge"));
    }

    [Fact]
    public async Task ABodyOverTheLimitIsThe413ProblemWhateverTheAcceptHeader()
    {
        var json = $"{{\"status\":\"connected\",\"checkedAt\":\"{CheckedAt}\",\"displayName\":\"{new string('a', 70_000)}\"}}";

        await ProblemsWhateverAccept.AssertAnsweredAlikeAsync(
            _app.ClientWithKey(ConnectorKey),
            () => new HttpRequestMessage(HttpMethod.Patch, "/api/tenants/tenant-h/connections/huge") { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData(null, "/api/tenants/tenant-h/connections", HttpStatusCode.Unauthorized)]
    [InlineData(SupportKey, "/api/tenants/tenant-h/connections/nobody", HttpStatusCode.NotFound)]
    [InlineData(SupportKey, "/api/tenants/tenant-h/connections?pageSize=0", HttpStatusCode.BadRequest)]
    public async Task ARoutesOwnProblemIsAnsweredAlikeWhateverTheAcceptHeader(string? key, string path, HttpStatusCode expected)
    {
        await ProblemsWhateverAccept.AssertAnsweredAlikeAsync(_app.ClientWithKey(key), () => new HttpRequestMessage(HttpMethod.Get, path), expected);
    }

    [Fact]
    public async Task EveryApiAnswerIsUncachedAndUnsniffed()
    {
        foreach (var response in new[]
        {
            await _app.ClientWithKey(SupportKey).GetAsync("/api/tenants/tenant-h/connections"),
            await _app.ClientWithKey(null).GetAsync("/api/tenants/tenant-h/connections"),
            await _app.ClientWithKey(SupportKey).GetAsync("/api/tenants/tenant-h/connections?pageSize=0"),
            await _app.ClientWithKey(null).GetAsync("/api/healthz"),
        })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri} {response.StatusCode}");
            Assert.Contains("X-Api-Key", response.Headers.Vary);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task WhenStorageRefusesConnectionsEveryRouteAnswers503WithRetryAfter()
    {
        // Nothing listens on these ports: the SDK fails the way it does against a storage account that is down.
        var down = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{AzuriteProcess.FreePort()}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{AzuriteProcess.FreePort()}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{AzuriteProcess.FreePort()}/devstoreaccount1;";
        using var app = new StatusApplication(down);
        var support = app.ClientWithKey(SupportKey);

        foreach (var response in new[]
        {
            await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-h", "down", new { status = "connected", checkedAt = CheckedAt }),
            await support.GetAsync("/api/tenants/tenant-h/connections"),
            await support.GetAsync("/api/tenants/tenant-h/connections/down"),
            await support.GetAsync("/api/tenants/tenant-h/connection-summary"),
            await support.GetAsync("/api/channels/health"),
            await support.GetAsync("/api/healthz"),
        })
        {
            var what = response.RequestMessage!.RequestUri!.PathAndQuery;
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(503, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
            Assert.True(response.Headers.RetryAfter is not null, what);
        }
    }
}
