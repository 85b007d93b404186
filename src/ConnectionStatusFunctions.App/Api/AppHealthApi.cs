using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.App.Api;

public sealed record AppHealth(string Status, string Storage);

/// <summary>Is this app able to serve: can it reach its storage account?</summary>
public static class AppHealthApi
{
    public static IEndpointConventionBuilder MapAppHealthApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/healthz", CheckAsync).WithTags("App").AllowAnonymous().WithName("AppHealth");

    public static async Task<Results<Ok<AppHealth>, ProblemHttpResult>> CheckAsync(
        TableServiceClient tables, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return TypedResults.Ok(new AppHealth("healthy", "reachable"));
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException)
        {
            loggers.CreateLogger(typeof(AppHealthApi)).LogWarning("Storage health check failed: {Error}", e.GetType().Name);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Storage is unreachable.",
                detail: "The app cannot reach its Table Storage account (AzureWebJobsStorage).");
        }
    }
}
