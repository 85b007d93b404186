using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>
/// The probe queue's handler, whoever delivers the message (the Functions queue trigger or the
/// standalone listener): finds the due rows of one tenant or shard with one filtered query, probes
/// them with bounded concurrency inside the time budget, and applies each answer through the same
/// intake as every report (source probe: validation, redaction, ordering, conditional write). A
/// redelivered request probes what is still due; an answer older than what is stored is stale. A
/// survey request runs the tenant's <see cref="TenantSurvey"/> instead.
/// </summary>
public sealed class ProbeWorker(
    TenantStore tenants,
    TenantSurvey survey,
    StatusRowScans scans,
    QueuedShardStore queuedShards,
    ReportIntake intake,
    SilenceSweep silence,
    ProbeClient client,
    ProbeBackoff backoff,
    PoisonRecords poisonRecords,
    IOptions<ProbeOptions> options,
    IOptions<ProbeQueueOptions> queueOptions,
    TimeProvider time,
    StatusTelemetry telemetry,
    ILogger<ProbeWorker> logger) : IQueueMessageHandler<ProbeQueueOptions>
{
    Task IQueueMessageHandler<ProbeQueueOptions>.HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken) =>
        HandleAsync(message, dequeueCount, cancellationToken);

    /// <summary>Returns when the request is done with; throws (storage down) so the deliverer retries it.</summary>
    public async Task<ProbeShardSummary> HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!ProbeRequest.TryRead(message, out var request, out var problem) || ((problem = await WhyNoTickSentAsync(request, cancellationToken)).Length > 0 && problem != DeletedTenant))
        {
            // Retrying would change nothing; its accounts simply stay due for the next tick's requests.
            await PoisonAsync(message, problem, dequeueCount, cancellationToken);
            return new ProbeShardSummary(ProbeRequestOutcome.Poisoned, 0, 0, 0, 0, 0, false);
        }

        if (problem == DeletedTenant)
        {
            logger.LogInformation("Dropped a probe request for {TenantId}: the tenant was deleted after the tick sent it", request.TenantId);
            return new ProbeShardSummary(ProbeRequestOutcome.Dropped, 0, 0, 0, 0, 0, false);
        }

        ProbeShardSummary summary;
        IReadOnlyCollection<Channel> pauseSkipped = [];
        if (request.Survey)
        {
            await survey.RunAsync(request.TenantId, cancellationToken);
            summary = new ProbeShardSummary(ProbeRequestOutcome.Surveyed, 0, 0, 0, 0, 0, false);
        }
        else
        {
            (summary, pauseSkipped) = await ProbeShardAsync(request, cancellationToken);
        }

        // The next tick may queue this shard again, and knows which channels it is owed.
        await queuedShards.MarkDoneAsync(QueuedShardStore.QueuedKey(request.TenantId, request.From, request.Survey), request.Round, pauseSkipped, cancellationToken);
        return summary;
    }

    /// <summary>
    /// Why the tick could not have sent this request (empty when it could): a round in the future
    /// or older than a request lives, a tenant never registered, a survey of a range. Any range of a
    /// registered tenant is accepted, since its shards may have been re-cut since.
    /// </summary>
    private async Task<string> WhyNoTickSentAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var oldest = settings.RequestLifetime + settings.TickPeriod;
        if (request.Round > now + QueuedShard.ClockSkew)
        {
            return "round is later than now: no tick has sent it.";
        }

        if (request.Round < now - oldest)
        {
            return $"round is more than {oldest} old: a request expires from the queue before that.";
        }

        if (request.Survey && (request.From is not null || request.To is not null))
        {
            return "a survey counts the whole tenant: from and to must be absent.";
        }

        if (request.Survey && request.Hold is not null)
        {
            return "a survey probes nothing: hold must be absent.";
        }

        return await tenants.RegistrationOfAsync(request.TenantId, cancellationToken) switch
        {
            TenantRegistration.Live => string.Empty,
            TenantRegistration.Deleted => DeletedTenant,
            _ => "tenantId is not a registered tenant: no tick sends requests for it.",
        };
    }

    /// <summary>Why a request of a tenant deleted since its tick is dropped rather than poisoned.</summary>
    private const string DeletedTenant = "tenantId is a deleted tenant.";

    private async Task<(ProbeShardSummary Summary, IReadOnlyCollection<Channel> PauseSkipped)> ProbeShardAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        using var activity = StatusTelemetry.Traces.StartActivity("ProbeRun");
        activity?.SetTag("tenant.id", request.TenantId);

        // The budget counts from the start, the due-row query included: under the host the
        // function's timeout does too. Its timer runs on the worker's clock.
        using var budget = new CancellationTokenSource(settings.TimeBudget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var templates = settings.Urls.ToDictionary(pair => WireName.Parse<Channel>(pair.Key), pair => pair.Value);
        var due = new List<DueAccount>();
        var outOfTime = false;
        try
        {
            await foreach (var row in scans.ListDueAsync(request.TenantId, request.From, request.To, startedAt - settings.Interval, templates.Keys, linked.Token))
            {
                due.Add(row);
            }
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            outOfTime = true;
        }

        outOfTime |= time.GetUtcNow() - startedAt >= settings.TimeBudget;

        // Fairness: the longest unchecked go first, so accounts a pause or the budget left out
        // lead the next request; accounts whose last answer was a rate limit go last, so that one
        // throttled account is not, round after round, the probe that pauses its channel.
        due.Sort((a, b) => a.RateLimited != b.RateLimited ? a.RateLimited.CompareTo(b.RateLimited)
            : a.LastCheckedAt != b.LastCheckedAt ? a.LastCheckedAt.CompareTo(b.LastCheckedAt)
            : string.CompareOrdinal(a.Key.ChannelAccountId, b.Key.ChannelAccountId));
        // Held accounts stay due without a probe: other shards are owed their channel this round.
        var hold = request.Hold?.Select(WireName.Parse<Channel>).ToHashSet() ?? [];
        var toProbe = due.Where(account => !hold.Contains(account.Channel)).ToList();
        var held = due.Count - toProbe.Count;
        var firstOfChannel = new Dictionary<Channel, TaskCompletionSource>();
        var pauseSkipped = new HashSet<Channel>();
        int probed = 0, connected = 0, failed = 0, skipped = 0;
        try
        {
            await Parallel.ForEachAsync(outOfTime ? [] : toProbe, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = linked.Token }, async (account, token) =>
            {
                // The first probe of a channel goes alone: if its connector answers 429, no other
                // request to it has been sent meanwhile.
                TaskCompletionSource? mine = null, first;
                lock (firstOfChannel)
                {
                    if (!firstOfChannel.TryGetValue(account.Channel, out first))
                    {
                        firstOfChannel[account.Channel] = first = mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }

                try
                {
                    if (mine is null)
                    {
                        await first.Task.WaitAsync(token);
                    }

                    if (await backoff.PausedUntilAsync(account.Channel, token) is not null)
                    {
                        Interlocked.Increment(ref skipped); // the channel asked us to back off (429 Retry-After), here or in another worker
                        // Owed only an account a pause kept out that is not itself throttled: accounts
                        // whose last answer was a 429 are what pauses the channel, and a shard holding
                        // only those must not hold every other shard back round after round.
                        if (!account.RateLimited)
                        {
                            lock (pauseSkipped)
                            {
                                pauseSkipped.Add(account.Channel);
                            }
                        }

                        telemetry.Probed("skipped");
                        return;
                    }

                    if (!ProbeUrl.TryExpand(templates[account.Channel], account.Key, out var url))
                    {
                        // Only an id stored before the id rule refused it (say "..") gets here: its URL would reach another resource.
                        logger.LogWarning("Not probing {TenantId}/{ChannelAccountId}: the id does not fit its channel's URL template unchanged", account.Key.TenantId, account.Key.ChannelAccountId);
                        return;
                    }

                    var result = await client.ProbeAsync(url, token);
                    if (result.RetryAfter is { } wait)
                    {
                        await PauseAsync(account.Channel, time.GetUtcNow() + wait, cancellationToken);
                    }

                    mine?.TrySetResult();
                    var report = new ObservedReport(result.Status, time.GetUtcNow(), result.Category, result.Code, result.Message);
                    // Not the budget's token: a write already started finishes.
                    ApplyResult applied;
                    try
                    {
                        applied = await intake.SubmitAsync(account.Key, report, ReportSource.Probe, cancellationToken);
                    }
                    catch (Deletion.TenantDeletedException)
                    {
                        // Deleted while this request ran: the answer is dropped, as every later one is.
                        return;
                    }

                    if (applied is ApplyResult.Rejected rejected)
                    {
                        logger.LogWarning("Probe result for {TenantId}/{ChannelAccountId} was rejected: {Fields}", account.Key.TenantId, account.Key.ChannelAccountId, string.Join(",", rejected.Errors.Keys));
                        return;
                    }

                    if (applied is ApplyResult.Gone)
                    {
                        // Deleted since the shard's query: a probe never creates an account.
                        logger.LogInformation("Dropped a probe result for {TenantId}/{ChannelAccountId}: the account no longer exists", account.Key.TenantId, account.Key.ChannelAccountId);
                        return;
                    }

                    Interlocked.Increment(ref probed);
                    telemetry.Probed(WireName.Of(result.Status));
                    Interlocked.Increment(ref result.Status == ConnectionStatus.Error ? ref failed : ref connected);
                }
                finally
                {
                    mine?.TrySetResult();
                }
            });
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            outOfTime = true;
        }

        if (outOfTime)
        {
            logger.LogWarning("Probe request for {TenantId} [{From}, {To}) used its {Budget} budget; {Left} due accounts wait for the next tick",
                request.TenantId, request.From, request.To, settings.TimeBudget, toProbe.Count - probed - skipped);
        }

        // After the probes, so that a probed account is asked before it can be found silent; not on
        // the budget: in a steady state it is one query that finds nothing.
        await silence.RecordAsync(request.TenantId, request.From, request.To, cancellationToken);

        var summary = new ProbeShardSummary(ProbeRequestOutcome.Probed, due.Count, probed, connected, failed, skipped, outOfTime, held);
        telemetry.ProbeRunFinished(time.GetElapsedTime(started));
        activity?.SetTag("probe.due", summary.Due);
        activity?.SetTag("probe.probed", summary.Probed);
        // Every shard is asked every tick: one that had nothing to do is news only at Debug, or an idle app would log a line per shard a minute.
        var level = summary.Due > 0 || summary.Held > 0 || summary.OutOfTime ? LogLevel.Information : LogLevel.Debug;
        logger.Log(level, "Probe request for {TenantId} [{From}, {To}): {Due} due, {Probed} probed ({Connected} connected, {Failed} failing), {Skipped} skipped (channel paused: {PauseSkipped}), {Held} held for shards owed {Hold}",
            request.TenantId, request.From, request.To, summary.Due, summary.Probed, summary.Connected, summary.Failed, summary.Skipped,
            string.Join(",", pauseSkipped.Select(WireName.Of)), summary.Held, string.Join(",", hold.Select(WireName.Of)));
        return (summary, pauseSkipped);
    }

    private async Task PauseAsync(Channel channel, DateTimeOffset until, CancellationToken cancellationToken)
    {
        try
        {
            await backoff.PauseAsync(channel, until, cancellationToken);
        }
        catch (Azure.RequestFailedException e)
        {
            // This process still respects the pause; other workers may send a few more requests.
            logger.LogWarning("Could not share the pause of {Channel}: {Error}", WireName.Of(channel), e.ErrorCode ?? e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public async Task PoisonAsync(string message, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        await poisonRecords.WriteAsync(queueOptions.Value, message, reason, null, dequeueCount, cancellationToken);
        logger.LogWarning("Poisoned a probe request at delivery {DequeueCount}: {Reason}", dequeueCount, reason);
    }
}
