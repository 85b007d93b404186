using Azure.Storage.Queues.Models;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>
/// Dispatch requests from the queue: each names a tenant whose outbox rows to publish, the same
/// dispatch as the in-process hand-off's. A malformed request is poisoned at once; a storage
/// failure throws, so the host redelivers it, until on its last delivery (host.json's
/// maxDequeueCount) a failure writes its redacted poison record instead.
/// </summary>
public sealed class DispatchEvents(DispatchRequestHandler handler)
{
    public const string QueueExpression = "%" + DispatchQueueOptions.NameSetting + "%";

    [Function(nameof(DispatchEvents))]
    public Task<DispatchSummary> Run(
        [QueueTrigger(QueueExpression, Connection = StorageOptions.ConnectionSetting)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return QueueDelivery.UnderHostAsync(message, handler, token => handler.HandleAsync(message.MessageText, message.DequeueCount, token), DispatchRequestHandler.Poisoned, cancellationToken);
    }
}
