using Azure.Data.Tables;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// Can the app reach its Table Storage account now? Asked by /api/healthz and by a queue listener
/// waiting out an outage. Storage refusing the app's credentials is thrown rather than answered
/// false: the health check's 503 then logs it as the error it is, once per request.
/// </summary>
public sealed class StorageReachability(TableServiceClient tables, ILogger<StorageReachability> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && StorageFailure.IsTransient(e) && !StorageFailure.IsCredentialRefused(e))
        {
            logger.LogDebug("Table Storage is unreachable: {Error}", e.GetType().Name);
            return false;
        }
    }
}
