using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Intake;

/// <summary>
/// What a queued report becomes (any report, not only a failure's): the failure-report queue trigger's one code path, whoever delivers the message (the Functions app's queue
/// trigger or the standalone listener). A message that can never succeed (malformed JSON, an invalid report) goes
/// to the poison queue at once with the reason: retrying it would change nothing. Storage failures
/// throw, so the deliverer retries and poisons only after the configured number of deliveries.
/// </summary>
public sealed class QueuedReportHandler(
    ReportIntake intake,
    PoisonRecords poisonRecords,
    IOptions<FailureQueueOptions> options,
    StatusTelemetry telemetry,
    ILogger<QueuedReportHandler> logger) : IQueueMessageHandler<FailureQueueOptions>
{
    public const int MaxMessageLength = 64 * 1024;

    public async Task<QueuedReportOutcome> HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        if (!TryRead(message, out var queued, out var problem))
        {
            await PoisonAsync(message, problem, null, dequeueCount, cancellationToken);
            return QueuedReportOutcome.Poisoned;
        }

        var key = new ConnectionKey(queued.TenantId ?? string.Empty, queued.ChannelAccountId ?? string.Empty);
        ApplyResult result;
        try
        {
            result = await intake.SubmitAsync(key, queued.ToInput(), ReportSource.Queue, cancellationToken);
        }
        catch (Deletion.TenantDeletedException deleted)
        {
            // Not poisoned: nothing is wrong with the message, and retrying it would change nothing.
            logger.LogInformation("Dropped a queued report for {TenantId}/{ChannelAccountId}: the tenant was deleted at {DeletedAt:O}", key.TenantId, key.ChannelAccountId, deleted.DeletedAt);
            telemetry.QueueMessageHandled(WireName.Of(QueuedReportOutcome.Dropped));
            return QueuedReportOutcome.Dropped;
        }

        if (result is ApplyResult.Rejected rejected)
        {
            await PoisonAsync(message, "The report is invalid.", new Dictionary<string, string[]>(rejected.Errors, StringComparer.Ordinal), dequeueCount, cancellationToken);
            return QueuedReportOutcome.Poisoned;
        }

        var outcome = result switch
        {
            ApplyResult.Applied => QueuedReportOutcome.Applied,
            ApplyResult.Unchanged { Kind: TransitionKind.Stale } => QueuedReportOutcome.Stale,
            // Observed before the account's deletion: dropped (the store logged it), as a stale report is.
            ApplyResult.Gone => QueuedReportOutcome.Stale,
            ApplyResult.Unchanged => QueuedReportOutcome.Duplicate,
            _ => throw new InvalidOperationException($"No queue outcome for {result.GetType().Name}."),
        };
        telemetry.QueueMessageHandled(WireName.Of(outcome));
        return outcome;
    }

    Task IQueueMessageHandler<FailureQueueOptions>.HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken) =>
        HandleAsync(message, dequeueCount, cancellationToken);

    Task IQueueMessageHandler<FailureQueueOptions>.PoisonAsync(string message, string reason, long dequeueCount, CancellationToken cancellationToken) =>
        PoisonAsync(message, reason, null, dequeueCount, cancellationToken);

    public async Task PoisonAsync(string message, string reason, IDictionary<string, string[]>? errors, long dequeueCount, CancellationToken cancellationToken)
    {
        await poisonRecords.WriteAsync(options.Value, message, reason, errors, dequeueCount, cancellationToken);
        // The message itself may carry secrets; only the reason and the failing field names are logged.
        logger.LogWarning("Poisoned a failure report at delivery {DequeueCount}: {Reason} {Fields}", dequeueCount, reason, errors is null ? string.Empty : string.Join(",", errors.Keys));
        telemetry.QueueMessageHandled(WireName.Of(QueuedReportOutcome.Poisoned));
    }

    private static bool TryRead(string message, out QueuedReport queued, out string problem)
    {
        var read = QueueMessageText.TryRead<QueuedReport>(message, MaxMessageLength, "report", out var report, out problem);
        queued = report!;
        return read;
    }
}
