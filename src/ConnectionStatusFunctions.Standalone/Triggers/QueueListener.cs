using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ConnectionStatusFunctions.Service.Intake;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Standalone.Triggers;

/// <summary>
/// The standalone queue trigger, one per queue the app consumes (failure reports, probe requests):
/// receives batches with a visibility timeout, absorbs them with
/// bounded concurrency, deletes what was handled, lets failed messages reappear with a growing
/// delay and poisons them after MaxDequeueCount deliveries. Polls faster while busy and backs off
/// while idle. On shutdown it stops receiving, finishes the messages it has started and releases
/// the rest of the batch at once.
/// </summary>
public sealed class QueueListener<TOptions>(
    IQueueMessageHandler<TOptions> handler,
    QueueServiceClient queues,
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
            QueueMessage[] messages;
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, settings.VisibilityTimeout, stoppingToken)).Value;
                if (unreachableSince is { } since)
                {
                    logger.LogInformation("Queue {Queue} is reachable again after {Outage}", settings.Name, time.GetElapsedTime(since));
                    unreachableSince = null;
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
                if (unreachableSince is null)
                {
                    logger.LogWarning("Queue {Queue} is unreachable ({Error}); polling again every {Interval} at most", settings.Name, e.GetType().Name, settings.MaxPollingInterval);
                    unreachableSince = time.GetTimestamp();
                }

                messages = [];
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
            // released at once rather than left invisible for the rest of their visibility timeout.
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, (message, _) =>
                stoppingToken.IsCancellationRequested ? ReleaseAsync(queue, message) : HandleAsync(queue, message, settings));
        }
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
            logger.LogWarning("Message {MessageId} of {Queue} not released at shutdown: {Error}", message.MessageId, queue.Name, e.GetType().Name);
        }
    }

    private async ValueTask HandleAsync(QueueClient queue, QueueMessage message, TOptions settings)
    {
        using var timeout = new CancellationTokenSource(settings.VisibilityTimeout);
        try
        {
            await handler.HandleAsync(message.MessageText, message.DequeueCount, timeout.Token);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Any failure is a failed delivery: retried with back-off, poisoned after MaxDequeueCount.
            try
            {
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
}
