namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// Writes a problem as <c>application/problem+json</c> whatever the request's Accept says. ASP.NET Core's
/// own writer takes only a request whose Accept admits JSON (or that has none); with it alone,
/// <c>Accept: text/html</c> found no writer: routing's 404 and 405 threw and were answered as a bare 500,
/// and a 503's or a 413's problem lost its body. The API has one kind of error body, and its status and
/// headers tell a client more than a 500 or a 406 would; HTTP lets a server answer outside Accept.
/// Registered after <c>AddProblemDetails</c>, so it is asked only when the default writer declined, and
/// it hands the problem to that writer, skipping only its Accept check: one body, however it was asked for.
/// </summary>
public sealed class AnyAcceptProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Looked up per call: taken in the constructor, the list of writers would include this one, a cycle.
        var defaultWriter = context.HttpContext.RequestServices.GetServices<IProblemDetailsWriter>().First(writer => writer is not AnyAcceptProblemWriter);
        return defaultWriter.WriteAsync(context);
    }
}
