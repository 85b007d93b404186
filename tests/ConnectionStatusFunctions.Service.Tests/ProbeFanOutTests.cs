using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

using ConnectionStatusFunctions.Service.Queues;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The tick that distributes probe requests and the queue worker that probes one tenant or shard, against Azurite and a fake connector.</summary>
public sealed class ProbeFanOutTests(Azurite azurite) : IClassFixture<Azurite>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;
    private FakeConnector _connector = null!;
    private StatusApplication _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = App();
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _connector.DisposeAsync();
    }

    private StatusApplication App(string? sharedStorageName = null) => new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
    {
        ["Probes:Urls:line"] = _connector.Template,
        ["Probes:Urls:shopee"] = _connector.Template,
        ["Probes:ShardSize"] = "10",
        ["Probes:OutageMinSample"] = "3",
    }, sharedStorageName: sharedStorageName).UseClock(Start);

    private static async Task SeedAsync(StatusApplication app, string tenant, string account, string channel = "line", string status = "connected", double minutesAgo = 10)
    {
        var response = await PatchAsync(app.ClientWithKey(ConnectorKey), tenant, account, new { status, checkedAt = app.Clock!.GetUtcNow().AddMinutes(-minutesAgo).ToString("O"), channel });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Request(string tenant, string? from = null, string? to = null) =>
        JsonSerializer.Serialize(new ProbeRequest(tenant, from, to, Start), ServiceJson.Options);

    private async Task<List<ProbeRequest>> QueuedRequestsAsync()
    {
        var queue = new QueueClient(_app.ConnectionString, _app.ProbeQueue);
        return (await queue.PeekMessagesAsync(32)).Value.Select(m => JsonSerializer.Deserialize<ProbeRequest>(m.MessageText, ServiceJson.Options)!).ToList();
    }

    private async Task<ConnectionView> GetAsync(string tenant, string account) =>
        (await _app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>($"/api/tenants/{tenant}/connections/{account}", ApiJson))!;

    [Fact]
    public async Task ALargeTenantIsCutIntoShardsAndEachRequestProbesExactlyTheDueAccountsOfItsShard()
    {
        for (var i = 0; i < 25; i++)
        {
            await SeedAsync(_app, "tenant-big", $"acct-{i:D2}");
        }

        await SeedAsync(_app, "tenant-small", "only");
        // A history row of the other engineer's convention: same partition, RowKey from '~' on, never a status row.
        await new TableClient(_app.ConnectionString, _app.ConnectionsTable).AddEntityAsync(new TableEntity("tenant-big", "~acct-03~0001")
        {
            ["Channel"] = "line", ["Status"] = "connected", ["LastCheckedAt"] = Start.AddDays(-1),
        });

        // First tick: nothing known about sizes yet, so one request per tenant, and a survey of each.
        var distributor = _app.Services.GetRequiredService<ProbeDistributor>();
        var first = await distributor.DistributeAsync(isPastDue: false, CancellationToken.None);
        var queued = await QueuedRequestsAsync();
        Assert.Equal((2, 2, 2), (first.Tenants, first.Requests, first.Surveys));
        Assert.Equal(
            ["tenant-big   False", "tenant-big   True", "tenant-small   False", "tenant-small   True"],
            queued.Select(r => $"{r.TenantId} {r.From} {r.To} {r.Survey}").Order(StringComparer.Ordinal));
        Assert.All(queued, r => Assert.Equal(Start, r.Round));
        var round = await _app.DrainProbeQueueAsync();
        Assert.Equal(26, round.Sum(r => r.Probed));
        Assert.Equal(0, _connector.Calls.Count(c => c.Account.StartsWith('~')));

        // Every account is due again; the next tick cuts tenant-big at every 10th status row.
        _app.Clock!.Advance(TimeSpan.FromMinutes(6));
        await SeedAsync(_app, "tenant-big", "acct-07", minutesAgo: 1); // checked recently: not due
        await SeedAsync(_app, "tenant-big", "acct-12", status: "disconnected", minutesAgo: 5.5); // never probed, though checked long enough ago
        var second = await distributor.DistributeAsync(isPastDue: false, CancellationToken.None);
        Assert.Equal((2, 4, 0), (second.Tenants, second.Requests, second.Surveys));
        var shards = (await QueuedRequestsAsync()).Where(r => r.TenantId == "tenant-big").Select(r => (r.From, r.To)).OrderBy(r => r.From, StringComparer.Ordinal).ToList();
        Assert.Equal([(null, "acct-10"), ("acct-10", "acct-20"), ("acct-20", null)], shards);

        // Each request, handled on its own, probes the due accounts of its range and nothing else.
        var queue = new QueueClient(_app.ConnectionString, _app.ProbeQueue);
        var worker = _app.Services.GetRequiredService<ProbeWorker>();
        var probedPerShard = new Dictionary<string, string[]>();
        while ((await queue.ReceiveMessagesAsync(1)).Value is [var message])
        {
            var request = JsonSerializer.Deserialize<ProbeRequest>(message.MessageText, ServiceJson.Options)!;
            var before = _connector.Calls.Count;
            await worker.HandleAsync(message.MessageText, message.DequeueCount, CancellationToken.None);
            probedPerShard[$"{request.TenantId} {request.From}"] = [.. _connector.Calls.Skip(before).Select(c => c.Account).Order(StringComparer.Ordinal)];
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        string[] Accounts(int from, int to, params int[] except) => [.. Enumerable.Range(from, to - from).Except(except).Select(i => $"acct-{i:D2}")];
        Assert.Equal(Accounts(0, 10, 7), probedPerShard["tenant-big "]);
        Assert.Equal(Accounts(10, 20, 12), probedPerShard["tenant-big acct-10"]);
        Assert.Equal(Accounts(20, 25), probedPerShard["tenant-big acct-20"]);
        Assert.Equal(["only"], probedPerShard["tenant-small "]);
    }

    [Fact]
    public async Task ARedeliveredRequestProbesOnlyWhatIsStillDue()
    {
        await SeedAsync(_app, "tenant-r", "r1");
        await SeedAsync(_app, "tenant-r", "r2");
        var worker = _app.Services.GetRequiredService<ProbeWorker>();

        var first = await worker.HandleAsync(Request("tenant-r"), 1, CancellationToken.None);
        var again = await worker.HandleAsync(Request("tenant-r"), 2, CancellationToken.None);

        Assert.Equal((2, 2), (first.Due, first.Probed));
        Assert.Equal((0, 0), (again.Due, again.Probed));
        Assert.Equal(2, _connector.Calls.Count);
    }

    [Fact]
    public async Task AThrottledChannelGetsNoFurtherRequestFromTheWorkerThatSawThe429()
    {
        for (var i = 0; i < 10; i++)
        {
            await SeedAsync(_app, "tenant-t", $"t{i}");
        }

        _connector.Default = new FakeConnector.Reply(429, RetryAfter: "60");

        var summary = await _app.Services.GetRequiredService<ProbeWorker>().HandleAsync(Request("tenant-t"), 1, CancellationToken.None);

        // Concurrency is 16: without the first probe of a channel going alone, all ten would be sent.
        Assert.Equal((10, 1, 9), (summary.Due, summary.Probed, summary.Skipped));
        Assert.Single(_connector.Calls);
    }

    [Fact]
    public async Task A429WithRetryAfterPausesTheChannelForEveryWorker()
    {
        // Two workers on one storage account, each with its own clock and its own cache of the pauses.
        var shared = Guid.NewGuid().ToString("N")[..12];
        using var workerA = App(shared);
        using var workerB = App(shared);
        await SeedAsync(workerB, "tenant-b", "b1");
        await SeedAsync(workerA, "tenant-a", "a1");
        _connector.Answer("a1", new FakeConnector.Reply(429, RetryAfter: "60"));

        // B probes first (and reads the pauses: none); then A is told to back off.
        Assert.Equal(1, (await workerB.Services.GetRequiredService<ProbeWorker>().HandleAsync(Request("tenant-b"), 1, CancellationToken.None)).Probed);
        Assert.Equal(1, (await workerA.Services.GetRequiredService<ProbeWorker>().HandleAsync(Request("tenant-a"), 1, CancellationToken.None)).Probed);

        // Within the documented refresh delay B sees A's pause, and sends nothing to that channel.
        workerB.Clock!.Advance(ProbeBackoff.RefreshEvery);
        await SeedAsync(workerB, "tenant-b", "b2");
        var later = await workerB.Services.GetRequiredService<ProbeWorker>().HandleAsync(Request("tenant-b"), 1, CancellationToken.None);

        Assert.Equal((1, 0, 1), (later.Due, later.Probed, later.Skipped));
        Assert.Equal(0, _connector.CallsFor("b2"));
        // Still due: the next tick after the pause probes it.
        var b2 = await workerB.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>("/api/tenants/tenant-b/connections/b2", ApiJson);
        Assert.Equal(ReportSource.Connector, b2!.LastSource);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"tenantId\":\"tenant-p\",\"round\":\"2026-11-24T09:00:00Z\",\"extra\":1}")]
    [InlineData("{\"tenantId\":\"bad/tenant\",\"round\":\"2026-11-24T09:00:00Z\"}")]
    [InlineData("{\"tenantId\":\"tenant-p\",\"from\":\"b\",\"to\":\"a\",\"round\":\"2026-11-24T09:00:00Z\"}")]
    [InlineData("{\"tenantId\":\"tenant-p\"}")]
    public async Task APoisonedProbeRequestChangesNothing(string message)
    {
        await SeedAsync(_app, "tenant-p", "p1");
        var before = await GetAsync("tenant-p", "p1");

        var summary = await _app.Services.GetRequiredService<ProbeWorker>().HandleAsync(message, 3, CancellationToken.None);

        Assert.Equal(ProbeRequestOutcome.Poisoned, summary.Outcome);
        var poison = new QueueClient(_app.ConnectionString, _app.ProbePoisonRecords);
        var record = JsonDocument.Parse(Assert.Single(await poison.DistinctRecordsAsync())).RootElement;
        Assert.False(string.IsNullOrEmpty(record.GetProperty("reason").GetString()));
        Assert.Equal(3, record.GetProperty("dequeueCount").GetInt64());
        Assert.Empty(_connector.Calls);
        Assert.Equal(before.LastCheckedAt, (await GetAsync("tenant-p", "p1")).LastCheckedAt);
    }

    [Fact]
    public async Task ProviderHealthIsTheSumOfTheWorkersCountsAndOldCountsAreRemoved()
    {
        // One failing Shopee account in each of three tenants: no single worker sees the minimum sample of 3.
        foreach (var tenant in new[] { "tenant-h1", "tenant-h2", "tenant-h3" })
        {
            await SeedAsync(_app, tenant, "shop", "shopee");
            await SeedAsync(_app, tenant, "chat", "line");
        }

        _connector.Answer("shop", new FakeConnector.Reply(503));

        var first = await _app.ProbeRoundAsync();
        var second = await _app.ProbeRoundAsync();

        Assert.Empty(first.Tick.Channels); // counted by the workers after this tick
        var shopee = second.Tick.Channels.Single(c => c.Channel == Channel.Shopee);
        var line = second.Tick.Channels.Single(c => c.Channel == Channel.Line);
        Assert.Equal((3, 3, true), (shopee.Checked, shopee.Failing, shopee.IsOutage));
        Assert.Equal((3, 0, false), (line.Checked, line.Failing, line.IsOutage));
        var history = await _app.ClientWithKey(SupportKey).GetFromJsonAsync<TransitionList>("/api/tenants/tenant-h1/connections/shop/history", ApiJson);
        Assert.Equal(
            [(ReportSource.Probe, (ConnectionStatus?)ConnectionStatus.Connected, ConnectionStatus.Error, "HTTP_503"), (ReportSource.Connector, null, ConnectionStatus.Connected, null)],
            history!.Items.Select(t => (t.Source, t.From, t.To, t.ErrorCode)));

        // Past the span of rounds that are added up, the first round's counts are gone.
        _app.Clock!.Advance(TimeSpan.FromMinutes(7));
        await _app.ProbeRoundAsync(); // probes all six again, and removes the first round's counts
        await _app.Services.GetRequiredService<ChannelTally>().FlushAsync(CancellationToken.None);
        var partials = await new TableClient(_app.ConnectionString, _app.ChannelHealthTable).QueryAsync<TableEntity>(e => e.PartitionKey == "partial").ToListAsync();
        // One flush of this instance's counts, with the six accounts it has just probed.
        var partial = Assert.Single(partials);
        Assert.Equal(_app.Clock.GetUtcNow(), partial.GetDateTimeOffset("Round"));
        Assert.Equal((3, 3, 3, 0), (partial.GetInt32("Checked_shopee"), partial.GetInt32("Failing_shopee"), partial.GetInt32("Checked_line"), partial.GetInt32("Failing_line")));
    }
}
