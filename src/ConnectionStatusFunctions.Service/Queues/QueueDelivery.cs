using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Queues.Models;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Queues;

/// <summary>
/// What both hosts promise about a queued message that keeps failing: it outlasts a storage outage
/// of <see cref="StorageOutageAllowance"/>, and once it has failed on every delivery the app itself
/// writes its redacted poison record, in one format, whoever delivered it.
/// </summary>
public static partial class QueueDelivery
{
    /// <summary>
    /// The storage outage a queued message outlasts, under either host. The Functions host's retry
    /// budget in host.json ((maxDequeueCount - 1) x visibilityTimeout) is longer; the standalone
    /// listener hands a message back uncounted while it has met storage failures for less than this,
    /// and counts its failures from then on, so no message is redelivered forever.
    /// </summary>
    public static readonly TimeSpan StorageOutageAllowance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// host.json's <c>extensions.queues.maxDequeueCount</c>. On this delivery the queue functions
    /// poison a failing message themselves, redacted, instead of letting the host move it raw.
    /// </summary>
    public const int HostMaxDequeueCount = 12;

    /// <summary>A poison record's reason for a message that failed on each delivery; names the error, never its text (which may quote the message).</summary>
    public static string FailedReason(long deliveries, Exception lastError)
    {
        ArgumentNullException.ThrowIfNull(lastError);
        return $"Failed on each of {deliveries} deliveries; last error: {Describe(lastError)}.";
    }

    /// <summary>
    /// Runs a queue function's handler. On the host's last delivery any failure poisons the message
    /// with its redacted record and returns <paramref name="poisoned"/>, so the host deletes the
    /// original; the host would otherwise move it to the poison queue as it came, secrets and all.
    /// When the poison record cannot be written either, that failure is thrown and the host moves the
    /// raw message: only then does one reach the poison queue unredacted.
    /// </summary>
    public static async Task<TResult> UnderHostAsync<TOptions, TResult>(
        QueueMessage message,
        IQueueMessageHandler<TOptions> handler,
        Func<CancellationToken, Task<TResult>> handle,
        TResult poisoned,
        CancellationToken cancellationToken)
        where TOptions : QueueOptions
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            return await handle(cancellationToken);
        }
        catch (Exception e) when (message.DequeueCount >= HostMaxDequeueCount)
        {
            // Not the invocation's token: a record already started is written, or the host would move the raw message.
            await handler.PoisonAsync(message.MessageText, FailedReason(message.DequeueCount, e), message.DequeueCount, CancellationToken.None);
            return poisoned;
        }
    }

    private static string Describe(Exception error) => error switch
    {
        AggregateException { InnerExceptions: [.., var last] } => $"{error.GetType().Name} ({Describe(last)})",
        RequestFailedException failed when StorageFailure.IsTransient(failed) => $"storage failing ({StorageError(failed)})",
        RequestFailedException failed => StorageError(failed),
        _ when StorageFailure.IsTransient(error) => $"storage failing ({error.GetType().Name})",
        _ => error.GetType().Name,
    };

    /// <summary>The exception's type, storage's status and its error code (only when it looks like one: a code is storage's word, not text that could quote the message).</summary>
    private static string StorageError(RequestFailedException failed)
    {
        var status = failed.Status == 0 ? "no answer" : failed.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return failed.ErrorCode is { } code && ErrorCode().IsMatch(code)
            ? $"{nameof(RequestFailedException)} {status} {code}"
            : $"{nameof(RequestFailedException)} {status}";
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex ErrorCode();
}
