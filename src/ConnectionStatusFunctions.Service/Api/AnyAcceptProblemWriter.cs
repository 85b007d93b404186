using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// Writes a problem as <c>application/problem+json</c> whatever the request's Accept says. ASP.NET Core's
/// own writer takes only a request whose Accept admits JSON (or that has none); with it alone,
/// <c>Accept: text/html</c> found no writer: routing's 404 and 405 threw and were answered as a bare 500,
/// and a 503's or a 413's problem lost its body. The API has one kind of error body, and its status and
/// headers tell a client more than a 500 or a 406 would; HTTP lets a server answer outside Accept.
/// Registered after <c>AddProblemDetails</c>, so it is asked only when every other writer declined, and it
/// writes what ASP.NET Core's would (the status's type and title, the traceId, the same JSON options), so
/// the body is the same however it was asked for (<c>RoutingAnswerTests</c>, <c>HttpFunctionParityTests</c>).
/// It does not hand the problem to another writer: the Functions app has MVC's too, which writes nothing
/// outside a controller.
/// </summary>
public sealed class AnyAcceptProblemWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        context.ProblemDetails.Status ??= http.Response.StatusCode;
        // TypedResults.Problem fills in the status's type and title, as ASP.NET Core's writer does.
        var problem = TypedResults.Problem(context.ProblemDetails).ProblemDetails;
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        // Not with RequestAborted: the request budget cancels it to answer its 503, whose body must still be written.
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, json.Value.SerializerOptions.GetTypeInfo(problem.GetType()), "application/problem+json", CancellationToken.None));
    }
}
