using Azure;
using ConnectionStatusFunctions.Service.Telemetry;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>What every store's conditional writes share: when a table must be created first, and how long to wait before trying again.</summary>
internal static class TableRetry
{
    public static bool IsTableMissing(RequestFailedException e) => e.Status == 404 && e.ErrorCode == "TableNotFound";

    /// <summary>Full jitter over an exponential ceiling (5 ms, 10 ms, ... up to 250 ms).</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(250, 5 * Math.Pow(2, attempt)));

    /// <summary>
    /// After an attempt on an account's rows that another writer (or a deletion) got to first: waits out the back-off
    /// before the caller reads again, or, at the last of <paramref name="attempts"/>, counts and logs the contention and
    /// throws <see cref="StorageContentionException"/> (answered 503). The write path and the deletion both end a
    /// conflicting attempt here, so they give up alike.
    /// </summary>
    public static async Task AfterConflictAsync(ConnectionKey key, int attempt, int attempts, string operation, StatusTelemetry telemetry, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        if (attempt >= attempts)
        {
            logger.LogWarning("Gave up {Operation} {TenantId}/{ChannelAccountId} after {Attempts} conflicting attempts", operation, key.TenantId, key.ChannelAccountId, attempt);
            telemetry.WriteContended();
            throw new StorageContentionException(key, attempt);
        }

        telemetry.WriteRetried();

        // Real time on purpose: the back-off spaces out storage calls, whatever clock the domain reads.
        await Task.Delay(Backoff(attempt), cancellationToken);
    }
}
