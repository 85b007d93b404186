using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Benchmarks;

// Long because each figure is paired with the raw Azure SDK doing the same work, and both sides need their own set-up.
/// <summary>
/// The fanned-out probes on their own Azurite with a fake connector on 127.0.0.1 that answers at
/// once: the tick's own cost, one worker's throughput against the raw SDK doing the same work, and
/// detection latency in a live simulation.
/// </summary>
internal static class ProbeBenchmarks
{
    public static readonly IReadOnlyDictionary<string, Func<string, Task>> Scenarios = new Dictionary<string, Func<string, Task>>
    {
        ["tick"] = TickAsync,
        ["throughput"] = ThroughputAsync,
        ["latency"] = LatencyAsync,
    };

    public static async Task RunAsync(IReadOnlyCollection<string> names)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        Console.WriteLine($"Azurite on 127.0.0.1:{azurite.TablePort} (tables), {azurite.QueuePort} (queues); {Environment.ProcessorCount} cores");
        foreach (var (name, run) in Scenarios)
        {
            if (names.Count == 0 || names.Contains(name))
            {
                Console.WriteLine();
                Console.WriteLine($"== probes {name}");
                await run(azurite.ConnectionString);
            }
        }
    }

    private static readonly ConnectionState Silent = StatusTransition.Apply(
        null, new ConnectionReport(ConnectionStatus.Connected, DateTimeOffset.UtcNow.AddHours(-6), ReportSource.Connector, Channel: Channel.Line), new StatusPolicy()).State!;

    /// <summary>Status rows and Tenants rows straight into the tables, one batch of 100 per partition.</summary>
    private static async Task SeedAsync(StatusApplication app, int tenants, int perTenant, bool surveyed)
    {
        var connections = new TableClient(app.ConnectionString, app.ConnectionsTable);
        var tenantTable = new TableClient(app.ConnectionString, app.TenantsTable);
        await connections.CreateIfNotExistsAsync();
        await tenantTable.CreateIfNotExistsAsync();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, tenants), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (t, ct) =>
        {
            foreach (var chunk in Enumerable.Range(0, perTenant).Chunk(100))
            {
                await connections.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, ConnectionEntity.From(new ConnectionKey(Tenant(t), $"acct-{i:D5}"), Silent, transitionCount: 0))), ct);
            }
        });
        foreach (var chunk in Enumerable.Range(0, tenants).Chunk(100))
        {
            await tenantTable.SubmitTransactionAsync(chunk.Select(t =>
            {
                var row = new TableEntity("tenant", Tenant(t)) { ["FirstSeenAt"] = DateTimeOffset.UtcNow };
                if (surveyed)
                {
                    // As a survey leaves a tenant smaller than one shard: no boundaries, surveyed just now.
                    row["StatusRows"] = perTenant;
                    row["ShardBounds"] = string.Empty;
                    row["SurveyedAt"] = DateTimeOffset.UtcNow;
                }

                return new TableTransactionAction(TableTransactionActionType.Add, row);
            }));
        }

        Console.WriteLine($"seeded {tenants * perTenant:N0} status rows in {tenants:N0} tenants in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private static string Tenant(int t) => $"tenant-{t:D5}";

    /// <summary>The tick for 100,000 accounts in 1,000 tenants: what it reads and sends, against the raw SDK listing the same tenants and sending the same messages, and against reading every account (the old tick's scan).</summary>
    private static async Task TickAsync(string storage)
    {
        const int tenants = 1000, perTenant = 100;
        await using var connector = await FakeConnector.StartAsync();
        using var app = new StatusApplication(storage, settings: new Dictionary<string, string?> { ["Probes:Urls:line"] = connector.Template });
        await SeedAsync(app, tenants, perTenant, surveyed: true);
        var distributor = app.Services.GetRequiredService<ProbeDistributor>();
        var queue = new QueueClient(storage, app.ProbeQueue);
        var rawQueue = new QueueClient(storage, "rawprobes" + Guid.NewGuid().ToString("N")[..8]);
        await rawQueue.CreateIfNotExistsAsync();
        var tenantTable = new TableClient(storage, app.TenantsTable);

        ProbeTickSummary? last = null;
        var queuedShards = app.Services.GetRequiredService<QueuedShardStore>();
        var probeCounts = app.Services.GetRequiredService<ProbeCountStore>();

        // Each timed tick starts as the first: no request waiting, no shard marked queued.
        async Task ForgetQueuedAsync()
        {
            if (await queue.ExistsAsync())
            {
                await queue.ClearMessagesAsync();
            }

            await queuedShards.DeleteQueuedAsync([.. (await queuedShards.ListQueuedAsync(CancellationToken.None)).Keys], CancellationToken.None);
        }

        async Task<TimeSpan> Ours()
        {
            await ForgetQueuedAsync();

            var watch = Stopwatch.StartNew();
            last = await distributor.DistributeAsync(isPastDue: false, CancellationToken.None);
            return watch.Elapsed;
        }

        async Task<TimeSpan> Raw()
        {
            await rawQueue.ClearMessagesAsync();
            var watch = Stopwatch.StartNew();
            var rows = new List<TableEntity>();
            await foreach (var row in tenantTable.QueryAsync<TableEntity>(e => e.PartitionKey == "tenant", select: ["RowKey", "ShardBounds", "SurveyedAt"]))
            {
                rows.Add(row);
            }

            var round = DateTimeOffset.UtcNow;
            await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (row, ct) =>
                await rawQueue.SendMessageAsync(JsonSerializer.Serialize(new { tenantId = row.RowKey, from = (string?)null, to = (string?)null, round, survey = false }), ct));
            return watch.Elapsed;
        }

        var (ours, raw) = await StorageBenchmarks.CompareAsync(Ours, Raw);
        StorageBenchmarks.Check(last!.Requests == tenants && last.Surveys == 0, $"queued {last.Requests} requests, {last.Surveys} surveys");
        // What the old tick read before probing anything: every tenant's rows, one tenant after
        // another. Azurite answers a partition query in time that grows with the whole table, so
        // only a tenth of the tenants are read, and the figure is for that tenth.
        var connections = new TableClient(storage, app.ConnectionsTable);
        var scan = Stopwatch.StartNew();
        var scanned = 0;
        foreach (var t in Enumerable.Range(0, tenants / 10))
        {
            await foreach (var _ in connections.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Tenant(t)}"), maxPerPage: 1000))
            {
                scanned++;
            }
        }

        var scanTime = scan.Elapsed;
        Console.WriteLine($"tick: {tenants:N0} tenants, {tenants * perTenant:N0} accounts: {last.Requests:N0} messages, {tenants:N0} Tenants rows + 0 partial rows read (no partial counts yet)");
        Console.WriteLine($"tick time (median of 5): ours {ours.TotalMilliseconds:0} ms, raw SDK (same query and sends) {raw.TotalMilliseconds:0} ms, ratio ours/raw {ours / raw:0.00}");
        Console.WriteLine($"for comparison, the old tick's scan over {tenants / 10:N0} of the {tenants:N0} tenants (every row, one tenant after another): {scanned:N0} entities in {scanTime.TotalMilliseconds:0} ms");

        // A steady state's provider-health work: a partial row per request for each round of the
        // span (6.5 rounds), and one round that has just left it and is deleted.
        var now = DateTimeOffset.UtcNow;
        var partials = Enumerable.Range(1, 7).SelectMany(minutes => Enumerable.Range(0, tenants).Select(t => (Round: now.AddMinutes(-minutes), Tenant: Tenant(t)))).ToList();
        await Parallel.ForEachAsync(partials, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, ct) =>
            await probeCounts.SavePartialAsync(p.Round, p.Tenant, null, 1, new Dictionary<Channel, (int Checked, int Failing)> { [Channel.Line] = (17, 1) }, ct));
        await ForgetQueuedAsync();
        var steady = Stopwatch.StartNew();
        var withHealth = await distributor.DistributeAsync(isPastDue: false, CancellationToken.None);
        var steadyTime = steady.Elapsed;
        var line = withHealth.Channels.Single(c => c.Channel == Channel.Line);
        Console.WriteLine($"with a steady state's partial counts ({partials.Count - tenants:N0} rows in the span summed: {line.Checked:N0} accounts checked; {tenants:N0} older rows deleted): one tick {steadyTime.TotalMilliseconds:0} ms, {tenants + partials.Count:N0} entities read, {withHealth.Requests:N0} messages");
    }

    /// <summary>One worker probing 2,000 due accounts (two requests of 1,000, one after the other) against the raw SDK doing the same: due query, GET, read, conditional replace.</summary>
    private static async Task ThroughputAsync(string storage)
    {
        const int tenants = 2, perTenant = 1000;
        await using var connector = await FakeConnector.StartAsync();
        using var app = new StatusApplication(storage, settings: new Dictionary<string, string?> { ["Probes:Urls:line"] = connector.Template }).UseClock(DateTimeOffset.UtcNow);
        await SeedAsync(app, tenants, perTenant, surveyed: true);
        var worker = app.Services.GetRequiredService<ProbeWorker>();
        var settings = app.Services.GetRequiredService<IOptions<ProbeOptions>>().Value;

        var raw = new TableClient(storage, "rawprobe" + Guid.NewGuid().ToString("N")[..8]);
        await raw.CreateIfNotExistsAsync();
        foreach (var t in Enumerable.Range(0, tenants))
        {
            foreach (var chunk in Enumerable.Range(0, perTenant).Chunk(100))
            {
                await raw.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, ConnectionEntity.From(new ConnectionKey(Tenant(t), $"acct-{i:D5}"), Silent, transitionCount: 0))));
            }
        }

        var rawRequests = new TableClient(storage, "rawrequests" + Guid.NewGuid().ToString("N")[..8]);
        await rawRequests.CreateIfNotExistsAsync();
        await rawRequests.SubmitTransactionAsync(Enumerable.Range(0, tenants).Select(t => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("tenant", Tenant(t)))));

        using var http = new HttpClient();
        var rawNow = DateTimeOffset.UtcNow;
        var probed = 0;
        async Task<TimeSpan> Ours()
        {
            app.Clock!.Advance(settings.Interval + TimeSpan.FromSeconds(1)); // every account due again
            var watch = Stopwatch.StartNew();
            probed = 0;
            foreach (var t in Enumerable.Range(0, tenants))
            {
                var request = JsonSerializer.Serialize(new ProbeRequest(Tenant(t), null, null, app.Clock.GetUtcNow()), ServiceJson.Options);
                probed += (await worker.HandleAsync(request, 1, CancellationToken.None)).Probed;
            }

            return watch.Elapsed;
        }

        Task<TimeSpan> Raw() => RawProbesAsync(withRequestWork: false);

        // What the raw side leaves out and the product must do for each request: check it against
        // the tenant's registry row, send a channel's first probe alone (a 429 must stop the rest),
        // read the shared 429 pauses, sweep the range for silent accounts, and mark the request done.
        Task<TimeSpan> RawWithRequestWork() => RawProbesAsync(withRequestWork: true);

        async Task<TimeSpan> RawProbesAsync(bool withRequestWork)
        {
            rawNow += settings.Interval + TimeSpan.FromSeconds(1);
            var watch = Stopwatch.StartNew();
            var count = 0;
            foreach (var t in Enumerable.Range(0, tenants))
            {
                if (withRequestWork)
                {
                    _ = await rawRequests.GetEntityIfExistsAsync<TableEntity>("tenant", Tenant(t), select: ["RowKey"]);
                }

                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Tenant(t)} and RowKey ge {""} and RowKey lt {"~"} and LastCheckedAt le {rawNow - settings.Interval} and (Status eq {"connected"} or Status eq {"error"})") + " and (Channel eq 'line')";
                var due = new List<string>();
                await foreach (var row in raw.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "Channel"]))
                {
                    due.Add(row.RowKey);
                }

                var tenant = Tenant(t);
                var first = withRequestWork && due.Count > 0 ? due[0] : null;
                var firstAnswer = first is null ? null : await http.GetAsync($"{connector.BaseUrl}/health/{tenant}/{first}", HttpCompletionOption.ResponseHeadersRead);
                if (withRequestWork)
                {
                    await foreach (var _ in rawRequests.QueryAsync<TableEntity>("PartitionKey eq 'backoff'"))
                    {
                    }
                }

                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (account, ct) =>
                {
                    using var answer = account == first
                        ? firstAnswer!
                        : await http.GetAsync($"{connector.BaseUrl}/health/{tenant}/{account}", HttpCompletionOption.ResponseHeadersRead, ct);
                    var existing = await raw.GetEntityIfExistsAsync<TableEntity>(tenant, account, cancellationToken: ct);
                    var entity = StorageBenchmarks.RawEntity(tenant, account, 0);
                    entity["Status"] = answer.IsSuccessStatusCode ? "connected" : "error";
                    entity["LastCheckedAt"] = rawNow;
                    await raw.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, ct);
                    Interlocked.Increment(ref count);
                });

                if (withRequestWork)
                {
                    var silent = TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RowKey ge {""} and RowKey lt {"~"} and Status eq {"connected"} and LastCheckedAt le {rawNow - TimeSpan.FromHours(1)}");
                    await foreach (var _ in raw.QueryAsync<TableEntity>(silent, maxPerPage: 1000, select: ["RowKey"]))
                    {
                    }

                    var mark = await rawRequests.GetEntityIfExistsAsync<TableEntity>("queued", tenant);
                    var done = new TableEntity("queued", tenant) { ["DoneRound"] = rawNow };
                    _ = mark.HasValue
                        ? await rawRequests.UpdateEntityAsync(done, mark.Value!.ETag, TableUpdateMode.Merge)
                        : await rawRequests.AddEntityAsync(done);
                }
            }

            StorageBenchmarks.Check(count == tenants * perTenant, $"raw probed {count}");
            return watch.Elapsed;
        }

        var (ours, rawTime) = await StorageBenchmarks.CompareAsync(Ours, Raw);
        StorageBenchmarks.Check(probed == tenants * perTenant, $"probed {probed}");
        var oursRate = tenants * perTenant / ours.TotalSeconds;
        var rawRate = tenants * perTenant / rawTime.TotalSeconds;
        Console.WriteLine($"one worker, concurrency {settings.Concurrency}, {tenants * perTenant:N0} due accounts (median of 5): ours {oursRate:0} accounts/s ({ours.TotalMilliseconds:0} ms), raw SDK {rawRate:0} accounts/s ({rawTime.TotalMilliseconds:0} ms), throughput ratio ours/raw {oursRate / rawRate:0.00} (goal >= 0.8: {(oursRate / rawRate >= 0.8 ? "met" : "NOT met")})");
        var (oursAgain, fairTime) = await StorageBenchmarks.CompareAsync(Ours, RawWithRequestWork);
        var (oursAgainRate, fairRate) = (tenants * perTenant / oursAgain.TotalSeconds, tenants * perTenant / fairTime.TotalSeconds);
        Console.WriteLine($"against the raw SDK also doing each request's own work (registry read, first probe alone, pause read, silence query, done mark): ours {oursAgainRate:0} accounts/s, raw SDK {fairRate:0} accounts/s, ratio {oursAgainRate / fairRate:0.00} (for information; the goal is held against the line above)");
        Console.WriteLine($"that is about {oursRate * 60:N0} probes per minute per worker request slot here, with a connector that answers at once");
    }

    /// <summary>
    /// The standalone app with its own timer and listener on the real clock, scaled down 60 times
    /// (tick every second, Probes:Interval 5 s, as 1 minute and 5 minutes): 30 silent accounts whose
    /// connector starts answering 401 at random moments; how long until each shows as error.
    /// </summary>
    private static async Task LatencyAsync(string storage)
    {
        const int accounts = 30;
        var interval = TimeSpan.FromSeconds(5);
        var tick = TimeSpan.FromSeconds(1);
        await using var connector = await FakeConnector.StartAsync();
        using var app = new StatusApplication(storage, settings: new Dictionary<string, string?>
        {
            ["ProbeSchedule"] = "* * * * * *",
            ["Probes:Interval"] = "00:00:05",
            ["Probes:TimeBudget"] = "00:00:01",
            ["Probes:Urls:line"] = connector.Template,
            ["ProbeQueue:MaxPollingInterval"] = "00:00:00.100",
        }, withTriggerLoops: true);
        var client = app.ClientWithKey(StatusApplication.ConnectorKey);
        for (var i = 0; i < accounts; i++)
        {
            (await StatusApplication.PatchAsync(client, $"tenant-{i % 3}", $"acct-{i:D2}", new { status = "connected", checkedAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), channel = "line" })).EnsureSuccessStatusCode();
        }

        // Let the accounts fall into their probing rhythm, then break them one by one at random moments.
        await Task.Delay(TimeSpan.FromSeconds(8));
        var random = new Random(42);
        var breakAt = Enumerable.Range(0, accounts).ToDictionary(i => $"acct-{i:D2}", _ => DateTimeOffset.UtcNow + TimeSpan.FromSeconds(random.NextDouble() * 20));
        var broken = new Dictionary<string, DateTimeOffset>();
        var seen = new Dictionary<string, DateTimeOffset>();
        var table = new TableClient(storage, app.ConnectionsTable);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (seen.Count < accounts && DateTime.UtcNow < deadline)
        {
            foreach (var (account, at) in breakAt)
            {
                if (!broken.ContainsKey(account) && DateTimeOffset.UtcNow >= at)
                {
                    connector.Answer(account, new FakeConnector.Reply(401));
                    broken[account] = DateTimeOffset.UtcNow;
                }
            }

            await foreach (var row in table.QueryAsync<TableEntity>("Status eq 'error'", select: ["RowKey"]))
            {
                if (broken.ContainsKey(row.RowKey) && !seen.ContainsKey(row.RowKey))
                {
                    seen[row.RowKey] = DateTimeOffset.UtcNow;
                }
            }

            await Task.Delay(50);
        }

        StorageBenchmarks.Check(seen.Count == accounts, $"only {seen.Count} of {accounts} breaks were shown within 60 s");
        var latencies = seen.Select(s => (s.Value - broken[s.Key]).TotalSeconds).Order().ToList();
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)];
        var target = (interval + tick).TotalSeconds;
        Console.WriteLine($"{accounts} silent accounts, tick {tick.TotalSeconds:0} s, Probes:Interval {interval.TotalSeconds:0} s: break shown after p50 {Percentile(0.5):0.0} s, p95 {Percentile(0.95):0.0} s, max {latencies[^1]:0.0} s (target p95 <= Interval + one tick = {target:0} s: {(Percentile(0.95) <= target ? "met" : "NOT met")})");
    }
}
