using ConnectionStatusFunctions.Service.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// Is this app able to serve: can it reach its storage account? Anyone may ask, so the answer is
/// kept for a second: a flood of calls costs one storage query a second, not one each.
/// </summary>
public sealed class AppHealthApi(StorageReachability storage, TimeProvider time, ILogger<AppHealthApi> logger)
{
    /// <summary>How long one storage check answers for.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private (Task<bool> Reachable, DateTimeOffset Started)? _last;

    /// <summary>Unreachable storage, or storage refusing the app's credentials (thrown), is the problem mapping's 503 with Retry-After, as on every other route.</summary>
    public async Task<Ok<AppHealth>> CheckAsync(CancellationToken cancellationToken)
    {
        if (await StorageReachableAsync().WaitAsync(cancellationToken))
        {
            return TypedResults.Ok(new AppHealth("healthy", "reachable"));
        }

        logger.LogWarning("Storage health check failed");
        throw new StorageUnavailableException("The app cannot reach its Table Storage account (AzureWebJobsStorage).");
    }

    /// <summary>The check started less than a second ago, finished or not, so concurrent callers share one query too.</summary>
    private Task<bool> StorageReachableAsync()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_last is not { } last || now - last.Started >= CacheFor || now < last.Started)
            {
                // No caller's token: the query is shared, so one caller hanging up must not fail it for the rest.
                _last = last = (storage.IsReachableAsync(CancellationToken.None), now);
            }

            return last.Reachable;
        }
    }
}
