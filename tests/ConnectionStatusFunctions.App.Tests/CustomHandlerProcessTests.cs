using ConnectionStatusFunctions.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
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
    private Process? _app;
    private HttpClient _host = null!;

    private string FailureQueue => "handler-" + _suffix;

    public async Task InitializeAsync()
    {
        var appDir = AppBuildFolder();
        var port = AzuriteProcess.FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = appDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(appDir, "ConnectionStatusFunctions.App.dll"));
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString();
        start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["FailureQueueName"] = FailureQueue;
        start.Environment["Storage__ConnectionsTable"] = "handler" + _suffix;
        start.Environment["Storage__TenantsTable"] = "handlertenants" + _suffix;
        start.Environment["Storage__ChannelHealthTable"] = "handlerchannels" + _suffix;
        _app = Process.Start(start)!;
        _app.OutputDataReceived += (_, _) => { };
        _app.ErrorDataReceived += (_, _) => { };
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();
        _host = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        // The host gives a custom handler 60 seconds to listen.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await _host.GetAsync("/api/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.False(_app.HasExited, "the handler exited during start-up");
            Assert.True(DateTime.UtcNow < deadline, "the handler did not listen within 60 s");
            await Task.Delay(200);
        }
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        if (_app is { HasExited: false })
        {
            _app.Kill(entireProcessTree: true);
            _app.WaitForExit(10_000);
        }

        _app?.Dispose();
        return Task.CompletedTask;
    }

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

    private static string AppBuildFolder()
    {
        // tests/ConnectionStatusFunctions.App.Tests/bin/<Configuration>/net10.0/ -> src/ConnectionStatusFunctions.App/bin/<Configuration>/net10.0/
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testDir.Name;
        var configuration = testDir.Parent!.Name;
        var root = testDir.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var folder = Path.Combine(root, "src", "ConnectionStatusFunctions.App", "bin", configuration, framework);
        Assert.True(File.Exists(Path.Combine(folder, "ConnectionStatusFunctions.App.dll")), $"the app is not built at {folder}");
        return folder;
    }
}
