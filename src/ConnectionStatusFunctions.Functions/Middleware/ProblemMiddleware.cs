using ConnectionStatusFunctions.Service.Api;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ConnectionStatusFunctions.Functions.Middleware;

/// <summary>Answers whatever an HTTP function throws with the shared problem mapping, as the standalone host's exception handler does.</summary>
public sealed class ProblemMiddleware(ProblemMapping problems) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            http.Response.Clear();
            await problems.TryHandleAsync(http, e, http.RequestAborted);
        }
    }
}
