using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Standalone.Triggers;

/// <summary>
/// The standalone queue trigger, one per queue the app consumes (failure reports, probe requests):
/// receives batches with a visibility timeout, absorbs them with
/// bounded concurrency, deletes what was handled, lets failed messages reappear with a growing
/// delay and poisons them after MaxDequeueCount deliveries. Polls faster while busy and backs off
/// while idle. A message that fails on a storage transport failure, a 5xx or storage refusing the
/// app's credentials (<see cref="StorageFailure.IsTransient"/>)
/// is not at fault, whether storage is wholly down or only refuses writes (throttling, a partial
/// outage): it is handed back as a fresh message, so that delivery does not count towards
/// poisoning, and the listener waits a growing, jittered delay (at most one visibility timeout)
/// before taking messages again. A message keeps that grace for
/// <see cref="QueueDelivery.StorageOutageAllowance"/> from its first storage failure; after it, its
/// storage failures count like any other, so a message that storage fails on every time (one row
/// answering 500) is poisoned rather than redelivered forever. On shutdown it stops receiving,
/// finishes the messages it has started and releases the rest of the batch at once.
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

    private readonly StorageFailureMemory _storageFailures = new(time);

    // Whether this outage's refused credentials were logged: once per outage, not once per poll.
    private bool _refusalLogged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = queueOptions.Value;
        var queue = queues.GetQueueClient(settings.Name);
        var idle = MinPollingInterval;
        var storageBackoff = TimeSpan.Zero;
        long? unreachableSince = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages = [];
            var received = false;
            try
            {
                // During an outage a received message would only be handed back unread.
                if (unreachableSince is null || await storage.IsReachableAsync(stoppingToken))
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                    messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, settings.VisibilityTimeout, stoppingToken)).Value;
                    received = true;
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
                if (!_refusalLogged && StorageFailure.IsCredentialRefused(e))
                {
                    // Not an outage that passes by itself: an operator must fix the credentials.
                    // The type only, never the text, which repeats what the request was signed with.
                    _refusalLogged = true;
                    logger.LogError("Storage for queue {Queue} refused the app's credentials ({Error}); fix the account key, SAS or identity in AzureWebJobsStorage", settings.Name, e.GetType().Name);
                }
            }

            if (messages.Length == 0)
            {
                if (received)
                {
                    unreachableSince = StorageAnswersAgain(settings, unreachableSince);
                }

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
            // as they are handed back once a message of the batch found storage failing.
            var outage = new OutageSeen();
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, (message, _) =>
                stoppingToken.IsCancellationRequested || outage.Seen ? HandBackAsync(queue, message, TimeSpan.Zero) : HandleAsync(queue, message, settings, outage));
            if (!outage.Seen)
            {
                storageBackoff = TimeSpan.Zero;
                unreachableSince = StorageAnswersAgain(settings, unreachableSince);
                continue;
            }

            unreachableSince ??= OutageStarted(settings, "a message found storage failing");
            // Even when the reachability query answers (reads work, writes are refused), the next
            // batch waits: 1, 2, 4... seconds up to one visibility timeout, jittered so that several
            // listeners do not come back in step.
            storageBackoff = storageBackoff == TimeSpan.Zero
                ? TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, settings.VisibilityTimeout.Ticks))
                : TimeSpan.FromTicks(Math.Min(storageBackoff.Ticks * 2, settings.VisibilityTimeout.Ticks));
            try
            {
                await Task.Delay(storageBackoff * (0.5 + (Random.Shared.NextDouble() / 2)), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private long? StorageAnswersAgain(TOptions settings, long? unreachableSince)
    {
        _refusalLogged = false;
        if (unreachableSince is { } since)
        {
            logger.LogInformation("Storage for queue {Queue} is reachable again after {Outage}", settings.Name, time.GetElapsedTime(since));
        }

        return null;
    }

    private long OutageStarted(TOptions settings, string error)
    {
        logger.LogWarning("Storage for queue {Queue} is unreachable ({Error}); polling again every {Interval} at most", settings.Name, error, settings.MaxPollingInterval);
        return time.GetTimestamp();
    }

    /// <summary>
    /// Gives a message back without counting the delivery: the queue's dequeue count cannot be
    /// lowered, so a message delivered more than once is sent again as a fresh copy (written before
    /// the original is deleted, so it is never lost; a copy left beside an undeleted original is
    /// applied once, since reports and probe requests are idempotent). A first delivery is simply
    /// made visible again.
    /// </summary>
    private async ValueTask HandBackAsync(QueueClient queue, QueueMessage message, TimeSpan delay)
    {
        try
        {
            if (message.DequeueCount > 1)
            {
                await queue.SendMessageAsync(message.MessageText, visibilityTimeout: delay, cancellationToken: CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: delay, cancellationToken: CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            // It reappears after its visibility timeout anyway.
            logger.LogWarning("Message {MessageId} of {Queue} not handed back: {Error}", message.MessageId, queue.Name, e.GetType().Name);
        }
    }

    private async ValueTask HandleAsync(QueueClient queue, QueueMessage message, TOptions settings, OutageSeen outage)
    {
        using var timeout = new CancellationTokenSource(settings.VisibilityTimeout);
        try
        {
            await handler.HandleAsync(message.MessageText, message.DequeueCount, timeout.Token);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            _storageFailures.Forget(message.MessageText);
        }
        catch (Exception e)
        {
            // Storage failing is not the message's fault, whatever a read of storage says now: it is
            // handed back uncounted, within the allowance. Any other failure, and a storage failure
            // past it, is a failed delivery: retried with back-off, poisoned after MaxDequeueCount.
            try
            {
                if (StorageFailure.IsTransient(e))
                {
                    outage.Seen = true;
                    if (_storageFailures.MayHandBack(message.MessageText))
                    {
                        await HandBackAsync(queue, message, TimeSpan.Zero);
                        return;
                    }
                }

                if (message.DequeueCount >= settings.MaxDequeueCount)
                {
                    // When the poison queue cannot be written either (a whole outage), this throws and the message stays.
                    await handler.PoisonAsync(message.MessageText, QueueDelivery.FailedReason(message.DequeueCount, e), message.DequeueCount, CancellationToken.None);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                    _storageFailures.Forget(message.MessageText);
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

    /// <summary>Set by the first message of a batch that failed on a storage transport failure or 5xx.</summary>
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
