using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Standalone.Triggers;

/// <summary>
/// The standalone queue trigger, one per queue the app consumes (failure reports, probe requests):
/// receives batches with a visibility timeout, absorbs them with
/// bounded concurrency, deletes what was handled, lets failed messages reappear with a growing
/// delay and poisons them after MaxDequeueCount deliveries. Polls faster while busy and backs off
/// while idle. A message that fails because storage is down is not the message's fault: it is
/// released at once, never poisoned for it, and the listener takes no message until storage
/// answers again, so an outage of any length costs each message at most one delivery. On shutdown
/// it stops receiving, finishes the messages it has started and releases the rest of the batch at once.
/// </summary>
public sealed class QueueListener<TOptions>(
    IQueueMessageHandler<TOptions> handler,
    QueueServiceClient queues,
    StorageReachability storage,
    IOptions<TOptions> queueOptions,
    TimeProvider time,
    ILogger<QueueListener<TOptions>> logger) : BackgroundService
    where TOptions : QueueOptions
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = queueOptions.Value;
        var queue = queues.GetQueueClient(settings.Name);
        var idle = MinPollingInterval;
        long? unreachableSince = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages = [];
            try
            {
                // During an outage a received message would only use up one of its deliveries.
                if (unreachableSince is null || await storage.IsReachableAsync(stoppingToken))
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                    messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, settings.VisibilityTimeout, stoppingToken)).Value;
                    if (unreachableSince is { } since)
                    {
                        logger.LogInformation("Storage for queue {Queue} is reachable again after {Outage}", settings.Name, time.GetElapsedTime(since));
                        unreachableSince = null;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Storage down, or the SDK giving up after its own retries: poll again after the idle
                // delay, logging the outage once when it starts and once when it ends.
                unreachableSince ??= OutageStarted(settings, e.GetType().Name);
            }

            if (messages.Length == 0)
            {
                try
                {
                    await Task.Delay(idle, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }

            idle = MinPollingInterval;
            // Not cancelled by shutdown: messages already started are finished, the others are
            // released at once rather than left invisible for the rest of their visibility timeout,
            // as they are once a message of the batch found storage down.
            var outage = new OutageSeen();
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, (message, _) =>
                stoppingToken.IsCancellationRequested || outage.Seen ? ReleaseAsync(queue, message) : HandleAsync(queue, message, settings, outage));
            if (outage.Seen)
            {
                unreachableSince ??= OutageStarted(settings, "a message found storage down");
            }
        }
    }

    private long OutageStarted(TOptions settings, string error)
    {
        logger.LogWarning("Storage for queue {Queue} is unreachable ({Error}); polling again every {Interval} at most", settings.Name, error, settings.MaxPollingInterval);
        return time.GetTimestamp();
    }

    private async ValueTask ReleaseAsync(QueueClient queue, QueueMessage message)
    {
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
        }
        catch (Exception e)
        {
            // It reappears after its visibility timeout anyway.
            logger.LogWarning("Message {MessageId} of {Queue} not released: {Error}", message.MessageId, queue.Name, e.GetType().Name);
        }
    }

    private async ValueTask HandleAsync(QueueClient queue, QueueMessage message, TOptions settings, OutageSeen outage)
    {
        using var timeout = new CancellationTokenSource(settings.VisibilityTimeout);
        try
        {
            await handler.HandleAsync(message.MessageText, message.DequeueCount, timeout.Token);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Any other failure is a failed delivery: retried with back-off, poisoned after MaxDequeueCount.
            try
            {
                if (StorageFailure.IsTransient(e) && (outage.Seen || !await storage.IsReachableAsync(CancellationToken.None)))
                {
                    outage.Seen = true;
                    await ReleaseAsync(queue, message);
                    return;
                }

                if (message.DequeueCount >= settings.MaxDequeueCount)
                {
                    await handler.PoisonAsync(message.MessageText, $"Failed on each of {message.DequeueCount} deliveries; last error: {e.GetType().Name}.", message.DequeueCount, CancellationToken.None);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                    return;
                }

                // Back off before the next delivery: 2, 4, 8... seconds, capped by the visibility timeout.
                var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, message.DequeueCount), settings.VisibilityTimeout.TotalSeconds));
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: delay, cancellationToken: CancellationToken.None);
                logger.LogWarning("Message {MessageId} of {Queue} failed delivery {DequeueCount}: {Error}; retrying in {Delay}", message.MessageId, queue.Name, message.DequeueCount, e.GetType().Name, delay);
            }
            catch (Exception again)
            {
                // Storage is still down: the message reappears after its visibility timeout anyway.
                logger.LogWarning("Message {MessageId} of {Queue} left for redelivery: {Error}", message.MessageId, queue.Name, again.GetType().Name);
            }
        }
    }

    /// <summary>Set by the first message of a batch that failed while storage was down.</summary>
    private sealed class OutageSeen
    {
        private int _seen;

        public bool Seen
        {
            get => Volatile.Read(ref _seen) == 1;
            set => Volatile.Write(ref _seen, value ? 1 : 0);
        }
    }
}
