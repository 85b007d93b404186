namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// The answer to a request that no route of <see cref="StatusRoutes"/> serves: 404, or 405 with
/// <c>Allow</c> when the path is a route's but the method is not, as an RFC 9457 problem with the
/// API's headers. The standalone host's routing finds this itself and <see cref="StatusCodeProblems"/>
/// writes the problem; the Functions host would answer a bare 404, so the Functions app declares a
/// catch-all function on <see cref="Template"/> that the host reaches only when no other function's
/// route and method match, and that function answers this.
/// </summary>
public static class UnmatchedRequests
{
    public const string FunctionName = "UnmatchedRequest";

    /// <summary>A catch-all parameter: the lowest precedence a template can have, below every route of the table.</summary>
    public const string Template = "{*path}";

    public static IResult Answer(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new UnmatchedAnswer(AllowedMethods(request.Method, request.Path));
    }

    /// <summary>
    /// The methods to list in a 405's Allow, or none for a 404, decided as the standalone host's
    /// routing decides: the routes whose segments the path has are the candidates; when one of them
    /// takes this method, it was a constraint that refused the path (a 404); otherwise their methods are the Allow.
    /// </summary>
    public static IReadOnlyList<string> AllowedMethods(string method, PathString path)
    {
        var candidates = StatusRoutes.All.Where(r => r.HasSegmentsOf(path)).ToList();
        return candidates.Any(r => r.Methods.Any(m => HttpMethods.Equals(m, method)))
            ? []
            : [.. candidates.SelectMany(r => r.Methods).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private sealed class UnmatchedAnswer(IReadOnlyList<string> allowed) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (allowed.Count == 0)
            {
                httpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            }
            else
            {
                httpContext.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                httpContext.Response.Headers.Allow = string.Join(", ", allowed);
            }

            return StatusCodeProblems.WriteAsync(httpContext);
        }
    }
}
