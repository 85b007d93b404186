using ConnectionStatusFunctions.Functions.Middleware;
using ConnectionStatusFunctions.Service;
using ConnectionStatusFunctions.Service.Security;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;

namespace ConnectionStatusFunctions.Functions;

public static class FunctionsApp
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
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

    public static bool IsHttpTriggered(FunctionContext context) =>
        context.FunctionDefinition.InputBindings.Values.Any(binding => binding.Type == "httpTrigger");
}
