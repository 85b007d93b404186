using System.Collections.Concurrent;
using System.Diagnostics;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// Delivers a tenant's pending webhook deliveries: per subscription and account in the outbox's order,
/// a later event only once the one before it was delivered or given up. A failed attempt is retried
/// after Webhooks:FirstRetryDelay, doubled per failure up to Webhooks:MaxRetryDelay, each wait
/// jittered down by up to half so receivers that failed together are not called together again; a
/// delivery whose next attempt would fall after Webhooks:GiveUpAfter from its first is given up.
/// Each subscription of a tenant is a lane with runs of its own, so a receiver that answers slowly
/// holds up none of its tenant's other subscriptions. A run serves its accounts in rounds (each
/// account's next delivery per round), writes the subscription's health once at its end, and leases
/// each delivery before sending it, so two instances do not send it at once; within one instance a
/// lane has one run at a time, and is forgotten when its run ends with nothing left for it.
/// Long because a lane's run, its rounds, its health record and its retry timers share the lane's state: read apart, their ordering guarantees would not show.
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
    private readonly ConcurrentDictionary<LaneKey, Lane> _lanes = Observed(telemetry, new ConcurrentDictionary<LaneKey, Lane>());
    // Per lane, the timer of its earliest retry this process knows of (kept here: an unreferenced timer may be collected).
    private readonly Dictionary<LaneKey, (DateTimeOffset At, ITimer Timer)> _retries = [];
    // Read when first used, not when built: a hosted service builds this before start-up validation reports every bad setting at once.
    private WebhookOptions _options => options.Value;

    private readonly record struct LaneKey(string TenantId, string SubscriptionId);

    /// <summary>One subscription's deliveries in this process: one run at a time, and whether it was asked to look again.</summary>
    private sealed class Lane
    {
        private int _asked;

        public SemaphoreSlim Run { get; } = new(1, 1);

        /// <summary>
        /// Set when deliveries were written (or fell due) for the lane: a run under way lists its
        /// pending deliveries only when it starts, so it runs once more rather than leave them to the sweep.
        /// </summary>
        public void Ask() => Interlocked.Exchange(ref _asked, 1);

        /// <summary>Cleared as a run starts, before it lists what is pending: what it lists answers every ask before it.</summary>
        public void Answer() => Interlocked.Exchange(ref _asked, 0);

        public bool Asked => Volatile.Read(ref _asked) == 1;

        private volatile bool _retired;

        /// <summary>
        /// Set by its run's holder, holding it, as the lane leaves <see cref="_lanes"/>: whoever takes its run after
        /// that finds it retired, lets it go and takes the lane that now stands for the key, so two
        /// lane objects of one key never run at once.
        /// </summary>
        public bool Retired => _retired;

        public void Retire() => _retired = true;
    }

    private Lane LaneOf(LaneKey key) => _lanes.GetOrAdd(key, _ => new Lane());

    /// <summary>The lanes, their count published as a metric (<c>connection_status.webhook_lanes</c>): lanes not forgotten would show as a count that only grows.</summary>
    private static ConcurrentDictionary<LaneKey, Lane> Observed(StatusTelemetry telemetry, ConcurrentDictionary<LaneKey, Lane> lanes)
    {
        telemetry.ObserveWebhookLanes(() => lanes.Count);
        return lanes;
    }

    /// <summary>Takes the key's lane's run if it is free; null when a run holds it (it was asked to look again before it ends).</summary>
    private Lane? TryTakeRun(LaneKey key)
    {
        while (true)
        {
            var lane = LaneOf(key);
            lane.Ask();
            if (!lane.Run.Wait(0))
            {
                // The run under way sees the ask once it has released the lane, and runs again (in the key's new lane, if it retired this one).
                return null;
            }

            if (!lane.Retired)
            {
                return lane;
            }

            lane.Run.Release();
        }
    }

    /// <summary>Waits for the key's lane's run and takes it.</summary>
    private async Task<Lane> TakeRunAsync(LaneKey key, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lane = LaneOf(key);
            await lane.Run.WaitAsync(cancellationToken);
            if (!lane.Retired)
            {
                return lane;
            }

            lane.Run.Release();
        }
    }

    /// <summary>
    /// Right after new deliveries were written for these subscriptions of the tenant: starts a run of
    /// each one's lane in the background, or has the run under way look again before it ends. The
    /// sweep covers a run that never ends.
    /// </summary>
    public void Nudge(string tenantId, IEnumerable<string> subscriptionIds)
    {
        ArgumentNullException.ThrowIfNull(subscriptionIds);
        foreach (var subscriptionId in subscriptionIds)
        {
            Nudge(new LaneKey(tenantId, subscriptionId));
        }
    }

    private void Nudge(LaneKey key)
    {
        if (TryTakeRun(key) is not { } lane)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RunLaneAsync(key, lane, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                // Left pending: the next nudge or sweep tries again.
                logger.LogWarning("Webhook deliveries to subscription {SubscriptionId} of tenant {TenantId} stopped early ({Reason}); the sweep picks them up", key.SubscriptionId, key.TenantId, e.GetType().Name);
            }
        });
    }

    /// <summary>
    /// Sends what is due now, in order, in every lane of the tenant (side by side), each once the run
    /// under way in it in this process, if any, has ended; returns the number of attempts made.
    /// </summary>
    public async Task<int> DeliverDueAsync(string tenantId, CancellationToken cancellationToken)
    {
        // Lanes of this process too, not only those with pending rows: a run that sent its last delivery may still be recording it.
        var subscriptionIds = (await store.ListPendingSubscriptionsAsync(tenantId, cancellationToken))
            .Union(_lanes.Keys.Where(k => k.TenantId == tenantId).Select(k => k.SubscriptionId), StringComparer.Ordinal);
        var attempts = await Task.WhenAll(subscriptionIds.Select(async subscriptionId =>
        {
            var key = new LaneKey(tenantId, subscriptionId);
            return await RunLaneAsync(key, await TakeRunAsync(key, cancellationToken), cancellationToken);
        }));
        return attempts.Sum();
    }

    /// <summary>
    /// As <see cref="DeliverDueAsync"/> for the tenant's lanes with pending deliveries, but a lane
    /// whose run is under way in this process is left to it (asked to look again before it ends)
    /// rather than waited for; returns the number of attempts made by the runs it started.
    /// </summary>
    public async Task<int> DeliverDueUnlessRunningAsync(string tenantId, CancellationToken cancellationToken)
    {
        var attempts = await Task.WhenAll((await store.ListPendingSubscriptionsAsync(tenantId, cancellationToken)).Select(subscriptionId =>
        {
            var key = new LaneKey(tenantId, subscriptionId);
            return TryTakeRun(key) is { } lane ? RunLaneAsync(key, lane, cancellationToken) : Task.FromResult(0);
        }));
        return attempts.Sum();
    }

    /// <summary>
    /// One run of the lane, whose run the caller holds; releases it. Asked meanwhile (new deliveries,
    /// or its time budget ran out), the lane runs again in the background: whoever waits for this run
    /// (the tick's sweep) waits for one run only.
    /// </summary>
    private async Task<int> RunLaneAsync(LaneKey key, Lane lane, CancellationToken cancellationToken)
    {
        int attempts;
        try
        {
            lane.Answer();
            bool cut, left;
            // A span per run, its attempts' HTTP calls inside it: how long a slow receiver held its lane shows in the trace.
            using (var run = StatusTelemetry.Traces.StartActivity(ActivityKind.Internal, tags: [new("tenant.id", key.TenantId), new("webhook.subscription_id", key.SubscriptionId)], name: RunSpan))
            {
                (attempts, cut, left) = await RunAsync(key, lane, cancellationToken);
                run?.SetTag("webhook.attempts", attempts);
            }

            if (cut)
            {
                lane.Ask();
            }
            else if (!left && !lane.Asked && !HasRetryTimer(key))
            {
                // Nothing more for it in this process: forgotten, so lanes do not pile up with every subscription ever
                // sent to. Retired while still held, so a nudge that found it takes the key's next lane instead.
                lane.Retire();
                _lanes.TryRemove(new KeyValuePair<LaneKey, Lane>(key, lane));
            }
        }
        finally
        {
            lane.Run.Release();
        }

        if (lane.Asked)
        {
            Nudge(key);
        }

        return attempts;
    }

    /// <summary>The span of one run of a lane, tagged with its tenant, subscription and the attempts it made.</summary>
    public const string RunSpan = "WebhookRun";

    /// <summary>Accounts of one subscription sent to at once.</summary>
    public const int AccountsAtOnce = 4;

    private bool HasRetryTimer(LaneKey key)
    {
        lock (_retries)
        {
            return _retries.ContainsKey(key);
        }
    }

    /// <summary>
    /// One run of a subscription's lane, in rounds: each round gives every account with a due delivery
    /// its next one (<see cref="AccountsAtOnce"/> at once), accounts with the oldest pending delivery
    /// first, so a quiet account's one event goes in the first round rather than behind every event of
    /// busier accounts; an account's next delivery waits for the next round, so each account's go in
    /// order. It stops starting attempts at the first attempt the receiver did not answer, and after
    /// <see cref="AccountsAtOnce"/> error answers in a row: a receiver that is down, hanging or
    /// refusing everything costs one round of attempts per run, not one per account, and its other
    /// deliveries wait for the next run without counting as attempts; one that refuses one account's
    /// event holds up only that account. It starts no attempt once it has lasted
    /// Webhooks:DeliveryTimeout (cut), so a receiver that answers slowly but in time cannot hold the
    /// run (and the tick that sweeps it) for long either; what it left goes on in a run of its own
    /// right after. Deliveries of a subscription deleted or disabled are dropped. The subscription's
    /// health is written once, at the end, with everything the run saw. Returns whether any delivery
    /// is left pending.
    /// </summary>
    private async Task<(int Attempts, bool Cut, bool Left)> RunAsync(LaneKey key, Lane lane, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var pending = await store.ListPendingAsync(key.TenantId, key.SubscriptionId, cancellationToken);
        if (pending.Count == 0)
        {
            return (0, false, false);
        }

        var subscription = await store.GetAsync(key.TenantId, key.SubscriptionId, cancellationToken);
        if (subscription is null || subscription.View.State != WebhookState.Active)
        {
            foreach (var delivery in pending)
            {
                await store.FinishAsync(delivery, "dropped", cancellationToken);
            }

            return (0, false, false);
        }

        var health = new RunHealth(subscription.View);
        var every = pending.GroupBy(d => d.ChannelAccountId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new AccountTurns(g), StringComparer.Ordinal);
        var seen = pending.Select(d => d.RowKey).ToHashSet(StringComparer.Ordinal);
        var accounts = every.Values.ToList();
        var attempts = 0;
        var cut = false;
        var failed = false;
        var failedInARow = 0;
        var answeredMidRun = false;
        try
        {
            while (accounts.Count > 0 && !Volatile.Read(ref failed) && !Volatile.Read(ref cut))
            {
                var round = accounts.OrderBy(a => a.Next.WrittenAt).ThenBy(a => a.Next.ChannelAccountId, StringComparer.Ordinal).ToList();
                await Parallel.ForEachAsync(round, new ParallelOptions { MaxDegreeOfParallelism = AccountsAtOnce, CancellationToken = cancellationToken }, async (account, token) =>
                {
                    if (Volatile.Read(ref failed))
                    {
                        return;
                    }

                    if (!health.Active)
                    {
                        // Disabled by a give-up earlier in this run: nothing more goes to it.
                        await account.DropAllAsync(store, token);
                        return;
                    }

                    if (System.Diagnostics.Stopwatch.GetElapsedTime(started) >= _options.DeliveryTimeout)
                    {
                        Volatile.Write(ref cut, true);
                        return;
                    }

                    var outcome = await AttemptAsync(subscription, account.Next, health, token);
                    if (outcome is Attempt.NotDue notDue)
                    {
                        // Its retry may be one no timer of this process waits for (another account's timer started this run, or another instance failed it).
                        if (notDue.RetryAt is { } retryAt)
                        {
                            NudgeAt(key, retryAt);
                        }

                        // Not due, or another instance holds it: nothing after it may go first.
                        account.Stop();
                        return;
                    }

                    Interlocked.Increment(ref attempts);
                    if (outcome is Attempt.Finished { Delivered: true })
                    {
                        Interlocked.Exchange(ref failedInARow, 0);
                        account.Advance();
                        return;
                    }

                    // A receiver that does not answer stops the run at once: each attempt would cost a timeout. One that
                    // answers an error may be refusing this account's event only, so the others go on, until errors
                    // come AccountsAtOnce in a row (it refuses everything): this account's next events wait for its retry.
                    account.Stop();
                    var receiverAnswered = outcome is Attempt.WillRetry { ReceiverAnswered: true } or Attempt.Finished { ReceiverAnswered: true };
                    if (!receiverAnswered || Interlocked.Increment(ref failedInARow) >= AccountsAtOnce)
                    {
                        Volatile.Write(ref failed, true);
                    }
                });
                accounts = [.. round.Where(a => a.HasNext)];
                if (lane.Asked && !Volatile.Read(ref failed) && !Volatile.Read(ref cut))
                {
                    // Deliveries written since the run listed its own (a quiet account's event behind a busy one's): they join
                    // the next round rather than wait for the run's end or cut.
                    lane.Answer();
                    answeredMidRun = true;
                    Join(every, seen, accounts, await store.ListPendingAsync(key.TenantId, key.SubscriptionId, cancellationToken));
                }
            }
        }
        finally
        {
            await RecordAsync(subscription, health, cancellationToken);
        }

        var left = every.Values.Any(a => a.Left);
        if (answeredMidRun && left)
        {
            // An ask answered mid-run may have been a retry's timer, for an account this run had stopped: the listing
            // cannot restart it, so the lane runs once more rather than leave that retry to the sweep.
            lane.Ask();
        }

        return (attempts, cut, left);
    }

    /// <summary>
    /// Adds to the next round's <paramref name="accounts"/> what <paramref name="pending"/> (listed again mid-run) holds
    /// that the run has not <paramref name="seen"/>: a delivery goes after its account's others, and an account new to
    /// the run joins it; an account the run stopped (not due, failed) takes none in this run, its order held for the next.
    /// </summary>
    private static void Join(Dictionary<string, AccountTurns> every, HashSet<string> seen, List<AccountTurns> accounts, IReadOnlyList<WebhookDelivery> pending)
    {
        foreach (var delivery in pending)
        {
            if (!seen.Add(delivery.RowKey))
            {
                continue;
            }

            if (every.TryGetValue(delivery.ChannelAccountId, out var known))
            {
                known.Add(delivery);
                if (known.HasNext && !accounts.Contains(known))
                {
                    accounts.Add(known);
                }
            }
            else
            {
                var joined = new AccountTurns([delivery]);
                every.Add(delivery.ChannelAccountId, joined);
                accounts.Add(joined);
            }
        }
    }

    /// <summary>
    /// One account's pending deliveries in a run, oldest first; only the run's body serving the account
    /// in a round touches it, and rounds follow one another.
    /// </summary>
    private sealed class AccountTurns(IEnumerable<WebhookDelivery> deliveries)
    {
        private readonly Queue<WebhookDelivery> _pending = new(deliveries);
        private bool _stopped;

        /// <summary>A delivery of it written after the run listed its own: after the others, unless it was stopped (it waits for the next run then).</summary>
        public void Add(WebhookDelivery later) => _pending.Enqueue(later);

        public WebhookDelivery Next => _pending.Peek();

        public bool HasNext => !_stopped && _pending.Count > 0;

        /// <summary>Whether any of its deliveries is still pending after the run.</summary>
        public bool Left => _pending.Count > 0;

        /// <summary>Its next delivery was delivered or given up: the one after goes next round.</summary>
        public void Advance() => _pending.Dequeue();

        /// <summary>Its next delivery waits (not due, held elsewhere, failed): nothing after it goes in this run.</summary>
        public void Stop() => _stopped = true;

        public async Task DropAllAsync(WebhookStore store, CancellationToken cancellationToken)
        {
            while (_pending.TryDequeue(out var delivery))
            {
                await store.FinishAsync(delivery, "dropped", cancellationToken);
            }
        }
    }

    /// <summary>
    /// What a run saw of its receiver, in the order the attempts ended, and the subscription's health
    /// as it would stand after them (whether it is still active): written to its row once, at the run's end.
    /// </summary>
    private sealed class RunHealth(WebhookSubscriptionView start)
    {
        private readonly Lock _lock = new();
        private readonly List<WebhookAttempt> _seen = [];
        private WebhookSubscriptionView _view = start;

        public bool Active
        {
            get
            {
                lock (_lock)
                {
                    return _view.State == WebhookState.Active;
                }
            }
        }

        public int Delivered
        {
            get
            {
                lock (_lock)
                {
                    return _seen.Count(a => a is WebhookAttempt.Delivered);
                }
            }
        }

        public void Saw(WebhookAttempt attempt)
        {
            lock (_lock)
            {
                _seen.Add(attempt);
                _view = WebhookStore.Apply(_view, attempt);
            }
        }

        public IReadOnlyList<WebhookAttempt> Seen
        {
            get
            {
                lock (_lock)
                {
                    return [.. _seen];
                }
            }
        }
    }

    /// <summary>The run's outcome on the subscription's row: one write however many deliveries it made, so a burst does not contend with itself.</summary>
    private async Task RecordAsync(WebhookSubscription subscription, RunHealth health, CancellationToken cancellationToken)
    {
        var seen = health.Seen;
        if (seen.Count == 0)
        {
            return;
        }

        // Even when the run was stopped: what it sent happened.
        var recorded = await store.RecordAsync(subscription.TenantId, subscription.SubscriptionId, seen, CancellationToken.None);
        if (recorded is null)
        {
            if (health.Delivered > 0)
            {
                logger.LogInformation(
                    "Webhook subscription {SubscriptionId} of tenant {TenantId} was deleted while its run was sending: the deliveries its receiver accepted ({Delivered}) are recorded delivered, the others dropped",
                    subscription.SubscriptionId, subscription.TenantId, health.Delivered);
            }

            return;
        }

        if (recorded.Value.Before.State == WebhookState.Active && recorded.Value.After.State == WebhookState.Disabled)
        {
            logger.LogWarning("Webhook subscription {SubscriptionId} of tenant {TenantId} disabled at {DisabledAt:O}: a delivery was given up with nothing delivered since its first attempt", subscription.SubscriptionId, subscription.TenantId, recorded.Value.After.DisabledAt);
        }
    }

    /// <summary>What became of a delivery's turn: not attempted, failed and waiting for its next attempt, or finished (delivered or given up).</summary>
    private abstract record Attempt
    {
        /// <summary>Not attempted: its retry falls at <paramref name="RetryAt"/>, or another instance holds it (null).</summary>
        public sealed record NotDue(DateTimeOffset? RetryAt) : Attempt;

        public sealed record WillRetry(bool ReceiverAnswered) : Attempt;

        public sealed record Finished(bool Delivered, bool ReceiverAnswered) : Attempt;
    }

    private async Task<Attempt> AttemptAsync(WebhookSubscription subscription, WebhookDelivery delivery, RunHealth health, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (delivery.NextAttemptAt > now)
        {
            return new Attempt.NotDue(delivery.NextAttemptAt);
        }

        if (delivery.LeaseUntil > now)
        {
            return new Attempt.NotDue(null);
        }

        var leased = await store.LeaseAsync(delivery, now + (2 * _options.DeliveryTimeout) + TimeSpan.FromSeconds(30), cancellationToken);
        if (leased is null)
        {
            return new Attempt.NotDue(null);
        }

        var secret = await secrets.ReadAsync(subscription.TenantId, subscription.SubscriptionId, subscription.SecretReference, cancellationToken);
        var started = time.GetUtcNow();
        var result = await sender.SendAsync(new Uri(subscription.View.Url), delivery.EventId, delivery.Body, secret, cancellationToken);
        var at = time.GetUtcNow();
        if (result.Delivered)
        {
            await store.FinishAsync(leased, "delivered", cancellationToken);
            telemetry.WebhookDelivery("delivered");
            health.Saw(new WebhookAttempt.Delivered(at));
            return new Attempt.Finished(true, ReceiverAnswered: true);
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
            health.Saw(new WebhookAttempt.GivenUp(at, reason, first));
            return new Attempt.Finished(false, result.Answered);
        }

        await store.RescheduleAsync(leased, first, next, cancellationToken);
        NudgeAt(new LaneKey(subscription.TenantId, subscription.SubscriptionId), next);
        telemetry.WebhookDelivery("retried");
        health.Saw(new WebhookAttempt.Failed(at, reason));
        return new Attempt.WillRetry(result.Answered);
    }

    /// <summary>
    /// A run of the lane when its retry falls due, in this process, so each retry goes at its own
    /// jittered time rather than at the next tick; the tick's sweep stays the backstop (another
    /// process, a restart). One timer per lane, for the earliest retry it was given: the run it
    /// starts sends whatever is due by then, and a retry that run meets not yet due sets the next.
    /// </summary>
    private void NudgeAt(LaneKey key, DateTimeOffset at)
    {
        lock (_retries)
        {
            if (_stopping.IsCancellationRequested || (_retries.TryGetValue(key, out var scheduled) && scheduled.At <= at && scheduled.At > time.GetUtcNow()))
            {
                return;
            }

            if (scheduled.Timer is { } replaced)
            {
                replaced.Dispose();
            }

            var timer = time.CreateTimer(_ => Retry(key, at), null, Max(at - time.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
            _retries[key] = (at, timer);
        }
    }

    private void Retry(LaneKey key, DateTimeOffset at)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        lock (_retries)
        {
            if (_retries.TryGetValue(key, out var scheduled) && scheduled.At == at)
            {
                scheduled.Timer.Dispose();
                _retries.Remove(key);
            }
        }

        Nudge(key);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The wait after the <paramref name="failures"/>-th failure: doubling from the first delay up to the longest, less up to half at random.</summary>
    public TimeSpan Delay(int failures) => Delay(_options, failures, Random.Shared.NextDouble());

    /// <summary>As <see cref="Delay(int)"/> with the random part drawn as <paramref name="draw"/>, in [0, 1): 0 waits half the doubled delay, nearly 1 all of it.</summary>
    internal static TimeSpan Delay(WebhookOptions options, int failures, double draw)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ceiling = Math.Min(options.MaxRetryDelay.TotalSeconds, options.FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 30)));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (draw * 0.5)));
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
