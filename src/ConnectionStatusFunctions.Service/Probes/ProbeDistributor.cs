using System.Text.Json;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>
/// One timer tick, the same under either host: lists the tenants (one query on the Tenants table,
/// never their accounts), puts one probe request per tenant, or per shard of a surveyed large
/// tenant, on the probe queue, then adds up the probe workers' partial counts into each channel's
/// provider health. Probing is the workers' part (<see cref="ProbeWorker"/>). Last, the outbox sweep
/// (<see cref="OutboxSweep"/>) asks for the dispatch of events a process committed but never handed off.
/// </summary>
public sealed class ProbeDistributor(
    TenantStore tenantStore,
    ChannelHealthStore channelHealth,
    ProbeCountStore probeCounts,
    QueuedShardStore queuedShards,
    ChannelTally tally,
    OutboxSweep outboxSweep,
    QueueServiceClient queues,
    IOptions<ProbeOptions> options,
    IOptions<ProbeQueueOptions> queueOptions,
    OutagePolicy outagePolicy,
    TimeProvider time,
    ILogger<ProbeDistributor> logger)
{
    /// <summary>How often a tenant's rows are counted again to re-cut its shards (plus up to <see cref="SurveySpread"/>, so that tenants do not all come due in one tick).</summary>
    public static readonly TimeSpan SurveyEvery = TimeSpan.FromHours(1);

    public static readonly TimeSpan SurveySpread = TimeSpan.FromMinutes(30);

    private const int SendConcurrency = 32;

    public async Task<ProbeTickSummary> DistributeAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var round = time.GetUtcNow();
        if (isPastDue)
        {
            logger.LogInformation("Probe tick is past due; running it once now");
        }

        var tenants = await tenantStore.ListShardsAsync(cancellationToken);
        var requests = new List<ProbeRequest>();
        var surveys = 0;
        // Even with no channel probed: each request also records the silent accounts of its range (SilenceSweep).
        foreach (var tenant in tenants)
        {
            requests.AddRange(tenant.Ranges().Select(range => new ProbeRequest(tenant.TenantId, range.From, range.To, round)));
            if (tenant.SurveyedAt is not { } surveyed || surveyed <= round - SurveyEvery - Spread(tenant.TenantId))
            {
                requests.Add(new ProbeRequest(tenant.TenantId, null, null, round, Survey: true));
                surveys++;
            }
        }

        var pending = 0;
        if (requests.Count > 0)
        {
            (requests, pending) = await HoldBackPendingAsync(requests, round, cancellationToken);
            surveys = requests.Count(r => r.Survey);
        }

        if (requests.Count > 0)
        {
            var queue = queues.GetQueueClient(queueOptions.Value.Name);
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            // A request nobody took within its lifetime expires: the queue holds at most about one per shard.
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = SendConcurrency, CancellationToken = cancellationToken }, async (request, token) =>
                await queue.SendMessageAsync(JsonSerializer.Serialize(request, ServiceJson.Options), visibilityTimeout: null, timeToLive: settings.RequestLifetime, token));
            // After the sends: a send that failed leaves its shard free for the next tick.
            await queuedShards.MarkQueuedAsync(requests.Select(Key).ToList(), round, cancellationToken);
        }

        // From what the workers of earlier rounds measured; after the requests, so that a failure here holds no probe back.
        var channels = await UpdateProviderHealthAsync(round, cancellationToken);
        await outboxSweep.SweepAsync(tenants.Select(t => t.TenantId), round, cancellationToken);
        var summary = new ProbeTickSummary(tenants.Count, requests.Count - surveys, surveys, channels, pending);
        // Every minute, whether or not anything is due: at Information only when shards are still pending or a provider is out.
        var level = summary.StillPending > 0 || channels.Any(c => c.IsOutage) ? LogLevel.Information : LogLevel.Debug;
        logger.Log(level, "Probe tick: {Tenants} tenants, {Requests} probe requests, {Surveys} surveys queued, {Pending} still pending; outages: {Outages}",
            summary.Tenants, summary.Requests, summary.Surveys, summary.StillPending, string.Join(",", channels.Where(c => c.IsOutage).Select(c => WireName.Of(c.Channel))));
        return summary;
    }

    private static string Key(ProbeRequest request) => QueuedShardStore.QueuedKey(request.TenantId, request.From, request.Survey);

    /// <summary>
    /// Leaves out the requests whose shard's earlier request is still waiting or working, unless
    /// it was queued a whole request lifetime ago (it expired or was lost); drops the marks of
    /// shards that no longer exist.
    /// </summary>
    private async Task<(List<ProbeRequest> Requests, int Pending)> HoldBackPendingAsync(List<ProbeRequest> requests, DateTimeOffset round, CancellationToken cancellationToken)
    {
        var marks = await queuedShards.ListQueuedAsync(cancellationToken);
        var since = round - options.Value.RequestLifetime;
        var free = requests.Where(r => !(marks.TryGetValue(Key(r), out var mark) && mark.IsPendingSince(since))).ToList();
        var current = requests.Select(Key).ToHashSet(StringComparer.Ordinal);
        var gone = marks.Keys.Where(k => !current.Contains(k) && !IsSurveyOfCurrentTenant(k, current)).ToList();
        if (gone.Count > 0)
        {
            await queuedShards.DeleteQueuedAsync(gone, cancellationToken);
        }

        return (WithHolds(free, marks), requests.Count - free.Count);
    }

    /// <summary>
    /// Fairness across requests, whatever order they are sent or taken in: while some shard is owed
    /// a channel (its last request skipped that channel's accounts because it was paused), every
    /// other shard's request holds its accounts of that channel back this round, so the owed go
    /// first. Holding owes nothing, so the owed shards only get fewer until none is left.
    /// </summary>
    private static List<ProbeRequest> WithHolds(List<ProbeRequest> requests, IReadOnlyDictionary<string, QueuedShard> marks)
    {
        // Only the debts of shards sent this round: an owed request still waiting, or lost, holds
        // nobody back while it waits, so a request lost again and again costs one round each time.
        var owed = requests.Where(r => !r.Survey)
            .Select(r => marks.GetValueOrDefault(Key(r))?.PauseSkipped)
            .OfType<IReadOnlySet<Channel>>()
            .SelectMany(channels => channels)
            .Distinct()
            .ToList();
        if (owed.Count == 0)
        {
            return requests;
        }

        return requests.Select(request =>
        {
            if (request.Survey)
            {
                return request;
            }

            var mark = marks.GetValueOrDefault(Key(request));
            var hold = owed.Where(channel => mark?.IsOwed(channel) != true).Select(WireName.Of).Order(StringComparer.Ordinal).ToList();
            return hold.Count == 0 ? request : request with { Hold = hold };
        }).ToList();
    }

    // A tenant's survey mark stays between its surveys; "tenant|" is the key of its first (or only) range.
    private static bool IsSurveyOfCurrentTenant(string key, HashSet<string> current) =>
        key.EndsWith("|~survey", StringComparison.Ordinal) && current.Contains(key[..^"~survey".Length]);

    /// <summary>
    /// The span of rounds whose partial counts are added up: a silent account is probed once per
    /// Interval plus up to one tick (it becomes due only after a whole Interval, and ticks are a
    /// period apart), so over Interval + 1.5 tick periods it is counted once; never more than the outage window.
    /// </summary>
    public TimeSpan HealthSpan()
    {
        var span = options.Value.Interval + (options.Value.TickPeriod * 1.5);
        return span < outagePolicy.Window ? span : outagePolicy.Window;
    }

    private async Task<IReadOnlyList<ChannelHealth>> UpdateProviderHealthAsync(DateTimeOffset round, CancellationToken cancellationToken)
    {
        var since = round - HealthSpan();
        // This instance's own counts at once; other instances' within their flush period.
        await tally.FlushAsync(cancellationToken);
        var sums = await probeCounts.SumPartialsAsync(since, cancellationToken);
        var channels = ProviderHealth.FromCounts(sums, outagePolicy, round);
        await channelHealth.SaveAsync(channels, cancellationToken);
        await probeCounts.DeletePartialsBeforeAsync(since, cancellationToken);
        return channels;
    }

    /// <summary>A stable share of <see cref="SurveySpread"/> per tenant (not string.GetHashCode, which differs per process).</summary>
    private static TimeSpan Spread(string tenantId)
    {
        var hash = 17u;
        foreach (var c in tenantId)
        {
            hash = unchecked((hash * 31) + c);
        }

        return TimeSpan.FromSeconds(hash % (uint)SurveySpread.TotalSeconds);
    }
}
