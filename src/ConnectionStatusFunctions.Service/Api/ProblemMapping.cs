using System.Globalization;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// Turns any exception that escapes a handler into an RFC 9457 problem: 503 with Retry-After when
/// storage is busy, down, failing or silent past the request budget (see <see cref="StorageFailure"/>),
/// 500 for the rest. A report's 503 never claims that nothing was written: the write may have
/// reached storage before the answer was lost, and retrying the same report is safe because an
/// equal report is a duplicate and an older one stale. The standalone host runs it as its exception
/// handler, the Functions app from a worker middleware, so both answer alike.
/// </summary>
public sealed class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = ProblemFor(exception, MayHaveBeenDoneFor(httpContext.Request.Method));
        // The host cleared the response before mapping the error; an error is an API answer too.
        ApiHeaders.Apply(httpContext.Response);
        // What ASP.NET Core's exception handler adds in the standalone host; set here, the Functions app's errors carry them too.
        httpContext.Response.Headers.Pragma = "no-cache";
        httpContext.Response.Headers.Expires = "-1";
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            if (StorageFailure.IsCredentialRefused(exception))
            {
                // An operator must act, so an error; the status and storage's error code say which
                // credential, never the exception, whose text repeats what the request was signed with.
                logger.LogError("Storage refused the app's credentials ({Refusal}); answering 503 for {Path}. Fix the account key, SAS or identity in AzureWebJobsStorage", Refusal(exception), httpContext.Request.Path);
            }
            else
            {
                logger.LogWarning("Answering 503 for {Path}: {Reason}", httpContext.Request.Path, exception.GetType().Name);
            }

            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        else if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled error for {Path}", httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>What a report's 503 says: the same text for every way storage can fail, since none of them tells whether the write landed.</summary>
    public const string ReportMayHaveBeenApplied =
        "The report may have been applied. Retrying the same report is safe: if it was applied, the retry answers duplicate (or stale, if a newer report came in meanwhile).";

    /// <summary>
    /// What a deletion's 503 says, for the same reason: the deletion may have landed before the answer was lost. Its
    /// retry is safe and tells which: an account deleted already answers 404 saying when, a tenant 202 again.
    /// </summary>
    public const string DeletionMayHaveBeenDone =
        "The deletion may have been carried out. Retrying the same request is safe: if it was, the retry answers 404 saying the account was deleted and when (a tenant's deletion answers 202 again, a webhook's 404).";

    /// <summary>
    /// What a creation's 503 says (a webhook subscription, the one route that POSTs): it may have been written before
    /// the answer was lost, and a retry would create a second one, under a new id.
    /// </summary>
    public const string CreationMayHaveBeenDone =
        "The creation may have been carried out. List what the same path lists (GET) before retrying: a retry creates another one.";

    /// <summary>
    /// What a 503 says: a request that writes (a report's PATCH, a DELETE, a creation's POST) may have landed before
    /// the answer was lost, so the answer says so and how to tell; a read changed nothing, and is simply retried.
    /// </summary>
    public static string MayHaveBeenDoneFor(string method) =>
        HttpMethods.IsPatch(method) ? ReportMayHaveBeenApplied
        : HttpMethods.IsDelete(method) ? DeletionMayHaveBeenDone
        : HttpMethods.IsPost(method) ? CreationMayHaveBeenDone
        : "Retry the same request after Retry-After.";

    public static ProblemDetails ProblemFor(Exception exception, string mayHaveBeenDone) => exception switch
    {
        StorageContentionException => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The status row is busy.",
            Detail = "Too many concurrent writers changed this connection. " + mayHaveBeenDone,
        },
        _ when StorageFailure.IsTransient(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Storage is unavailable.",
            Detail = "Storage (a table or a queue) failed, refused the connection or did not answer in time. " + mayHaveBeenDone,
        },
        _ => ProblemForRequest(Unwrap(exception)),
    };

    private static ProblemDetails ProblemForRequest(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The request body is too large.",
            Detail = $"A request body (a status report, a webhook subscription) may be at most {RequestBinding.MaxBodyBytes / 1024} KiB.",
        },
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = "The request could not be read.",
        },
        UnreadableRowException unreadable => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "The stored status row cannot be read.",
            Detail = $"{unreadable.Row.Reason} Fix or delete the row in the ConnectionStatus table; the next report for the account also replaces it.",
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred.",
        },
    };

    /// <summary>The refusal's status and storage's error code, or the identity exception's type: what an operator needs, nothing the credential holds.</summary>
    private static string Refusal(Exception exception) => exception switch
    {
        AggregateException aggregate => Refusal(aggregate.InnerExceptions.First(StorageFailure.IsCredentialRefused)),
        Azure.RequestFailedException failed when failed.ErrorCode is { } code && code.All(char.IsAsciiLetterOrDigit) && code.Length <= 64 =>
            $"{failed.Status} {code}",
        Azure.RequestFailedException failed => failed.Status.ToString(CultureInfo.InvariantCulture),
        _ => exception.GetType().Name,
    };

    /// <summary>The Azure SDK wraps the failures of its own retries in an AggregateException.</summary>
    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;
}
