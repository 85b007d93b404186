using ConnectionStatusFunctions.Functions.Middleware;
using ConnectionStatusFunctions.Service;
using ConnectionStatusFunctions.Service.Security;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration.Memory;

namespace ConnectionStatusFunctions.Functions;

public static class FunctionsApp
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        // First, so that every other source (app settings, Logging__LogLevel__...) still overrides them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietLogCategories });
        builder.ConfigureFunctionsWebApplication();
        // Before the shared registration binds RateLimits, so a configured value still wins.
        builder.Services.AddOptions<RateLimitOptions>().Configure(o => o.TrustedProxyHops = RateLimitOptions.FunctionsFrontEndHops);
        builder.Services.AddConnectionStatusService(builder.Configuration, builder.Environment);
        builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();

        // Problems outermost, so a failing access check is mapped like any other error.
        builder.UseWhen<ProblemMiddleware>(IsHttpTriggered);
        builder.UseWhen<AccessMiddleware>(IsHttpTriggered);
        return builder;
    }

    /// <summary>
    /// What the standalone host's appsettings.json quiets. The worker has no appsettings.json, and at
    /// its default Information its ASP.NET Core integration would log a request's start and end for
    /// every request, which Application Insights bills.
    /// </summary>
    private static readonly Dictionary<string, string?> QuietLogCategories = new(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Azure.Core"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
    };

    public static bool IsHttpTriggered(FunctionContext context) =>
        context.FunctionDefinition.InputBindings.Values.Any(binding => binding.Type == "httpTrigger");
}
