using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Api;

public sealed record AppHealth(string Status, string Storage);

/// <summary>Is this app able to serve: can it reach its storage account?</summary>
public sealed class AppHealthApi(TableServiceClient tables, ILogger<AppHealthApi> logger)
{
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(5);

    public async Task<Results<Ok<AppHealth>, ProblemHttpResult>> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StorageTimeout);
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
            logger.LogWarning("Storage health check failed: {Error}", e.GetType().Name);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Storage is unreachable.",
                detail: "The app cannot reach its Table Storage account (AzureWebJobsStorage).");
        }
    }
}
