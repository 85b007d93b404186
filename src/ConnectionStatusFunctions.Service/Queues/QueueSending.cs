using Azure;
using Azure.Storage.Queues;

namespace ConnectionStatusFunctions.Service.Queues;

/// <summary>
/// Sending to a queue that may not exist: each queue is created at start-up without holding
/// start-up (<see cref="QueueStartup"/>), and may have been deleted by hand since, so a send that
/// finds no queue creates it and sends again rather than fail the work that asked for the send.
/// </summary>
public static class QueueSending
{
    /// <summary>Sends <paramref name="text"/>, visible after <paramref name="visibilityDelay"/> (at once when null); creates the queue if it does not exist yet.</summary>
    public static async Task SendCreatingIfMissingAsync(this QueueClient queue, string text, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        try
        {
            await queue.SendMessageAsync(text, visibilityTimeout: visibilityDelay, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(text, visibilityTimeout: visibilityDelay, cancellationToken: cancellationToken);
        }
    }
}
