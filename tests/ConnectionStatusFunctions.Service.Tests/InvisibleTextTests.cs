using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Text that shows nothing is refused where it would be a name, and Thai text keeps every mark, by PATCH and by queue.</summary>
public sealed class InvisibleTextTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private const string Tenant = "tenant-i";
    private readonly StatusApplication _app = new(azurite.ConnectionString);

    public void Dispose() => _app.Dispose();

    private static string CheckedAt => DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

    private QueuedReportHandler Absorber => _app.Services.GetRequiredService<QueuedReportHandler>();

    private async Task<HttpResponseMessage> GetAsync(string account) =>
        await _app.ClientWithKey(SupportKey).GetAsync($"/api/tenants/{Tenant}/connections/{account}");

    [Theory]
    [InlineData("\u3164\u3164")]      // Hangul fillers
    [InlineData("\u2800\u2800")]      // Braille blanks
    [InlineData("\u115F\u034F")]      // Hangul choseong filler and a combining grapheme joiner
    [InlineData("\u0E49\u0E48")]      // Thai tone marks with no consonant under them
    public async Task ABlankLookingDisplayNameIsA400ProblemNamingTheFieldAndChangesNothing(string name)
    {
        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), Tenant, "blank", new { status = "connected", checkedAt = CheckedAt, displayName = name });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = problem.GetProperty("errors").GetProperty("displayName")[0].GetString();
        Assert.Contains("visible", error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("blank")).StatusCode);
    }

    [Fact]
    public async Task AQueuedReportWithABlankLookingDisplayNameIsPoisonedWithTheFieldNamed()
    {
        var message = JsonSerializer.Serialize(new { tenantId = Tenant, channelAccountId = "blank-q", status = "connected", checkedAt = CheckedAt, displayName = "\u3164\u2800\u034F" });

        Assert.Equal(QueuedReportOutcome.Poisoned, await Absorber.HandleAsync(message, 1, CancellationToken.None));

        var record = Assert.Single(await new QueueClient(_app.ConnectionString, _app.PoisonRecords).DistinctRecordsAsync());
        var errors = JsonDocument.Parse(record).RootElement.GetProperty("errors");
        Assert.Equal(["displayName"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("blank-q")).StatusCode);
    }

    [Fact]
    public async Task ThaiNamesAndMessagesKeepTheirVowelsAndToneMarksByPatchAndByQueue()
    {
        const string name = "ร้านน้ำชา ดีใจ LINE OA";
        const string message = "ส่งข้อความไม่สำเร็จ: บัญชีของร้านค้าถูกตัดการเชื่อมต่อ กรุณาเชื่อมต่อใหม่ (401)";
        var report = new { status = "error", checkedAt = CheckedAt, errorCategory = "auth_error", errorMessage = message, displayName = name };
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(_app.ClientWithKey(ConnectorKey), Tenant, "thai-patch", report)).StatusCode);
        var queued = JsonSerializer.Serialize(new { tenantId = Tenant, channelAccountId = "thai-queue", report.status, report.checkedAt, report.errorCategory, report.errorMessage, report.displayName });
        Assert.Equal(QueuedReportOutcome.Applied, await Absorber.HandleAsync(queued, 1, CancellationToken.None));

        foreach (var account in new[] { "thai-patch", "thai-queue" })
        {
            var view = await (await GetAsync(account)).Content.ReadFromJsonAsync<ConnectionView>(ApiJson);
            Assert.Equal(name, view!.DisplayName);
            Assert.Equal(message, view.ErrorSummary);
        }
    }
}
