using Azure.Storage.Queues.Models;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>
/// Connector failure reports from the queue. A report that can never apply is poisoned at once by
/// the absorber; a storage failure throws, so the host redelivers it, until on its last delivery
/// (host.json's maxDequeueCount) a failure writes its redacted poison record instead.
/// </summary>
public sealed class AbsorbFailureReport(QueuedReportHandler absorber)
{
    public const string QueueExpression = "%" + FailureQueueOptions.NameSetting + "%";

    [Function(nameof(AbsorbFailureReport))]
    public Task<QueuedReportOutcome> Run(
        [QueueTrigger(QueueExpression, Connection = StorageOptions.ConnectionSetting)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return QueueDelivery.UnderHostAsync(message, absorber, token => absorber.HandleAsync(message.MessageText, message.DequeueCount, token), QueuedReportOutcome.Poisoned, cancellationToken);
    }
}
