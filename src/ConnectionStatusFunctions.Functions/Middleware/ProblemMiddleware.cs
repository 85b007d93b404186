using ConnectionStatusFunctions.Service.Api;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ConnectionStatusFunctions.Functions.Middleware;

/// <summary>
/// Runs an HTTP function within the shared request budget and answers whatever it throws with the
/// shared problem mapping, as the standalone host's middleware and exception handler do.
/// </summary>
public sealed class ProblemMiddleware(ProblemMapping problems, RequestBudget budget) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            if (context.GetHttpContext() is { } request)
            {
                await budget.RunAsync(request, () => next(context));
            }
            else
            {
                await next(context);
            }
        }
        catch (Exception e) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            http.Response.Clear();
            await problems.TryHandleAsync(http, e, http.RequestAborted);
        }
    }
}
