using Azure.Storage.Queues.Models;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>
/// Probe requests from the queue: one tenant or shard each. The host scales these out with the
/// queue's length; a malformed request is poisoned at once by the worker, a storage failure throws
/// so the host redelivers it, until on its last delivery (host.json's maxDequeueCount) a failure
/// writes its redacted poison record instead.
/// </summary>
public sealed class ProbeTenant(ProbeWorker worker)
{
    public const string QueueExpression = "%" + ProbeQueueOptions.NameSetting + "%";

    private static readonly ProbeShardSummary Poisoned = new(ProbeRequestOutcome.Poisoned, 0, 0, 0, 0, 0, false);

    [Function(nameof(ProbeTenant))]
    public Task<ProbeShardSummary> Run(
        [QueueTrigger(QueueExpression, Connection = StorageOptions.ConnectionSetting)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return QueueDelivery.UnderHostAsync(message, worker, token => worker.HandleAsync(message.MessageText, message.DequeueCount, token), Poisoned, cancellationToken);
    }
}
