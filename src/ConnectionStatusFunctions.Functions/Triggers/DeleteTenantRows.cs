using Azure.Storage.Queues.Models;
using ConnectionStatusFunctions.Service.Deletion;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>
/// Tenant deletion jobs from the queue: each names a tombstoned tenant whose rows to remove, the same
/// handler as the standalone listener's. A malformed message is poisoned at once; a storage failure
/// throws, so the host redelivers it, until on its last delivery (host.json's maxDequeueCount) a
/// failure writes its poison record and marks the deletion failed instead.
/// </summary>
public sealed class DeleteTenantRows(TenantDeletionHandler handler)
{
    public const string QueueExpression = "%" + TenantDeletionQueueOptions.NameSetting + "%";

    [Function(nameof(DeleteTenantRows))]
    public Task<TenantDeletion?> Run(
        [QueueTrigger(QueueExpression, Connection = StorageOptions.ConnectionSetting)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return QueueDelivery.UnderHostAsync(message, handler, token => handler.HandleAsync(message.MessageText, message.DequeueCount, token), null, cancellationToken);
    }
}
