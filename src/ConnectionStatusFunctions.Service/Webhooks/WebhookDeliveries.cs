using System.Collections.Concurrent;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// Delivers a tenant's pending webhook deliveries: per subscription and account in the outbox's order,
/// a later event only once the one before it was delivered or given up. A failed attempt is retried
/// after Webhooks:FirstRetryDelay, doubled per failure up to Webhooks:MaxRetryDelay, each wait
/// jittered down by up to half so receivers that failed together are not called together again; a
/// delivery whose next attempt would fall after Webhooks:GiveUpAfter from its first is given up.
/// A run leases each delivery before sending it, so two instances do not send it at once; within
/// one instance a tenant has one run at a time.
/// </summary>
public sealed class WebhookDeliveries(
    WebhookStore store,
    IWebhookSecrets secrets,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    StatusTelemetry telemetry,
    ILogger<WebhookDeliveries> logger) : IDisposable
{
    // Cancels the background runs when the app's container is disposed at shutdown.
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _runs = new(StringComparer.Ordinal);
    // Per tenant, the timer of its earliest retry this process scheduled (kept here: an unreferenced timer may be collected).
    private readonly Dictionary<string, (DateTimeOffset At, ITimer Timer)> _retries = new(StringComparer.Ordinal);
    // Read when first used, not when built: a hosted service builds this before start-up validation reports every bad setting at once.
    private WebhookOptions _options => options.Value;

    /// <summary>Starts a run for the tenant in the background, right after new deliveries were written; the sweep covers one that never ends.</summary>
    public void Nudge(string tenantId) => _ = Task.Run(async () =>
    {
        try
        {
            await DeliverDueAsync(tenantId, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Left pending: the next nudge or sweep tries again.
            logger.LogWarning("Webhook deliveries of tenant {TenantId} stopped early ({Reason}); the sweep picks them up", tenantId, e.GetType().Name);
        }
    });

    /// <summary>Sends what is due now, in order, once any run of the tenant under way in this process has ended; returns the number of attempts made.</summary>
    public async Task<int> DeliverDueAsync(string tenantId, CancellationToken cancellationToken) =>
        await DeliverDueWithinAsync(tenantId, Timeout.InfiniteTimeSpan, cancellationToken) ?? 0;

    /// <summary>As <see cref="DeliverDueAsync"/>, unless a run of the tenant is under way in this process (it sends what is due): then null at once.</summary>
    public Task<int?> DeliverDueUnlessRunningAsync(string tenantId, CancellationToken cancellationToken) =>
        DeliverDueWithinAsync(tenantId, TimeSpan.Zero, cancellationToken);

    /// <summary>A run, if the tenant's run in this process is free within <paramref name="wait"/>; null when it is not.</summary>
    private async Task<int?> DeliverDueWithinAsync(string tenantId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var run = _runs.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        if (!await run.WaitAsync(wait, cancellationToken))
        {
            return null;
        }

        try
        {
            return await RunAsync(tenantId, cancellationToken);
        }
        finally
        {
            run.Release();
        }
    }

    /// <summary>Accounts of one subscription sent to at once.</summary>
    public const int AccountsAtOnce = 4;

    /// <summary>
    /// Each subscription in a lane of its own, so a slow receiver holds up only its own deliveries;
    /// within a lane, accounts side by side, each account's in order. A lane stops starting attempts
    /// at its first failure: a receiver that is down or hanging costs one timeout per run, not one
    /// per account, and its other deliveries wait for the next run without counting as attempts.
    /// A run starts no attempt once it has lasted Webhooks:DeliveryTimeout, so a receiver that
    /// answers slowly but in time cannot hold the run (and the tick that sweeps it, and the tenant's
    /// next events) for long either; what it left goes on in a run of its own right after.
    /// </summary>
    private async Task<int> RunAsync(string tenantId, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var cut = false;
        var pending = await store.ListPendingAsync(tenantId, cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

        var subscriptions = (await store.ListAsync(tenantId, cancellationToken)).ToDictionary(s => s.SubscriptionId, StringComparer.Ordinal);
        var attempts = 0;
        await Task.WhenAll(pending.GroupBy(d => d.SubscriptionId, StringComparer.Ordinal).Select(async lane =>
        {
            subscriptions.TryGetValue(lane.Key, out var subscription);
            var failed = false;
            await Parallel.ForEachAsync(lane.GroupBy(d => d.ChannelAccountId, StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = AccountsAtOnce, CancellationToken = cancellationToken }, async (account, token) =>
            {
                foreach (var delivery in account)
                {
                    if (subscription is null || subscription.View.State != WebhookState.Active)
                    {
                        await store.FinishAsync(delivery, "dropped", token);
                        continue;
                    }

                    if (Volatile.Read(ref failed))
                    {
                        return;
                    }

                    if (System.Diagnostics.Stopwatch.GetElapsedTime(started) >= _options.DeliveryTimeout)
                    {
                        Volatile.Write(ref cut, true);
                        return;
                    }

                    var outcome = await AttemptAsync(subscription, delivery, token);
                    if (outcome is Attempt.NotDue)
                    {
                        // Not due, or another instance holds it: nothing after it may go first.
                        return;
                    }

                    Interlocked.Increment(ref attempts);
                    if (outcome is Attempt.Finished { Subscription: { } view })
                    {
                        subscription = subscription with { View = view };
                    }

                    if (outcome is Attempt.WillRetry or Attempt.Finished { Delivered: false })
                    {
                        Volatile.Write(ref failed, true);
                        return;
                    }
                }
            });
        }));

        if (cut)
        {
            // Starts once this run has released the tenant.
            Nudge(tenantId);
        }

        return attempts;
    }

    /// <summary>What became of a delivery's turn: not attempted, failed and waiting for its next attempt, or finished (delivered or given up) with the subscription as it now stands.</summary>
    private abstract record Attempt
    {
        public sealed record NotDue : Attempt;

        public sealed record WillRetry : Attempt;

        public sealed record Finished(bool Delivered, WebhookSubscriptionView? Subscription) : Attempt;
    }

    private async Task<Attempt> AttemptAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (delivery.NextAttemptAt > now || delivery.LeaseUntil > now)
        {
            return new Attempt.NotDue();
        }

        var leased = await store.LeaseAsync(delivery, now + (2 * _options.DeliveryTimeout) + TimeSpan.FromSeconds(30), cancellationToken);
        if (leased is null)
        {
            return new Attempt.NotDue();
        }

        var secret = await secrets.ReadAsync(subscription.TenantId, subscription.SubscriptionId, subscription.SecretReference, cancellationToken);
        var started = time.GetUtcNow();
        var result = await sender.SendAsync(new Uri(subscription.View.Url), delivery.EventId, delivery.Body, secret, cancellationToken);
        var at = time.GetUtcNow();
        if (result.Delivered)
        {
            await store.FinishAsync(leased, "delivered", cancellationToken);
            telemetry.WebhookDelivery("delivered");
            return new Attempt.Finished(true, await store.RecordAsync(subscription.TenantId, subscription.SubscriptionId, new WebhookAttempt.Delivered(at), cancellationToken));
        }

        var reason = result.Failure ?? "failed";
        // The give-up horizon counts from when the first attempt was made, not when its timeout ended.
        var first = delivery.FirstAttemptAt ?? started;
        var next = at + Delay(delivery.Attempts + 1);
        if (next - first > _options.GiveUpAfter)
        {
            await store.FinishAsync(leased, "given_up", cancellationToken);
            telemetry.WebhookDelivery("failed");
            logger.LogWarning(
                "Webhook delivery {EventId} to subscription {SubscriptionId} of tenant {TenantId} given up after {Attempts} attempts since {FirstAttemptAt}: {Reason}",
                delivery.EventId, subscription.SubscriptionId, subscription.TenantId, delivery.Attempts + 1, first, reason);
            var view = await store.RecordAsync(subscription.TenantId, subscription.SubscriptionId, new WebhookAttempt.GivenUp(at, reason, first), cancellationToken);
            if (view?.State == WebhookState.Disabled)
            {
                logger.LogWarning("Webhook subscription {SubscriptionId} of tenant {TenantId} disabled: nothing delivered since {FirstAttemptAt:O}", subscription.SubscriptionId, subscription.TenantId, first);
            }

            return new Attempt.Finished(false, view);
        }

        await store.RescheduleAsync(leased, first, next, cancellationToken);
        NudgeAt(subscription.TenantId, next);
        telemetry.WebhookDelivery("retried");
        await store.RecordAsync(subscription.TenantId, subscription.SubscriptionId, new WebhookAttempt.Failed(at, reason), cancellationToken);
        return new Attempt.WillRetry();
    }

    /// <summary>
    /// A run of the tenant when its retry falls due, in this process, so each retry goes at its own
    /// jittered time rather than at the next tick; the tick's sweep stays the backstop (another
    /// process, a restart). One timer per tenant, for its earliest retry: the run it starts sends
    /// whatever is due by then and schedules the next.
    /// </summary>
    private void NudgeAt(string tenantId, DateTimeOffset at)
    {
        lock (_retries)
        {
            if (_stopping.IsCancellationRequested || (_retries.TryGetValue(tenantId, out var scheduled) && scheduled.At <= at && scheduled.At > time.GetUtcNow()))
            {
                return;
            }

            if (scheduled.Timer is { } replaced)
            {
                replaced.Dispose();
            }

            var timer = time.CreateTimer(_ => Retry(tenantId, at), null, Max(at - time.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
            _retries[tenantId] = (at, timer);
        }
    }

    private void Retry(string tenantId, DateTimeOffset at)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        lock (_retries)
        {
            if (_retries.TryGetValue(tenantId, out var scheduled) && scheduled.At == at)
            {
                scheduled.Timer.Dispose();
                _retries.Remove(tenantId);
            }
        }

        Nudge(tenantId);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The wait after the <paramref name="failures"/>-th failure: doubling from the first delay up to the longest, less up to half at random.</summary>
    public TimeSpan Delay(int failures)
    {
        var ceiling = Math.Min(_options.MaxRetryDelay.TotalSeconds, _options.FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 30)));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    public void Dispose()
    {
        _stopping.Cancel();
        lock (_retries)
        {
            foreach (var (_, scheduled) in _retries)
            {
                scheduled.Timer.Dispose();
            }

            _retries.Clear();
        }

        _stopping.Dispose();
    }
}
