using Azure.Storage.Queues;

namespace ConnectionStatusFunctions.Testing;

public static class PoisonRecordQueues
{
    /// <summary>
    /// The poison records a queue holds, each once: the SDK retries a send whose answer came late (a
    /// loaded machine's Azurite), so one record can be stored twice, byte for byte (same poisonedAt);
    /// a message poisoned twice gives two different records.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DistinctRecordsAsync(this QueueClient queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return [.. (await queue.PeekMessagesAsync(32)).Value.Select(m => m.MessageText).Distinct(StringComparer.Ordinal)];
    }
}
