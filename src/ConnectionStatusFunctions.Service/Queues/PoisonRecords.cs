using Azure.Storage.Queues;

namespace ConnectionStatusFunctions.Service.Queues;

/// <summary>
/// Where a message that cannot succeed goes: the queue's poison queue, as a record built by
/// <see cref="QueueMessageText.PoisonRecord"/> (the reason, and the message redacted), never the raw message.
/// </summary>
public sealed class PoisonRecords(QueueServiceClient queues, TimeProvider time)
{
    public async Task WriteAsync(QueueOptions queue, string message, string reason, IDictionary<string, string[]>? errors, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var poison = queues.GetQueueClient(queue.PoisonName);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.SendMessageAsync(QueueMessageText.PoisonRecord(message, reason, errors, dequeueCount, time.GetUtcNow()), cancellationToken);
    }
}
