using Azure.Storage.Queues;

namespace ConnectionStatusFunctions.Service.Queues;

/// <summary>
/// Creating a queue at start-up without holding start-up: storage being down delays nothing, it is
/// tried again with a growing, jittered delay until the queue exists.
/// </summary>
public static class QueueStartup
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    public static async Task CreateUntilExistsAsync(QueueClient queue, string purpose, TimeProvider time, ILogger logger, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var wait = TimeSpan.FromSeconds(1);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (attempt == 1)
                {
                    // The type only: a storage exception's text can repeat what the request was signed with.
                    logger.LogWarning("Could not create the {Purpose} queue {Queue} ({Error}); trying again until it exists", purpose, queue.Name, e.GetType().Name);
                }
            }

            try
            {
                await Task.Delay(wait * (0.5 + (Random.Shared.NextDouble() / 2)), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
        }
    }
}
