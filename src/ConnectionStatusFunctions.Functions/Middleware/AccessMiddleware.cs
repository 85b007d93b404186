using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Security;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ConnectionStatusFunctions.Functions.Middleware;

/// <summary>Applies the API's headers and runs the shared access check before an HTTP function, as the standalone host's endpoint filter does.</summary>
public sealed class AccessMiddleware(AccessCheck access) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.GetHttpContext()
            ?? throw new InvalidOperationException("HTTP functions run with ASP.NET Core integration (ConfigureFunctionsWebApplication).");
        if (context.FunctionDefinition.Name == UnmatchedRequests.FunctionName)
        {
            // No route, so no policy: as in the standalone host, where routing answers before any endpoint filter.
            await next(context);
            return;
        }

        var route = StatusRoutes.Find(context.FunctionDefinition.Name)
            ?? throw new InvalidOperationException($"HTTP function '{context.FunctionDefinition.Name}' is not in the status route table.");

        // The page's routes set the page's own headers (CSP, cacheable); they need no key.
        if (!route.IsPage)
        {
            ApiHeaders.Apply(http.Response);
        }

        var denied = await access.CheckAsync(http, route);
        if (denied is not null)
        {
            // Written here, not returned as the invocation result: the function never runs.
            await denied.ExecuteAsync(http);
            return;
        }

        await next(context);
    }
}
