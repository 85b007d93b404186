using ConnectionStatusFunctions.Service.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Api;

public sealed record AppHealth(string Status, string Storage);

/// <summary>Is this app able to serve: can it reach its storage account?</summary>
public sealed class AppHealthApi(StorageReachability storage, ILogger<AppHealthApi> logger)
{
    /// <summary>Unreachable storage is the problem mapping's 503 with Retry-After, as on every other route.</summary>
    public async Task<Ok<AppHealth>> CheckAsync(CancellationToken cancellationToken)
    {
        if (await storage.IsReachableAsync(cancellationToken))
        {
            return TypedResults.Ok(new AppHealth("healthy", "reachable"));
        }

        logger.LogWarning("Storage health check failed");
        throw new StorageUnavailableException("The app cannot reach its Table Storage account (AzureWebJobsStorage).");
    }
}
