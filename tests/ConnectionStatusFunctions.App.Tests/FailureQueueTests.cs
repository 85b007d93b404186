using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.App.Api;
using ConnectionStatusFunctions.App.Triggers;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.App.Tests;

/// <summary>The queue trigger, delivered the way the Functions host delivers it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FailureQueueTests(Azurite azurite) : IDisposable
{
    private readonly StatusApplication _app = new(azurite.ConnectionString);

    public void Dispose() => _app.Dispose();

    private static string ReportJson(string account, string status = "error", string? message = "Shopee API 500", DateTimeOffset? at = null) => JsonSerializer.Serialize(new
    {
        tenantId = "tenant-q",
        channelAccountId = account,
        status,
        checkedAt = (at ?? DateTimeOffset.UtcNow.AddMinutes(-1)).ToString("O"),
        errorCategory = status == "error" ? "unknown" : null,
        errorMessage = status == "error" ? message : null,
        channel = "shopee",
    });

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The payload the host posts for a queue trigger: the message under its binding name.</summary>
    private static object Invocation(object item, object? dequeueCount = null) => new
    {
        Data = new Dictionary<string, object> { [HostInvocations.QueueBinding] = item },
        Metadata = new Dictionary<string, object>
        {
            ["DequeueCount"] = dequeueCount ?? 1,
            ["Id"] = Guid.NewGuid().ToString(),
            ["InsertionTime"] = DateTimeOffset.UtcNow,
            ["sys"] = new { MethodName = HostInvocations.AbsorbFunction, UtcNow = DateTimeOffset.UtcNow },
        },
    };

    private async Task<ConnectionView?> GetAsync(string account)
    {
        var response = await _app.ClientWithKey(SupportKey).GetAsync($"/api/tenants/tenant-q/connections/{account}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<ConnectionView>(Json) : null;
    }

    private async Task<List<JsonElement>> PoisonMessagesAsync()
    {
        var poison = new QueueClient(_app.ConnectionString, _app.PoisonQueue);
        if (!await poison.ExistsAsync())
        {
            return [];
        }

        return (await poison.PeekMessagesAsync(32)).Value.Select(m => JsonDocument.Parse(m.MessageText).RootElement.Clone()).ToList();
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("base64")]
    [InlineData("object")]
    [InlineData("serialized-twice")]
    public async Task HostDeliveredReportIsAppliedWithSourceQueue(string encoding)
    {
        var json = ReportJson("acct-" + encoding);
        object item = encoding switch
        {
            "plain" => json,
            "base64" => Base64(json),
            "object" => JsonDocument.Parse(json).RootElement,
            _ => JsonSerializer.Serialize(json),
        };

        var response = await _app.CreateClient().PostAsJsonAsync("/" + HostInvocations.AbsorbFunction, Invocation(item));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.TryGetProperty("Outputs", out _));
        Assert.Contains("applied", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        var view = await GetAsync("acct-" + encoding);
        Assert.Equal((ConnectionStatus.Error, ReportSource.Queue, Channel.Shopee), (view!.Status, view.LastSource, view.Channel));
    }

    [Fact]
    public async Task InvalidReportGoesToThePoisonQueueWithTheReasonAndNoSecret()
    {
        const string secret = "sk_live_51HxQzLkJd8s7FvR2mN4pQ9tY";
        var invalid = ReportJson("acct-bad").Replace("\"unknown\"", "\"timeout\"").Replace("Shopee API 500", $"500 with api_key={secret}");

        var response = await _app.CreateClient().PostAsJsonAsync("/" + HostInvocations.AbsorbFunction, Invocation(invalid));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // handled: retrying cannot fix it
        var poisoned = Assert.Single(await PoisonMessagesAsync());
        Assert.Equal("The report is invalid.", poisoned.GetProperty("reason").GetString());
        Assert.True(poisoned.GetProperty("errors").TryGetProperty("errorCategory", out _));
        Assert.DoesNotContain(secret, poisoned.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("acct-bad", poisoned.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(await GetAsync("acct-bad"));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"tenantId\":\"tenant-q\",\"channelAccountId\":\"x\",\"status\":\"connected\",\"checkedAt\":\"2026-01-01T00:00:00Z\",\"extra\":1}")]
    [InlineData("{\"tenantId\":\"bad/tenant\",\"channelAccountId\":\"x\",\"status\":\"connected\",\"checkedAt\":\"2026-01-01T00:00:00Z\"}")]
    public async Task MalformedMessagesArePoisonedAndChangeNothing(string message)
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/" + HostInvocations.AbsorbFunction, Invocation(message));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await PoisonMessagesAsync());
        Assert.Null(await GetAsync("x"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData("2")]
    public async Task StorageOutageFailsTheInvocationSoTheHostRetries(object dequeueCount)
    {
        using var app = new StatusApplication(azurite.ConnectionString, services =>
        {
            services.RemoveAll<TableServiceClient>();
            var tables = new Mock<TableServiceClient>();
            var table = new Mock<TableClient>();
            table.Setup(t => t.GetEntityIfExistsAsync<App.Storage.ConnectionEntity>(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
                .ThrowsAsync(new RequestFailedException(503, "Server busy"));
            tables.Setup(t => t.GetTableClient(It.IsAny<string>())).Returns(table.Object);
            services.AddSingleton(tables.Object);
        });

        var response = await app.CreateClient().PostAsJsonAsync("/" + HostInvocations.AbsorbFunction, Invocation(ReportJson("acct-outage"), dequeueCount));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("delivery 2", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        var poison = new QueueClient(app.ConnectionString, app.PoisonQueue);
        Assert.False(await poison.ExistsAsync()); // the host, not the app, poisons after maxDequeueCount
    }

    [Fact]
    public async Task InvocationWithoutTheBindingIsAFailure()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/" + HostInvocations.AbsorbFunction, new { Data = new { other = "x" }, Metadata = new { } });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task HostInvocationEndpointsAreNotMappedInStandaloneMode()
    {
        using var standalone = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Triggers:HostInvocations"] = "false" });

        var response = await standalone.CreateClient().PostAsJsonAsync("/" + HostInvocations.AbsorbFunction, Invocation(ReportJson("acct-x")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
