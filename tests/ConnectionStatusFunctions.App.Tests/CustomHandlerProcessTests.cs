using ConnectionStatusFunctions.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.App.Triggers;

namespace ConnectionStatusFunctions.App.Tests;

/// <summary>
/// The built app started the way the Functions host starts a custom handler: its own process, the
/// port in FUNCTIONS_CUSTOMHANDLER_PORT, the environment in AZURE_FUNCTIONS_ENVIRONMENT. The test
/// then plays the host: it forwards HTTP requests and posts trigger invocations.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CustomHandlerProcessTests(Azurite azurite) : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];
    private AppProcess _app = null!;
    private HttpClient _host = null!;

    private string FailureQueue => "handler-" + _suffix;

    public async Task InitializeAsync()
    {
        _app = await AppProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["FailureQueueName"] = FailureQueue,
                ["Storage__ConnectionsTable"] = "handler" + _suffix,
                ["Storage__TenantsTable"] = "handlertenants" + _suffix,
                ["Storage__ChannelHealthTable"] = "handlerchannels" + _suffix,
            },
            asCustomHandler: true);
        _host = _app.Client;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task HostForwardedRequestsAndQueueInvocationsReachTheHandler()
    {
        var message = JsonSerializer.Serialize(new
        {
            tenantId = "tenant-h",
            channelAccountId = "ig-1",
            status = "error",
            checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
            errorCategory = "webhook_error",
            channel = "instagram",
        });
        var invocation = new
        {
            Data = new Dictionary<string, object> { [HostInvocations.QueueBinding] = Convert.ToBase64String(Encoding.UTF8.GetBytes(message)) },
            Metadata = new Dictionary<string, object> { ["DequeueCount"] = 1 },
        };

        var absorbed = await _host.PostAsJsonAsync("/" + HostInvocations.AbsorbFunction, invocation);
        Assert.Equal(HttpStatusCode.OK, absorbed.StatusCode);

        // The forwarded public request keeps its /api path and the caller's key.
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/tenants/tenant-h/connections");
        list.Headers.Add("X-Api-Key", "dev-support-key");
        var listed = await (await _host.SendAsync(list)).Content.ReadFromJsonAsync<JsonElement>();
        var item = listed.GetProperty("items")[0];
        Assert.Equal(("ig-1", "webhook_error", "queue"), (item.GetProperty("channelAccountId").GetString(), item.GetProperty("errorCategory").GetString(), item.GetProperty("lastSource").GetString()));

        var timer = new { Data = new Dictionary<string, object> { [HostInvocations.TimerBinding] = new { IsPastDue = false } }, Metadata = new { } };
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsJsonAsync("/" + HostInvocations.ProbeFunction, timer)).StatusCode);
    }

    [Fact]
    public async Task UnderTheHostTheAppLeavesTheQueueToTheHost()
    {
        var queue = new QueueClient(azurite.ConnectionString, FailureQueue);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("{}");

        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
