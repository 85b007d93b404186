using System.Text.Json;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// The dispatch queue's handler, whoever delivers the message (the Functions queue trigger or the
/// standalone listener): the same <see cref="EventDispatcher.DispatchTenantAsync"/> as the local
/// hand-off. A malformed request is poisoned at once; a storage failure throws so it is delivered again.
/// </summary>
public sealed class DispatchRequestHandler(
    EventDispatcher dispatcher,
    QueueServiceClient queues,
    PoisonRecords poisonRecords,
    IOptions<DispatchQueueOptions> queueOptions,
    ILogger<DispatchRequestHandler> logger) : IQueueMessageHandler<DispatchQueueOptions>
{
    public const int MaxMessageLength = 1024;

    /// <summary>What a dispatch request that could never succeed returns, once poisoned.</summary>
    public static readonly DispatchSummary Poisoned = new(0, 0);

    Task IQueueMessageHandler<DispatchQueueOptions>.HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken) =>
        HandleAsync(message, dequeueCount, cancellationToken);

    public async Task<DispatchSummary> HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!QueueMessageText.TryRead<DispatchRequest>(message, MaxMessageLength, "dispatch request", out var request, out var problem)
            || (problem = Identifier.IsValid(request!.TenantId) ? string.Empty : $"tenantId must be {Identifier.Rule}.").Length > 0)
        {
            await PoisonAsync(message, problem, dequeueCount, cancellationToken);
            return Poisoned;
        }

        return await dispatcher.DispatchTenantAsync(request.TenantId, cancellationToken);
    }

    public async Task PoisonAsync(string message, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        await poisonRecords.WriteAsync(queueOptions.Value, message, reason, null, dequeueCount, cancellationToken);
        logger.LogWarning("Poisoned a dispatch request at delivery {DequeueCount}: {Reason}", dequeueCount, reason);
    }

    /// <summary>Asks any instance to dispatch the tenant, after <paramref name="delay"/>; creates the queue if it does not exist yet.</summary>
    public Task RequestAsync(string tenantId, TimeSpan delay, CancellationToken cancellationToken) =>
        queues.GetQueueClient(queueOptions.Value.Name)
            .SendCreatingIfMissingAsync(JsonSerializer.Serialize(new DispatchRequest(tenantId), ServiceJson.Options), delay, cancellationToken);
}
