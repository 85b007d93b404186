namespace ConnectionStatusFunctions.Service.Queues;

/// <summary>What a queue's messages are for: the standalone listener and the Functions queue triggers hand each one here.</summary>
public interface IQueueMessageHandler<TOptions> where TOptions : QueueOptions
{
    /// <summary>Returns when the message is done with (handled, or poisoned at once); throws to have it delivered again.</summary>
    Task HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken);

    /// <summary>Writes the message to the poison queue with the reason, once it failed on every delivery.</summary>
    Task PoisonAsync(string message, string reason, long dequeueCount, CancellationToken cancellationToken);
}
