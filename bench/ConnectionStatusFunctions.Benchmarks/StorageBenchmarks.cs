using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Standalone.Triggers;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Benchmarks;

// Long because each storage path is measured beside the raw Azure SDK doing the same work, and both sides need
// their own set-up.
/// <summary>
/// The app's storage paths against the same work done with the raw Azure SDK on the same Azurite.
/// Each figure is the median of several rounds, ours and raw alternating so drift hits both.
/// </summary>
internal static class StorageBenchmarks
{
    private const int Rounds = 5;
    private static readonly DateTimeOffset Base = DateTimeOffset.UtcNow.AddHours(-6);

    /// <summary>The benchmarks measure storage paths, not the per-key request budget.</summary>
    internal static readonly Dictionary<string, string?> Unlimited = new()
    {
        ["RateLimits:PerCallerPerSecond"] = "100000",
        ["RateLimits:PerCallerBurst"] = "1000000",
    };

    internal sealed record Row(string Scenario, string Ours, string Raw, double Ratio, string Target, bool Met);

    public static readonly IReadOnlyDictionary<string, Func<string, Task<Row>>> Scenarios = new Dictionary<string, Func<string, Task<Row>>>
    {
        ["patch"] = PatchAsync,
        ["transitions"] = TransitionsAsync,
        ["list"] = ListAsync,
        ["list-inmemory"] = ListInMemoryAsync,
        ["attention"] = AttentionBenchmarks.AgainstPlainListAsync,
        ["attention-raw"] = AttentionBenchmarks.AgainstRawIndexAsync,
        ["search"] = ListBenchmarks.NameSearchAsync,
        ["prefix"] = ListBenchmarks.IdPrefixAsync,
        ["queue"] = QueueAsync,
        ["list-profile"] = ListProfile.RunAsync,
        ["probe"] = ProbeAsync,
        ["patch-events"] = EventBenchmarks.PatchWithEventsAsync,
        ["event-latency"] = EventBenchmarks.DeliveryLatencyAsync,
        ["webhook-latency"] = EventBenchmarks.WebhookLatencyAsync,
    };

    /// <summary>Runs the named scenarios (all when none is named) on one fresh Azurite and prints a table.</summary>
    public static async Task RunAsync(IReadOnlyCollection<string> names)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        Console.WriteLine($"Azurite on 127.0.0.1:{azurite.TablePort} (tables), {azurite.QueuePort} (queues); {Environment.ProcessorCount} cores");
        var rows = new List<Row>();
        foreach (var (name, run) in Scenarios)
        {
            if (names.Count == 0 || names.Contains(name))
            {
                rows.Add(await run(azurite.ConnectionString));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"scenario",-44} {"ours",-22} {"raw SDK",-22} {"ratio",-8} {"target",-14} met");
        foreach (var row in rows)
        {
            var ratio = double.IsNaN(row.Ratio) ? "-" : row.Ratio.ToString("0.00", CultureInfo.InvariantCulture);
            Console.WriteLine($"{row.Scenario,-44} {row.Ours,-22} {row.Raw,-22} {ratio,-8} {row.Target,-14} {(row.Met ? "yes" : "NO")}");
        }
    }

    /// <summary>PATCH end to end (in-process HTTP, validation, redaction, transition, conditional write) versus read + conditional replace.</summary>
    private static Task<Row> PatchAsync(string storage) =>
        // 150 accounts: each account always gets the same status (150 is a multiple of 3), so after
        // its first report no write is a transition and the status row is written alone.
        PatchScenarioAsync(storage, accounts: 150, "PATCH (read-transition-conditional write)");

    /// <summary>
    /// The same with every report changing the account's status, so each write is the status row and
    /// its history entry in one transaction; the raw side submits the same two-entity transaction.
    /// </summary>
    private static Task<Row> TransitionsAsync(string storage) =>
        PatchScenarioAsync(storage, accounts: 151, "PATCH, mostly transitions (row + history)");

    private static async Task<Row> PatchScenarioAsync(string storage, int accounts, string scenario)
    {
        const int operations = 1500;
        using var app = new StatusApplication(storage, settings: Unlimited);
        var client = app.ClientWithKey(StatusApplication.ConnectorKey);
        var raw = new TableClient(storage, "rawpatch" + Guid.NewGuid().ToString("N")[..8]);
        await raw.CreateIfNotExistsAsync();

        var offset = 0;
        async Task<TimeSpan> Ours()
        {
            var start = offset;
            offset += operations;
            var watch = Stopwatch.StartNew();
            for (var i = start; i < start + operations; i++)
            {
                var response = await StatusApplication.PatchAsync(client, "tenant-bench", $"acct-{i % accounts}", ReportBody(i));
                response.EnsureSuccessStatusCode();
            }

            return watch.Elapsed;
        }

        var rawOffset = 0;
        var transitions = new Dictionary<string, long>();
        async Task<TimeSpan> Raw()
        {
            var start = rawOffset;
            rawOffset += operations;
            var watch = Stopwatch.StartNew();
            for (var i = start; i < start + operations; i++)
            {
                var account = $"acct-{i % accounts}";
                var existing = await raw.GetEntityIfExistsAsync<TableEntity>("tenant-bench", account);
                var entity = RawEntity("tenant-bench", account, i);
                if (existing.HasValue && existing.Value!.GetString("Status") == entity.GetString("Status"))
                {
                    await raw.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace);
                    continue;
                }

                var sequence = transitions[account] = transitions.GetValueOrDefault(account) + 1;
                var history = RawHistoryRow("tenant-bench", account, sequence, existing.HasValue ? existing.Value : null, entity);
                await raw.SubmitTransactionAsync(
                [
                    existing.HasValue
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, existing.Value!.ETag)
                        : new TableTransactionAction(TableTransactionActionType.Add, entity),
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, history),
                ]);
            }

            return watch.Elapsed;
        }

        var (ours, rawTime) = await CompareAsync(Ours, Raw);
        var ratio = ours / rawTime;
        return new Row(scenario, PerOp(ours, operations), PerOp(rawTime, operations), ratio, "<= 1.5", ratio <= 1.5);
    }

    /// <summary>
    /// Listing a 10,000-account tenant through GET pages of 1,000 versus the raw partition query reading every
    /// column. The app listens on Kestrel at 127.0.0.1, as the standalone host serves, so both sides cross the
    /// same kind of loopback socket (the SDK's to Azurite); the client streams each page into the API's own
    /// records, as a consumer's <c>GetFromJsonAsync</c> does.
    /// </summary>
    private static Task<Row> ListAsync(string storage) =>
        ListScenarioAsync(storage, "list 10,000 accounts (10 pages)", onKestrel: true, (client, url) => client.GetFromJsonAsync<ConnectionList>(url, StatusApplication.ApiJson));

    /// <summary>
    /// The list's earlier method, kept to compare figures with: the in-memory test server, and a client that
    /// buffers each page into a byte array before parsing it.
    /// </summary>
    private static Task<Row> ListInMemoryAsync(string storage) =>
        ListScenarioAsync(storage, "list, in-memory server, buffered client", onKestrel: false, async (client, url) => JsonSerializer.Deserialize<ConnectionList>(await client.GetByteArrayAsync(url), StatusApplication.ApiJson));

    // More rounds than the other scenarios: the list's target is the tightest, and each round takes under a second.
    private const int ListRounds = 9;

    private static async Task<Row> ListScenarioAsync(string storage, string scenario, bool onKestrel, Func<HttpClient, string, Task<ConnectionList?>> getPage)
    {
        const int accounts = 10_000;
        using var app = new StatusApplication(storage, settings: Unlimited);
        if (onKestrel)
        {
            app.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        }

        var support = app.ClientWithKey(StatusApplication.SupportKey);
        var table = new TableClient(storage, app.ConnectionsTable);
        await ListBenchmarks.SeedAsync(table, "tenant-list", accounts, _ => null);

        async Task Ours()
        {
            var count = 0;
            string? token = null;
            do
            {
                // As a user's client does: every page parsed into the API's own records.
                var page = (await getPage(support, "/api/tenants/tenant-list/connections?pageSize=1000" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token))))!;
                count += page.Items.Count;
                token = page.ContinuationToken;
            }
            while (token is not null);

            Check(count == accounts, $"listed {count} accounts");
        }

        async Task Raw()
        {
            var count = 0;
            await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"tenant-list"}"), maxPerPage: 1000))
            {
                count++;
            }

            Check(count == accounts, $"queried {count} accounts");
        }

        var result = await PairedComparison.RunAsync(Ours, Raw, ListRounds);
        Console.WriteLine($"{scenario}: {result.WarmUpRounds} warm-up rounds; ratio of each round {result.RatiosText} (of the medians {result.OursMs / result.RawMs:0.00}); CPU of this process {result.OursCpuMs:0} ms against {result.RawCpuMs:0} ms ({result.CpuRatio:0.00}x)");
        return new Row(scenario, $"{result.OursMs:0} ms", $"{result.RawMs:0} ms", result.Ratio, "<= 1.2", result.Ratio <= 1.2);
    }

    /// <summary>Draining a queue of failure reports: the standalone listener versus receive + conditional write + delete with the same batch size and concurrency.</summary>
    private static async Task<Row> QueueAsync(string storage)
    {
        const int messages = 1500, accounts = 300;
        using var app = new StatusApplication(storage, settings: Unlimited);
        _ = app.CreateClient();
        var services = app.Services;
        var settings = services.GetRequiredService<IOptions<FailureQueueOptions>>();
        var queue = new QueueClient(storage, settings.Value.Name);
        var raw = new TableClient(storage, "rawqueue" + Guid.NewGuid().ToString("N")[..8]);
        await raw.CreateIfNotExistsAsync();
        await queue.CreateIfNotExistsAsync();

        var offset = 0;
        async Task FillAsync()
        {
            var start = offset;
            offset += messages;
            await Parallel.ForEachAsync(Enumerable.Range(start, messages), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var body = JsonSerializer.Serialize(new { tenantId = "tenant-queue", channelAccountId = $"acct-{i % accounts}", status = "error", checkedAt = Base.AddSeconds(i).ToString("O", CultureInfo.InvariantCulture), errorCategory = "unknown", errorMessage = "Lazada API 500" });
                await queue.SendMessageAsync(body, ct);
            });
        }

        async Task<TimeSpan> Ours()
        {
            await FillAsync();
            var listener = new QueueListener<FailureQueueOptions>(
                services.GetRequiredService<IQueueMessageHandler<FailureQueueOptions>>(),
                services.GetRequiredService<QueueServiceClient>(),
                services.GetRequiredService<StorageReachability>(),
                settings,
                TimeProvider.System,
                NullLogger<QueueListener<FailureQueueOptions>>.Instance);
            var watch = Stopwatch.StartNew();
            await listener.StartAsync(CancellationToken.None);
            await WaitUntilEmptyAsync(queue);
            var elapsed = watch.Elapsed;
            await listener.StopAsync(CancellationToken.None);
            return elapsed;
        }

        async Task<TimeSpan> Raw()
        {
            await FillAsync();
            var watch = Stopwatch.StartNew();
            while (true)
            {
                var batch = (await queue.ReceiveMessagesAsync(settings.Value.BatchSize, settings.Value.VisibilityTimeout)).Value;
                if (batch.Length == 0)
                {
                    break;
                }

                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = settings.Value.Concurrency }, async (message, ct) =>
                {
                    using var report = JsonDocument.Parse(message.MessageText);
                    var account = report.RootElement.GetProperty("channelAccountId").GetString()!;
                    var i = int.Parse(account["acct-".Length..], CultureInfo.InvariantCulture);
                    for (var attempt = 0; attempt < 8; attempt++)
                    {
                        var existing = await raw.GetEntityIfExistsAsync<TableEntity>("tenant-queue", account, cancellationToken: ct);
                        try
                        {
                            if (existing.HasValue)
                            {
                                await raw.UpdateEntityAsync(RawEntity("tenant-queue", account, i), existing.Value!.ETag, TableUpdateMode.Replace, ct);
                            }
                            else
                            {
                                await raw.AddEntityAsync(RawEntity("tenant-queue", account, i), ct);
                            }

                            break;
                        }
                        catch (RequestFailedException e) when (e.Status is 409 or 412)
                        {
                        }
                    }

                    try
                    {
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    }
                    catch (RequestFailedException e) when (e.Status == 404)
                    {
                        // The SDK retried a delete that had already succeeded (seen under load on Azurite); the listener also tolerates this.
                    }
                });
            }

            return watch.Elapsed;
        }

        var (ours, rawTime) = await CompareAsync(Ours, Raw);
        var ratio = rawTime / ours; // throughput ratio: ours / raw
        return new Row("queue absorption (1,500 messages)", PerSecond(messages, ours), PerSecond(messages, rawTime), ratio, ">= 0.8", ratio >= 0.8);
    }

    /// <summary>One probe round (tick, then each request handled in turn by one worker) over 2,000 due accounts in 20 tenants against a fake connector on 127.0.0.1.</summary>
    private static async Task<Row> ProbeAsync(string storage)
    {
        const int accounts = 2000, tenants = 20;
        await using var connector = await FakeConnector.StartAsync();
        using var app = new StatusApplication(storage, settings: new Dictionary<string, string?>(Unlimited) { ["Probes:Urls:line"] = connector.Template });
        var client = app.ClientWithKey(StatusApplication.ConnectorKey);
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            (await StatusApplication.PatchAsync(client, $"tenant-{i % tenants}", $"acct-{i}", new { status = "connected", checkedAt = Base.ToString("O", CultureInfo.InvariantCulture), channel = "line" })).EnsureSuccessStatusCode());

        var watch = Stopwatch.StartNew();
        var summary = await app.ProbeRoundAsync();
        var elapsed = watch.Elapsed;
        Check(summary.Probed == accounts, $"probed {summary.Probed} of {accounts}");
        return new Row("probe round, 2,000 due accounts", $"{elapsed.TotalSeconds:0.00} s", "-", double.NaN, "-", true);
    }

    internal static async Task<(TimeSpan Ours, TimeSpan Raw)> CompareAsync(Func<Task<TimeSpan>> ours, Func<Task<TimeSpan>> raw)
    {
        await raw(); // warm-up: connections, JIT, table creation
        await ours();
        var oursTimes = new List<TimeSpan>();
        var rawTimes = new List<TimeSpan>();
        for (var round = 0; round < Rounds; round++)
        {
            rawTimes.Add(await raw());
            oursTimes.Add(await ours());
        }

        return (Median(oursTimes), Median(rawTimes));
    }

    private static async Task WaitUntilEmptyAsync(QueueClient queue)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            Check(DateTime.UtcNow < deadline, "the queue did not drain within 5 minutes");
            await Task.Delay(20);
        }
    }

    private static object ReportBody(int i) => i % 3 == 0
        ? new { status = "error", checkedAt = Base.AddSeconds(i).ToString("O", CultureInfo.InvariantCulture), errorCategory = "rate_limit", errorCode = "HTTP_429", errorMessage = "429 Too Many Requests from https://api.line.me/v2/bot/message/push", channel = "line" }
        : (object)new { status = "connected", checkedAt = Base.AddSeconds(i).ToString("O", CultureInfo.InvariantCulture), channel = "line" };

    /// <summary>A row with the same columns and types the app writes, built without the engine.</summary>
    /// <summary>The history row the service writes beside a status change, as the raw SDK side writes it.</summary>
    internal static TableEntity RawHistoryRow(string tenant, string account, long sequence, TableEntity? previous, TableEntity next) =>
        new(tenant, $"~{account}~{sequence % 50:D2}")
        {
            ["ChannelAccountId"] = account,
            ["Sequence"] = sequence,
            ["At"] = next.GetDateTimeOffset("LastCheckedAt"),
            ["From"] = previous?.GetString("Status"),
            ["To"] = next.GetString("Status"),
            ["ErrorCategory"] = next.GetString("ErrorCategory"),
            ["ErrorCode"] = next.GetString("ErrorCode"),
            ["ErrorSummary"] = next.GetString("ErrorSummary"),
            ["Source"] = "connector",
        };

    internal static TableEntity RawEntity(string tenant, string account, int i) => new(tenant, account)
    {
        ["Channel"] = "line",
        ["DisplayName"] = null,
        ["Status"] = i % 3 == 0 ? "error" : "connected",
        ["LastCheckedAt"] = Base.AddSeconds(i),
        ["LastSuccessAt"] = Base.AddSeconds(i - 1),
        ["LastErrorAt"] = Base.AddSeconds(i - 2),
        ["StatusChangedAt"] = Base.AddSeconds(i),
        ["ErrorCategory"] = "rate_limit",
        ["ErrorCode"] = "HTTP_429",
        ["ErrorSummary"] = "429 Too Many Requests from https://api.line.me/v2/bot/message/push",
        ["ConsecutiveFailures"] = i % 3,
        ["FailuresByHour"] = "2026-11-24T13Z=2 2026-11-24T14Z=1",
        ["RecentResults"] = "CCECCECCECCECCECCECCE",
        ["IsFlapping"] = false,
        ["LastSource"] = "connector",
        ["LastReportId"] = null,
    };

    internal static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static string PerOp(TimeSpan total, int operations) => $"{total.TotalMilliseconds * 1000 / operations:0} µs/op";

    private static string Ms(TimeSpan total) => $"{total.TotalMilliseconds:0} ms";

    private static string PerSecond(int count, TimeSpan total) => $"{count / total.TotalSeconds:0} msg/s";

    internal static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Benchmark precondition failed: " + what);
        }
    }
}
