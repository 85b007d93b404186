using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// Creates the events queue and the dispatch queue when either host starts, in the background and
/// until they exist, as <see cref="Intake.FailureQueueCreation"/> does for the failure-report queue:
/// consumers of the events queue may start listening before the first event, and the Functions
/// host's trigger only polls.
/// </summary>
public sealed class EventQueuesCreation(
    QueueServiceClient queues,
    IOptions<EventOptions> options,
    IOptions<DispatchQueueOptions> dispatchOptions,
    TimeProvider time,
    ILogger<EventQueuesCreation> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        QueueStartup.CreateUntilExistsAsync(queues.GetQueueClient(options.Value.QueueName), "events", time, logger, stoppingToken),
        QueueStartup.CreateUntilExistsAsync(queues.GetQueueClient(dispatchOptions.Value.Name), "dispatch", time, logger, stoppingToken));
}
