using System.Text;
using System.Text.Json;
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

/// <summary>What a poisoned message becomes in the poison queue: why, and the message with its secrets redacted.</summary>
public sealed record PoisonedReport(string Reason, IDictionary<string, string[]>? Errors, long DequeueCount, DateTimeOffset PoisonedAt, string Message);

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

    /// <summary>Queue Storage refuses a message over 64 KiB; the poison record stays below it, with room to spare.</summary>
    public const int MaxPoisonRecordBytes = 60 * 1024;

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
        await poison.SendMessageAsync(PoisonRecord(message, reason, errors, dequeueCount, time.GetUtcNow()), cancellationToken);
        // The message itself may carry secrets; only the reason and the failing field names are logged.
        logger.LogWarning("Poisoned a failure report after {DequeueCount} deliveries: {Reason} {Fields}", dequeueCount, reason, errors is null ? string.Empty : string.Join(",", errors.Keys));
        telemetry.QueueMessageHandled(WireName.Of(AbsorbOutcome.Poisoned));
    }

    /// <summary>
    /// The poison queue's record of a message: the reason, and the message redacted. JSON is
    /// redacted value by value after decoding, so escapes (<c>\/</c>, <c>\u002B</c>, <c>\u200B</c>)
    /// cannot split a secret into pieces the redactor does not recognise. The record is cut to fit
    /// the queue's size limit: a record that could never be sent would leave its message redelivered forever.
    /// </summary>
    public static string PoisonRecord(string message, string reason, IDictionary<string, string[]>? errors, long dequeueCount, DateTimeOffset poisonedAt)
    {
        var decoded = Decode(message);
        var redacted = RedactedJson(decoded) ?? SecretRedactor.Redact(decoded, MaxMessageLength);
        for (var keep = redacted.Length; ; keep /= 2)
        {
            var shown = keep >= redacted.Length ? redacted : SecretRedactor.Redact(redacted, Math.Max(keep, 1));
            var record = JsonSerializer.Serialize(new PoisonedReport(reason, errors, dequeueCount, poisonedAt, shown), ServiceJson.Options);
            if (Encoding.UTF8.GetByteCount(record) <= MaxPoisonRecordBytes || keep <= 1)
            {
                return record;
            }
        }
    }

    /// <summary>The JSON document with every property name and string value redacted, or null when the text is not JSON.</summary>
    private static string? RedactedJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteRedacted(document.RootElement, writer);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    private static void WriteRedacted(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(SecretRedactor.Redact(property.Name));
                    WriteRedacted(property.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteRedacted(item, writer);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(SecretRedactor.Redact(element.GetString()));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>
    /// Connectors may send plain JSON (what the Azure SDK sends by default) or base64-encoded JSON
    /// (what the Functions queue binding writes by default); both are read.
    /// </summary>
    public static string Decode(string message)
    {
        var trimmed = message.AsSpan().Trim();
        if (trimmed.StartsWith("{") || trimmed.IsEmpty)
        {
            return message;
        }

        var buffer = new byte[trimmed.Length];
        if (Convert.TryFromBase64Chars(trimmed, buffer, out var written))
        {
            try
            {
                var decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, written);
                if (decoded.AsSpan().TrimStart().StartsWith("{"))
                {
                    return decoded;
                }
            }
            catch (DecoderFallbackException)
            {
            }
        }

        return message;
    }

    private static bool TryRead(string message, out QueuedReport queued, out string problem)
    {
        queued = null!;
        if (message.Length > MaxMessageLength)
        {
            problem = $"The message is larger than {MaxMessageLength} characters.";
            return false;
        }

        try
        {
            var read = JsonSerializer.Deserialize<QueuedReport>(Decode(message), ServiceJson.Options);
            if (read is null)
            {
                problem = "The message is JSON null, not a report.";
                return false;
            }

            queued = read;
            problem = string.Empty;
            return true;
        }
        catch (JsonException e)
        {
            problem = ServiceJson.Describe(e);
            return false;
        }
    }
}
