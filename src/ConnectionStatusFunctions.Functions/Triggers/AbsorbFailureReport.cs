using Azure.Storage.Queues.Models;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>
/// Connector failure reports from the queue. A report that can never apply is poisoned at once by
/// the absorber; a storage failure throws, so the host redelivers and poisons after maxDequeueCount.
/// </summary>
public sealed class AbsorbFailureReport(FailureReportAbsorber absorber)
{
    public const string QueueExpression = "%" + FailureQueueOptions.NameSetting + "%";

    [Function(nameof(AbsorbFailureReport))]
    public Task<AbsorbOutcome> Run(
        [QueueTrigger(QueueExpression, Connection = StorageOptions.ConnectionSetting)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return absorber.AbsorbAsync(message.MessageText, message.DequeueCount, cancellationToken);
    }
}
