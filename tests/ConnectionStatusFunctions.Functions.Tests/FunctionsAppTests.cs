using ConnectionStatusFunctions.Functions.Middleware;
using ConnectionStatusFunctions.Functions.Triggers;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Functions.Tests;

/// <summary>The Functions app's container and middleware, with no storage behind them.</summary>
public sealed class FunctionsAppTests
{
    private static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(new StatusApplication("UseDevelopmentStorage=true").Settings);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static (string, string?)[] DevelopmentKey =>
    [
        ("ApiKeys:Keys:9:Name", "dev-support"),
        ("ApiKeys:Keys:9:Sha256", ApiKeyOptions.HashOf("dev-support-key")),
        ("ApiKeys:Keys:9:Role", Roles.Support),
        ("ApiKeys:Keys:9:Tenants:0", "*"),
    ];

    [Fact]
    public void TheWorkerQuietsTheCategoriesTheStandaloneHostsSettingsQuietAndAnAppSettingStillWins()
    {
        // Per request (ASP.NET Core's hosting and routing) or per storage call: the worker has no
        // appsettings.json, and at its default Information it would log what the standalone host does not.
        var standalone = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "src", "ConnectionStatusFunctions.Standalone", "appsettings.json"))
            .Build()
            .GetSection("Logging:LogLevel")
            .GetChildren()
            .Where(level => level.Key != "Default")
            .ToList();
        Assert.NotEmpty(standalone);
        Assert.DoesNotContain(Directory.GetFiles(RepositoryPaths.BuildFolder("ConnectionStatusFunctions.Functions")), f => Path.GetFileName(f).StartsWith("appsettings", StringComparison.Ordinal));
        using var harness = new FunctionsHarness(Settings());
        var loggers = harness.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>();

        foreach (var level in standalone)
        {
            var quietest = Enum.Parse<Microsoft.Extensions.Logging.LogLevel>(level.Value!);
            var logger = loggers.CreateLogger(level.Key + ".Any");
            Assert.True(logger.IsEnabled(quietest), $"{level.Key} logs no {quietest}");
            Assert.False(quietest > Microsoft.Extensions.Logging.LogLevel.Trace && logger.IsEnabled(quietest - 1), $"{level.Key} logs below {quietest} in the worker");
        }

        Assert.True(loggers.CreateLogger(typeof(ProblemMapping).FullName!).IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information));
        using var told = new FunctionsHarness(Settings(("Logging:LogLevel:Microsoft.AspNetCore", "Information")));
        Assert.True(told.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information));
    }

    [Fact]
    public void TheWorkerRefusesTheDevelopmentKeysWhenTheEnvironmentVariablesDisagree()
    {
        // The worker takes its environment from the DOTNET_ENVIRONMENT variable of its process; here
        // both variables reach it as settings, and the shared rule reads them from there.
        using var harness = new FunctionsHarness(Settings([("DOTNET_ENVIRONMENT", "Development"), ("ASPNETCORE_ENVIRONMENT", "Production"), .. DevelopmentKey]));

        var failure = Assert.ThrowsAny<Exception>(() => harness.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("DOTNET_ENVIRONMENT=Development and ASPNETCORE_ENVIRONMENT=Production disagree", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWorkerRefusesTheDevelopmentKeysWhenTheFunctionsEnvironmentSaysProduction()
    {
        // The Functions host also hands the worker AZURE_FUNCTIONS_ENVIRONMENT; Production there
        // outweighs a DOTNET_ENVIRONMENT left at Development.
        using var harness = new FunctionsHarness(Settings([("AZURE_FUNCTIONS_ENVIRONMENT", "Production"), ("DOTNET_ENVIRONMENT", "Development"), .. DevelopmentKey]));

        var failure = Assert.ThrowsAny<Exception>(() => harness.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("AZURE_FUNCTIONS_ENVIRONMENT=Production and DOTNET_ENVIRONMENT=Development disagree", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSampleSettingsSetOneVariableAndStayDevelopment()
    {
        var values = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json"))).RootElement.GetProperty("Values");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.EnumerateObject().Select(v => KeyValuePair.Create(v.Name.Replace("__", ":", StringComparison.Ordinal), v.Value.GetString())))
            .Build();
        var environment = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = configuration[AppEnvironment.DotNetVariable]! };

        Assert.True(AppEnvironment.Of(environment, configuration).IsDevelopment);
    }

    [Fact]
    public void TheWorkerTrustsTheFrontEndsForwardedForEntryUnlessConfiguredOtherwise()
    {
        using var harness = new FunctionsHarness(Settings());
        using var configured = new FunctionsHarness(Settings(("RateLimits:TrustedProxyHops", "0")));

        Assert.Equal(RateLimitOptions.FunctionsFrontEndHops, harness.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.TrustedProxyHops);
        Assert.Equal(0, configured.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.TrustedProxyHops);
    }

    [Fact]
    public void TheContainerBuildsAndValidatesWithEveryFunctionAndMiddleware()
    {
        using var harness = new FunctionsHarness(Settings());
        var classes = typeof(ConnectionFunctions).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), inherit: false).Length > 0)
                || typeof(Microsoft.Azure.Functions.Worker.Middleware.IFunctionsWorkerMiddleware).IsAssignableFrom(t))
            .ToList();

        harness.Services.GetRequiredService<IStartupValidator>().Validate();

        // The worker creates each of these per invocation from the container: a missing dependency throws here.
        var created = classes.Select(t => ActivatorUtilities.CreateInstance(harness.Services, t).GetType().Name).Order(StringComparer.Ordinal).ToList();
        Assert.Superset(
            new HashSet<string>([nameof(ConnectionFunctions), nameof(HealthFunctions), nameof(ProbeConnections), nameof(AbsorbFailureReport), nameof(AccessMiddleware), nameof(ProblemMiddleware)]),
            created.ToHashSet());
    }

    [Fact]
    public void WithApplicationInsightsConfiguredTheContainerStillBuildsAndValidates()
    {
        using var harness = new FunctionsHarness(Settings(("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/")));

        harness.Services.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(harness.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
    }

    [Fact]
    public void TheFunctionsAppRunsNoStandaloneLoops()
    {
        using var harness = new FunctionsHarness(Settings());

        var hosted = harness.Registrations
            .Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService))
            .Select(d => d.ImplementationType ?? d.ImplementationFactory?.Method.DeclaringType)
            .ToList();

        Assert.NotEmpty(hosted); // the worker's own
        // The service's start-up tasks (the environment warning; creating the failure-report, events, dispatch and tenant deletion queues) are its only hosted services: no in-process hand-off loop.
        Assert.Equal(
            [typeof(Service.Security.EnvironmentDisagreementWarning), typeof(Service.Intake.FailureQueueCreation), typeof(Service.Events.EventQueuesCreation), typeof(Service.Deletion.TenantDeletionQueueCreation)],
            hosted.Where(type => type?.Assembly.GetName().Name?.StartsWith("ConnectionStatusFunctions", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void AnInvalidSettingStopsStartUpNamingIt()
    {
        using var harness = new FunctionsHarness(Settings(("Probes:Concurrency", "0"), ("Storage:ConnectionsTable", "no_underscores")));

        var error = Assert.ThrowsAny<Exception>(() => harness.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Probes:Concurrency", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:ConnectionsTable", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("httpTrigger", true)]
    [InlineData("timerTrigger", false)]
    [InlineData("queueTrigger", false)]
    public void OnlyHttpFunctionsGoThroughTheHttpMiddleware(string trigger, bool http)
    {
        using var harness = new FunctionsHarness(Settings());

        Assert.Equal(http, FunctionsApp.IsHttpTriggered(FunctionsHarness.Context("Any", trigger, harness.Services)));
    }

    [Fact]
    public async Task TheAccessMiddlewareAnswers401WithoutCallingTheFunction()
    {
        using var harness = new FunctionsHarness(Settings());
        using var scope = harness.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Path = "/api/tenants/tenant-a/connections";
        http.Response.Body = new MemoryStream();
        var called = false;

        await harness.Function<AccessMiddleware>().Invoke(
            FunctionsHarness.Context(StatusRoutes.ListConnectionsName, "httpTrigger", harness.Services, http),
            _ => { called = true; return Task.CompletedTask; });

        Assert.False(called);
        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Equal("ApiKey", http.Response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task TheAccessMiddlewareLetsAnAllowedKeyThrough()
    {
        using var harness = new FunctionsHarness(Settings());
        using var scope = harness.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Path = "/api/tenants/tenant-a/connections";
        http.Request.Headers["X-Api-Key"] = StatusApplication.SupportKey;
        var called = false;

        await harness.Function<AccessMiddleware>().Invoke(
            FunctionsHarness.Context(StatusRoutes.ListConnectionsName, "httpTrigger", harness.Services, http),
            _ => { called = true; return Task.CompletedTask; });

        Assert.True(called);
        Assert.Equal("support", http.User.Identity?.Name);
    }

    [Theory]
    [InlineData("storage down", "Storage is unavailable")]
    [InlineData("row contended", "The status row is busy")]
    public async Task TheProblemMiddlewareAnswersStorageTroubleWith503AndRetryAfter(string trouble, string title)
    {
        using var harness = new FunctionsHarness(Settings());
        using var scope = harness.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var body = new MemoryStream();
        http.Response.Body = body;
        Exception failure = trouble == "storage down"
            ? new AggregateException(new Azure.RequestFailedException(503, "Server busy"))
            : new StorageContentionException(new ConnectionKey("t", "a"), 8);

        await harness.Function<ProblemMiddleware>().Invoke(
            FunctionsHarness.Context(StatusRoutes.ReportConnectionStatusName, "httpTrigger", harness.Services, http),
            _ => throw failure);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("1", http.Response.Headers.RetryAfter.ToString());
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Contains(title, System.Text.Encoding.UTF8.GetString(body.ToArray()), StringComparison.Ordinal);
    }
}
