using Azure;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>What every store's conditional writes share: when a table must be created first, and how long to wait before trying again.</summary>
internal static class TableRetry
{
    public static bool IsTableMissing(RequestFailedException e) => e.Status == 404 && e.ErrorCode == "TableNotFound";

    /// <summary>Full jitter over an exponential ceiling (5 ms, 10 ms, ... up to 250 ms).</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(250, 5 * Math.Pow(2, attempt)));
}
