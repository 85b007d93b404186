using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Intake;

/// <summary>
/// Creates the failure-report queue when either host starts. Connectors write to it, and nothing
/// else would create it under the Functions host (whose queue listener only polls), so a
/// connector's first message would fail with QueueNotFound; Bicep creates it in Azure, this covers
/// Azurite and any account provisioned by hand. In the background, so that storage being down at
/// start-up delays nothing: it tries again, with a growing, jittered delay, until the queue exists.
/// </summary>
public sealed class FailureQueueCreation(
    QueueServiceClient queues,
    IOptions<FailureQueueOptions> options,
    TimeProvider time,
    ILogger<FailureQueueCreation> logger) : BackgroundService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = queues.GetQueueClient(options.Value.Name);
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
                    logger.LogWarning("Could not create the failure-report queue {Queue} ({Error}); trying again until it exists", queue.Name, e.GetType().Name);
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
