using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Api;

public sealed record AppHealth(string Status, string Storage);

/// <summary>
/// Is this app able to serve: can it reach its storage account? Anyone may ask, so the answer is
/// kept for a second: a flood of calls costs one storage query a second, not one each.
/// </summary>
public sealed class AppHealthApi(TableServiceClient tables, TimeProvider time, ILogger<AppHealthApi> logger)
{
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long one storage check answers for.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private (Task<bool> Reachable, DateTimeOffset Started)? _last;

    public async Task<Results<Ok<AppHealth>, ProblemHttpResult>> CheckAsync(CancellationToken cancellationToken)
    {
        if (await StorageReachableAsync().WaitAsync(cancellationToken))
        {
            return TypedResults.Ok(new AppHealth("healthy", "reachable"));
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Storage is unreachable.",
            detail: "The app cannot reach its Table Storage account (AzureWebJobsStorage).");
    }

    /// <summary>The check started less than a second ago, finished or not, so concurrent callers share one query too.</summary>
    private Task<bool> StorageReachableAsync()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_last is not { } last || now - last.Started >= CacheFor || now < last.Started)
            {
                _last = last = (QueryStorageAsync(), now);
            }

            return last.Reachable;
        }
    }

    // No caller's token: the query is shared, so one caller hanging up must not fail it for the rest.
    private async Task<bool> QueryStorageAsync()
    {
        using var timeout = new CancellationTokenSource(StorageTimeout);
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return true;
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException)
        {
            logger.LogWarning("Storage health check failed: {Error}", e.GetType().Name);
            return false;
        }
    }
}
