using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Deletion;

/// <summary>Creates the tenant deletion queue when either host starts, in the background and until it exists, as <see cref="Events.EventQueuesCreation"/> does for its queues: the Functions host's trigger only polls.</summary>
public sealed class TenantDeletionQueueCreation(
    QueueServiceClient queues,
    IOptions<TenantDeletionQueueOptions> options,
    TimeProvider time,
    ILogger<TenantDeletionQueueCreation> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        QueueStartup.CreateUntilExistsAsync(queues.GetQueueClient(options.Value.Name), "tenant deletion", time, logger, stoppingToken);
}
