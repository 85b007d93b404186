using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Queues;
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
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        QueueStartup.CreateUntilExistsAsync(queues.GetQueueClient(options.Value.Name), "failure-report", time, logger, stoppingToken);
}
