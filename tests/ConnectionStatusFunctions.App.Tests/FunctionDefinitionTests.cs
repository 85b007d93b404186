using ConnectionStatusFunctions.Testing;
using System.Text.Json;
using ConnectionStatusFunctions.App.Triggers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.App.Tests;

/// <summary>host.json and every function.json agree with the app, so the two cannot drift.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionDefinitionTests(Azurite azurite)
{
    private static readonly string Root = RepositoryRoot();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json")) && Directory.Exists(Path.Combine(dir.FullName, "functions")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("host.json not found above the test's folder.");
    }

    private static Dictionary<string, JsonElement[]> Bindings() => Directory.GetDirectories(Path.Combine(Root, "functions"))
        .ToDictionary(d => Path.GetFileName(d)!, d => JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "function.json"))).RootElement.GetProperty("bindings").EnumerateArray().ToArray());

    /// <summary>Each function's trigger binding.</summary>
    private static Dictionary<string, JsonElement> Functions() => Bindings().ToDictionary(f => f.Key, f => f.Value[0]);

    private static JsonElement Host() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "host.json"))).RootElement;

    private List<(string Method, string Route)> AppApiRoutes()
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        _ = app.CreateClient();
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (m, e.RoutePattern.RawText!.TrimEnd('/'))))
            .ToList();
    }

    [Fact]
    public void EveryHttpFunctionMatchesAnAppEndpointAndEveryApiEndpointHasAFunction()
    {
        var prefix = Host().GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        var declared = Functions().Values
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m => (m.GetString()!.ToUpperInvariant(), $"/{prefix}/{b.GetProperty("route").GetString()}")))
            .OrderBy(r => r.Item2).ThenBy(r => r.Item1)
            .ToList();

        var mapped = AppApiRoutes().OrderBy(r => r.Route).ThenBy(r => r.Method).ToList();

        Assert.Equal(mapped, declared);
    }

    [Fact]
    public void HttpFunctionsAreAnonymousPassThroughsSoTheAppChecksKeys()
    {
        var http = Bindings().Where(f => f.Value[0].GetProperty("type").GetString() == "httpTrigger").ToList();
        Assert.NotEmpty(http);
        foreach (var (name, bindings) in http)
        {
            Assert.True(bindings[0].GetProperty("authLevel").GetString() == "anonymous", name);
            // The host passes a request through only to a function with exactly these two bindings.
            var shape = bindings.Select(b => (b.GetProperty("type").GetString(), b.GetProperty("direction").GetString())).ToArray();
            Assert.True(shape.SequenceEqual([("httpTrigger", "in"), ("http", "out")]), name);
        }

        var customHandler = Host().GetProperty("customHandler");
        Assert.True(customHandler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.False(customHandler.TryGetProperty("enableForwardingHttpRequest", out _), "one pass-through setting, the documented one");
    }

    [Fact]
    public void TimerAndQueueFunctionsHaveOnlyTheirTrigger()
    {
        // The app answers them with no Outputs, so an output binding would never be written.
        Assert.Single(Bindings()[HostInvocations.ProbeFunction]);
        Assert.Single(Bindings()[HostInvocations.AbsorbFunction]);
    }

    [Fact]
    public void TimerAndQueueFunctionsMatchTheAppsInvocationEndpointsAndSettings()
    {
        var functions = Functions();
        var timer = functions[HostInvocations.ProbeFunction];
        var queue = functions[HostInvocations.AbsorbFunction];

        Assert.Equal(("timerTrigger", HostInvocations.TimerBinding), (timer.GetProperty("type").GetString(), timer.GetProperty("name").GetString()));
        Assert.Equal($"%{ProbeOptions.ScheduleSetting}%", timer.GetProperty("schedule").GetString());
        Assert.Equal(("queueTrigger", HostInvocations.QueueBinding), (queue.GetProperty("type").GetString(), queue.GetProperty("name").GetString()));
        Assert.Equal($"%{FailureQueueOptions.NameSetting}%", queue.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", queue.GetProperty("connection").GetString());
    }

    [Fact]
    public void HostQueueSettingsMatchTheStandaloneListener()
    {
        var queues = Host().GetProperty("extensions").GetProperty("queues");
        var standalone = new FailureQueueOptions();

        Assert.Equal(standalone.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(standalone.VisibilityTimeout, TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(standalone.BatchSize, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(standalone.MaxPollingInterval, TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        // The app decodes base64 itself, so plain-JSON messages from the Azure SDK are not poisoned by the host.
        Assert.Equal("none", queues.GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public void TheScheduleAndQueueNameComeFromTheSettingsTheHostReads()
    {
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            [ProbeOptions.ScheduleSetting] = "*/7 * * * * *",
            ["Probes:Schedule"] = "0 0 * * * *",
            ["FailureQueue:Name"] = "some-other-queue",
        });
        _ = app.CreateClient();

        Assert.Equal("*/7 * * * * *", app.Services.GetRequiredService<IOptions<ProbeOptions>>().Value.Schedule);
        Assert.Equal(app.FailureQueue, app.Services.GetRequiredService<IOptions<FailureQueueOptions>>().Value.Name);
    }

    [Fact]
    public void SampleSettingsNameEverySettingTheFunctionsRead()
    {
        var values = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "local.settings.sample.json"))).RootElement.GetProperty("Values");

        Assert.Equal("Custom", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal(new ProbeOptions().Schedule, values.GetProperty(ProbeOptions.ScheduleSetting).GetString());
        Assert.Equal(new FailureQueueOptions().Name, values.GetProperty(FailureQueueOptions.NameSetting).GetString());
        Assert.True(values.TryGetProperty("AzureWebJobsStorage", out _));
    }
}
