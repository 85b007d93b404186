using Microsoft.AspNetCore.Diagnostics;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// The body and headers of an error answered before any endpoint ran (routing's 404 for an unknown
/// path, 405 for a wrong method): an RFC 9457 problem with the API's headers, like every other answer.
/// </summary>
public static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteAsync(context.HttpContext);
    }

    /// <summary>The problem for the status code already set on the response.</summary>
    public static async Task WriteAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        ApiHeaders.Apply(http.Response);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode } });
    }
}
