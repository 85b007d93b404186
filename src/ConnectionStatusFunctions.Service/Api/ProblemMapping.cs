using System.Globalization;
using Azure;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// Turns any exception that escapes a handler into an RFC 9457 problem: 503 with Retry-After when
/// storage is busy or down (nothing was written, so the caller retries the same request), 500 for
/// the rest. The standalone host runs it as its exception handler, the Functions app from a worker
/// middleware, so both answer alike.
/// </summary>
public sealed class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = ProblemFor(exception);
        // The host cleared the response before mapping the error; an error is an API answer too.
        ApiHeaders.Apply(httpContext.Response);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Answering 503 for {Path}: {Reason}", httpContext.Request.Path, exception.GetType().Name);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        else if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled error for {Path}", httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails ProblemFor(Exception exception) => Unwrap(exception) switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The request body is too large.",
            Detail = $"A status report may be at most {RequestBinding.MaxBodyBytes / 1024} KiB.",
        },
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = "The request could not be read.",
        },
        StorageContentionException => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The status row is busy.",
            Detail = "Too many concurrent writers changed this connection; nothing was written. Retry the same report.",
        },
        UnreadableRowException unreadable => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "The stored status row cannot be read.",
            Detail = $"{unreadable.Row.Reason} Fix or delete the row in the ConnectionStatus table; the next report for the account also replaces it.",
        },
        RequestFailedException storage when storage.Status is 0 or 408 or >= 500 => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Storage is unavailable.",
            Detail = "Table Storage did not answer; nothing was written. Retry the same request.",
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred.",
        },
    };

    /// <summary>The Azure SDK wraps the failures of its own retries in an AggregateException.</summary>
    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;
}
