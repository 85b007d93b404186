using System.Globalization;
using System.Text.Json;
using ConnectionStatusFunctions.Functions.Triggers;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Deletion;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectionStatusFunctions.Functions.Tests;

/// <summary>
/// The functions.metadata the Worker SDK generates at build time (what the Functions host reads)
/// against the standalone host's endpoints and settings, binding by binding. No storage needed.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly string BuildFolder = RepositoryPaths.BuildFolder("ConnectionStatusFunctions.Functions");

    private static readonly Dictionary<string, JsonElement[]> Functions = JsonDocument.Parse(File.ReadAllText(Path.Combine(BuildFolder, "functions.metadata"))).RootElement
        .EnumerateArray()
        .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("bindings").EnumerateArray().ToArray());

    private static JsonElement HostJson(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "host.json"))).RootElement;

    private static IEnumerable<(string Name, JsonElement[] Bindings)> HttpFunctions() =>
        Functions.Where(f => f.Value[0].GetProperty("type").GetString() == "httpTrigger").Select(f => (f.Key, f.Value));

    /// <summary>The HTTP functions of the route table: every one but the catch-all for requests none of them serves.</summary>
    private static IEnumerable<(string Name, JsonElement[] Bindings)> RouteFunctions() =>
        HttpFunctions().Where(f => f.Name != UnmatchedRequests.FunctionName);

    [Fact]
    public void EveryHttpFunctionIsAStandaloneEndpointAndEveryEndpointAFunction()
    {
        var prefix = HostJson(RepositoryPaths.Root).GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        var declared = RouteFunctions()
            .SelectMany(f => f.Bindings[0].GetProperty("methods").EnumerateArray().Select(m => $"{f.Name} {m.GetString()!.ToUpperInvariant()} /{(prefix is "" ? "" : prefix + "/")}{f.Bindings[0].GetProperty("route").GetString()}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        // No request is sent, so the storage account is never reached.
        using var standalone = new StatusApplication("UseDevelopmentStorage=true");
        _ = standalone.Server;
        var mapped = standalone.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName} {m} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(mapped, declared);
        Assert.Equal(StatusRoutes.All.Sum(r => r.Methods.Count), declared.Count);
        Assert.Contains($"{StatusRoutes.AppHealthName} HEAD /{StatusRoutes.AppHealthTemplate}", declared);
    }

    [Fact]
    public void ThePageAndTheApiHaveTheSamePathsInBothHosts()
    {
        // An empty prefix puts the page at /status in the Functions host too; the API's templates carry their own "api/".
        Assert.Equal(string.Empty, HostJson(RepositoryPaths.Root).GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        foreach (var route in StatusRoutes.Api)
        {
            Assert.StartsWith(StatusRoutes.Prefix + "/", route.Template, StringComparison.Ordinal);
            Assert.Equal(route.Template, Functions[route.Name][0].GetProperty("route").GetString());
        }

        foreach (var route in StatusRoutes.Pages)
        {
            Assert.True(route.IsPage && route.Policy is null, route.Name);
            Assert.Equal(route.Template, Functions[route.Name][0].GetProperty("route").GetString());
        }

        Assert.NotNull(StatusRoutes.StatusPage.Match("/status"));
        Assert.NotNull(StatusRoutes.StatusPageAsset.Match("/status/status.js"));
        Assert.NotNull(StatusRoutes.SiteRoot.Match("/"));
    }

    [Fact]
    public void HttpFunctionsAreAnonymousReturnTheirResultAndAreKnownToTheAccessCheck()
    {
        Assert.NotEmpty(HttpFunctions());
        foreach (var (name, bindings) in HttpFunctions())
        {
            // The host lets every request through; the shared access check decides, by the function's name.
            Assert.True(bindings[0].GetProperty("authLevel").GetString() == "Anonymous", name);
            Assert.True(StatusRoutes.Find(name) is not null || name == UnmatchedRequests.FunctionName, name);
            var output = Assert.Single(bindings, b => b.GetProperty("direction").GetString() == "Out");
            Assert.Equal(("$return", "http"), (output.GetProperty("name").GetString(), output.GetProperty("type").GetString()));
        }
    }

    [Fact]
    public void ACatchAllFunctionTakesEveryMethodOnTheLowestPrecedenceRoute()
    {
        var trigger = Functions[UnmatchedRequests.FunctionName][0];

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        // No methods listed: the host lets every method through, HEAD and OPTIONS included.
        Assert.True(!trigger.TryGetProperty("methods", out var methods) || methods.ValueKind == JsonValueKind.Null, methods.ToString());
        var catchAll = TemplateParser.Parse(trigger.GetProperty("route").GetString()!);
        Assert.True(catchAll.Parameters is [{ IsCatchAll: true }]);
        // ASP.NET Core routing's precedence, which the host's router follows: a larger number is tried later.
        foreach (var (name, bindings) in RouteFunctions())
        {
            var route = TemplateParser.Parse(bindings[0].GetProperty("route").GetString()!);
            Assert.True(RoutePrecedence.ComputeInbound(route) < RoutePrecedence.ComputeInbound(catchAll), name);
        }
    }

    [Fact]
    public void TheTimerRunsOnTheSharedScheduleSetting()
    {
        var timer = Assert.Single(Functions[nameof(ProbeConnections)]);

        Assert.Equal("timerTrigger", timer.GetProperty("type").GetString());
        Assert.Equal($"%{ProbeOptions.ScheduleSetting}%", timer.GetProperty("schedule").GetString());
    }

    [Theory]
    [InlineData(nameof(AbsorbFailureReport), FailureQueueOptions.NameSetting)]
    [InlineData(nameof(ProbeTenant), ProbeQueueOptions.NameSetting)]
    [InlineData(nameof(DispatchEvents), DispatchQueueOptions.NameSetting)]
    [InlineData(nameof(DeleteTenantRows), TenantDeletionQueueOptions.NameSetting)]
    public void EachQueueTriggerReadsItsSharedQueueSettingOnTheAppsStorage(string function, string setting)
    {
        var queue = Assert.Single(Functions[function]);

        Assert.Equal("queueTrigger", queue.GetProperty("type").GetString());
        Assert.Equal($"%{setting}%", queue.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", queue.GetProperty("connection").GetString());
    }

    [Fact]
    public void TheFunctionsAreExactlyTheRoutesTheTimerAndTheFourQueues()
    {
        var triggers = Functions.Where(f => f.Value[0].GetProperty("type").GetString() != "httpTrigger").Select(f => f.Key).Order(StringComparer.Ordinal);

        Assert.Equal([nameof(AbsorbFailureReport), nameof(DeleteTenantRows), nameof(DispatchEvents), nameof(ProbeConnections), nameof(ProbeTenant)], triggers);
    }

    [Fact]
    public void HostQueueSettingsOutlastTheStatedStorageOutageAndPollAsTheStandaloneListener()
    {
        var root = HostJson(RepositoryPaths.Root);
        var queues = root.GetProperty("extensions").GetProperty("queues");
        // The host counts every failed delivery, outage or not (docs/azure-functions.md): a message
        // is poisoned only when each of its deliveries, visibilityTimeout apart, failed, so they
        // must span more than the outage both hosts promise to outlast.
        var deliveries = queues.GetProperty("maxDequeueCount").GetInt32();
        var apart = TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, CultureInfo.InvariantCulture);
        Assert.True((deliveries - 1) * apart > QueueDelivery.StorageOutageAllowance, $"{deliveries} deliveries {apart} apart");
        // The queue functions poison on what they take for the last delivery: were it later than
        // the host's, the host would move the message raw first; were it earlier, they would poison
        // a message the host would still retry.
        Assert.Equal(QueueDelivery.HostMaxDequeueCount, deliveries);
        // host.json applies to every queue trigger alike; both standalone listeners poll as it does.
        foreach (var standalone in new QueueOptions[] { new FailureQueueOptions(), new ProbeQueueOptions(), new DispatchQueueOptions(), new TenantDeletionQueueOptions() })
        {
            Assert.Equal(standalone.BatchSize, queues.GetProperty("batchSize").GetInt32());
            Assert.Equal(standalone.MaxPollingInterval, TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, CultureInfo.InvariantCulture));
        }

        // A probe request must finish its budget before the standalone listener would let another process take it.
        Assert.True(new ProbeOptions().TimeBudget < new ProbeQueueOptions().VisibilityTimeout);
        // The absorber reads plain and base64 JSON itself, so plain messages from the Azure SDK are not poisoned by the host's decoding.
        Assert.Equal("none", queues.GetProperty("messageEncoding").GetString());
        // The repository's host.json is the one in the build output, beside functions.metadata and worker.config.json.
        Assert.Equal(root.GetRawText(), HostJson(BuildFolder).GetRawText());
        Assert.True(File.Exists(Path.Combine(BuildFolder, "worker.config.json")));
    }

    [Theory]
    // Every storage request of the host's queue listeners and timer lock, through the Azure SDK's log forwarder.
    [InlineData("Azure.Core", false)]
    [InlineData("Azure.Storage.Queues", false)]
    [InlineData("Azure.Storage.Blobs", false)]
    [InlineData("Azure.Identity", false)]
    // The probe timer fires every minute whether or not there is anything to probe.
    [InlineData("Function.ProbeConnections", false)]
    [InlineData("Function.ProbeConnections.User", false)]
    // What a person reads: start-up, and invocations that did something (a report, a probe request, an HTTP call).
    [InlineData("Host.Startup", true)]
    [InlineData("Function.AbsorbFailureReport", true)]
    [InlineData("Function.ProbeTenant", true)]
    [InlineData("Function.DispatchEvents", true)]
    [InlineData("Function.DeleteTenantRows", true)]
    [InlineData("Function.ReportConnectionStatus", true)]
    public void AnIdleAppLogsNothingPerPollAtHostJsonsLevels(string category, bool information)
    {
        // The host reads host.json's "logging" section with the filter rules of Microsoft.Extensions.Logging: the longest matching category prefix wins.
        using var host = new MemoryStream(File.ReadAllBytes(Path.Combine(BuildFolder, "host.json")));
        var configuration = new ConfigurationBuilder().AddJsonStream(host).Build();
        using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("logging")).AddProvider(new EveryLevel()));
        var logger = loggers.CreateLogger(category);

        Assert.Equal(information, logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning), category);
    }

    [Fact]
    public void SampleSettingsAreTheIsolatedWorkersAndNameEverySettingTheTriggersRead()
    {
        var values = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json"))).RootElement.GetProperty("Values");

        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.Equal(new ProbeOptions().Schedule, values.GetProperty(ProbeOptions.ScheduleSetting).GetString());
        Assert.Equal(new FailureQueueOptions().Name, values.GetProperty(FailureQueueOptions.NameSetting).GetString());
        Assert.Equal(new ProbeQueueOptions().Name, values.GetProperty(ProbeQueueOptions.NameSetting).GetString());
        Assert.Equal(new DispatchQueueOptions().Name, values.GetProperty(DispatchQueueOptions.NameSetting).GetString());
        Assert.Equal(new TenantDeletionQueueOptions().Name, values.GetProperty(TenantDeletionQueueOptions.NameSetting).GetString());
        Assert.Equal(new EventOptions().QueueName, values.GetProperty(EventOptions.QueueNameSetting).GetString());
        Assert.Equal("true", values.GetProperty("AzureWebJobsDisableHomepage").GetString());
    }

    /// <summary>A provider whose loggers take every level, so that only host.json's filter rules decide.</summary>
    private sealed class EveryLevel : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
