using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Telemetry;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Intake;

/// <summary>A queued connector report: the PATCH body plus the account it is about.</summary>
public sealed record QueuedReport(
    string? TenantId,
    string? ChannelAccountId,
    string? Status,
    string? CheckedAt,
    string? ErrorCategory = null,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    string? ReportId = null,
    string? Channel = null,
    string? DisplayName = null)
{
    public ReportInput ToInput() => new(Status, CheckedAt, ErrorCategory, ErrorCode, ErrorMessage, ReportId, Channel, DisplayName);
}

public enum AbsorbOutcome
{
    Applied,
    Stale,
    Duplicate,
    Poisoned,
}

/// <summary>
/// The queue trigger's one code path, whoever delivers the message (the Functions app's queue
/// trigger or the standalone listener). A message that can never succeed (malformed JSON, an invalid report) goes
/// to the poison queue at once with the reason: retrying it would change nothing. Storage failures
/// throw, so the deliverer retries and poisons only after the configured number of deliveries.
/// </summary>
public sealed class FailureReportAbsorber(
    ReportIntake intake,
    QueueServiceClient queues,
    IOptions<FailureQueueOptions> options,
    TimeProvider time,
    StatusTelemetry telemetry,
    ILogger<FailureReportAbsorber> logger) : IQueueMessageHandler<FailureQueueOptions>
{
    public const int MaxMessageLength = 64 * 1024;

    public async Task<AbsorbOutcome> AbsorbAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        if (!TryRead(message, out var queued, out var problem))
        {
            await PoisonAsync(message, problem, null, dequeueCount, cancellationToken);
            return AbsorbOutcome.Poisoned;
        }

        var key = new ConnectionKey(queued.TenantId ?? string.Empty, queued.ChannelAccountId ?? string.Empty);
        var result = await intake.SubmitAsync(key, queued.ToInput(), ReportSource.Queue, cancellationToken);
        if (result.Errors is not null)
        {
            await PoisonAsync(message, "The report is invalid.", result.Errors, dequeueCount, cancellationToken);
            return AbsorbOutcome.Poisoned;
        }

        var outcome = result.Applied!.Outcome switch
        {
            TransitionKind.Applied => AbsorbOutcome.Applied,
            TransitionKind.Stale => AbsorbOutcome.Stale,
            _ => AbsorbOutcome.Duplicate,
        };
        telemetry.QueueMessageHandled(WireName.Of(outcome));
        return outcome;
    }

    Task IQueueMessageHandler<FailureQueueOptions>.HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken) =>
        AbsorbAsync(message, dequeueCount, cancellationToken);

    Task IQueueMessageHandler<FailureQueueOptions>.PoisonAsync(string message, string reason, long dequeueCount, CancellationToken cancellationToken) =>
        PoisonAsync(message, reason, null, dequeueCount, cancellationToken);

    public async Task PoisonAsync(string message, string reason, IDictionary<string, string[]>? errors, long dequeueCount, CancellationToken cancellationToken)
    {
        var poison = queues.GetQueueClient(options.Value.PoisonName);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.SendMessageAsync(QueueMessageText.PoisonRecord(message, reason, errors, dequeueCount, time.GetUtcNow()), cancellationToken);
        // The message itself may carry secrets; only the reason and the failing field names are logged.
        logger.LogWarning("Poisoned a failure report after {DequeueCount} deliveries: {Reason} {Fields}", dequeueCount, reason, errors is null ? string.Empty : string.Join(",", errors.Keys));
        telemetry.QueueMessageHandled(WireName.Of(AbsorbOutcome.Poisoned));
    }

    private static bool TryRead(string message, out QueuedReport queued, out string problem)
    {
        var read = QueueMessageText.TryRead<QueuedReport>(message, MaxMessageLength, "report", out var report, out problem);
        queued = report!;
        return read;
    }
}
