using Azure.Storage.Queues.Models;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>
/// Probe requests from the queue: one tenant or shard each. The host scales these out with the
/// queue's length; a malformed request is poisoned at once by the worker, a storage failure throws
/// so the host redelivers and poisons after maxDequeueCount.
/// </summary>
public sealed class ProbeTenant(ProbeWorker worker)
{
    public const string QueueExpression = "%" + ProbeQueueOptions.NameSetting + "%";

    [Function(nameof(ProbeTenant))]
    public Task<ProbeShardSummary> Run(
        [QueueTrigger(QueueExpression, Connection = StorageOptions.ConnectionSetting)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return worker.HandleAsync(message.MessageText, message.DequeueCount, cancellationToken);
    }
}
