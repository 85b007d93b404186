using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

// Long because fairness, pauses and provider health are only true of the tick, the queue and the worker together:
// each test drives all three on one fake clock.
/// <summary>
/// What the probes are fair and truthful about: throttled accounts starve no other, pauses are
/// capped, provider health counts every source, a shard is queued once at a time, and a request no
/// tick could have sent is refused. Ticks are driven by the test on a fake clock.
/// </summary>
public sealed class ProbeSchedulingTests(Azurite azurite) : IClassFixture<Azurite>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;
    private FakeConnector _connector = null!;
    private StatusApplication _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = App(probed: true);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _connector.DisposeAsync();
    }

    private StatusApplication App(bool probed, string? sharedStorageName = null)
    {
        var settings = new Dictionary<string, string?> { ["Probes:OutageMinSample"] = "3" };
        if (probed)
        {
            settings["Probes:Urls:line"] = _connector.Template;
        }

        return new StatusApplication(azurite.ConnectionString, settings: settings, sharedStorageName: sharedStorageName).UseClock(Start);
    }

    private static async Task ReportAsync(StatusApplication app, string tenant, string account, string status = "connected", double minutesAgo = 10, string channel = "line")
    {
        var report = status == "error"
            ? (object)new { status, checkedAt = app.Clock!.GetUtcNow().AddMinutes(-minutesAgo).ToString("O"), channel, errorCategory = "webhook_error" }
            : new { status, checkedAt = app.Clock!.GetUtcNow().AddMinutes(-minutesAgo).ToString("O"), channel };
        // A storage call past its per-request bound is a 503 that invites a retry, and the same
        // report is safe to send again: on a loaded test machine the setup retries, boundedly.
        var response = await PatchAsync(app.ClientWithKey(ConnectorKey), tenant, account, report);
        for (var attempt = 1; attempt < 3 && response.StatusCode == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            response = await PatchAsync(app.ClientWithKey(ConnectorKey), tenant, account, report);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private string Request(string tenant, DateTimeOffset? round = null, bool survey = false, string? from = null, string? to = null) =>
        JsonSerializer.Serialize(new ProbeRequest(tenant, from, to, round ?? _app.Clock!.GetUtcNow(), survey), ServiceJson.Options);

    private async Task<ConnectionView> GetAsync(string tenant, string account) =>
        (await _app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>($"/api/tenants/{tenant}/connections/{account}", ApiJson))!;

    private TimeSpan Tick => _app.Services.GetRequiredService<IOptions<ProbeOptions>>().Value.TickPeriod;

    [Fact]
    public async Task ThrottledAccountsDoNotStarveTheOtherAccountsOfTheirChannel()
    {
        // Six accounts whose connector throttles them (429, Retry-After: 1) sort first by key and
        // are as old as the rest: row-key order would put one of them first in every round.
        var throttled = Enumerable.Range(0, 6).Select(i => $"acct-{i:D2}").ToList();
        var others = Enumerable.Range(6, 24).Select(i => $"acct-{i:D2}").ToList();
        foreach (var account in throttled.Concat(others))
        {
            await ReportAsync(_app, "tenant-fair", account);
        }

        foreach (var account in throttled)
        {
            _connector.Answer(account, new FakeConnector.Reply(429, RetryAfter: "1"));
        }

        var interval = _app.Services.GetRequiredService<IOptions<ProbeOptions>>().Value.Interval;
        var allowed = (int)(interval / Tick) + 2; // the interval plus two ticks, in ticks
        var brokenAt = new Dictionary<string, int>();
        var shownAt = new Dictionary<string, int>();
        var last = others.Count + allowed;
        for (var tick = 0; tick <= last; tick++)
        {
            if (tick < others.Count)
            {
                // One more account's connector starts refusing its token at each tick.
                _connector.Answer(others[tick], new FakeConnector.Reply(401));
                brokenAt[others[tick]] = tick;
            }

            await _app.ProbeRoundAsync();
            foreach (var account in brokenAt.Keys.Except(shownAt.Keys).ToList())
            {
                if ((await GetAsync("tenant-fair", account)).Status == ConnectionStatus.Error)
                {
                    shownAt[account] = tick;
                }
            }

            _app.Clock!.Advance(Tick);
        }

        var late = others.Where(a => !shownAt.TryGetValue(a, out var shown) || shown - brokenAt[a] > allowed).ToList();
        Assert.True(late.Count == 0, $"not shown within {allowed} ticks: {string.Join(", ", late.Select(a => $"{a} (broken at tick {brokenAt[a]}, shown at {(shownAt.TryGetValue(a, out var s) ? s : "never")})"))}");
        // The throttled accounts take their turns too.
        Assert.All(throttled, a => Assert.True(_connector.CallsFor(a) >= 2, $"{a} probed {_connector.CallsFor(a)} times"));
    }

    public static TheoryData<string> RetryAftersNamingNoTimeAhead => new()
    {
        "absent",
        "0",
        "-5",
        "soon",
        Start.AddHours(-1).ToString("R"),
    };

    [Theory]
    [MemberData(nameof(RetryAftersNamingNoTimeAhead))]
    public async Task A429AlwaysPausesItsChannelForTheDefaultWhenRetryAfterNamesNoTimeAhead(string retryAfter)
    {
        for (var i = 0; i < 10; i++)
        {
            await ReportAsync(_app, "tenant-d", $"d{i}");
            _connector.Answer($"d{i}", new FakeConnector.Reply(429, RetryAfter: retryAfter == "absent" ? null : retryAfter));
        }

        var summary = await _app.Services.GetRequiredService<ProbeWorker>().HandleAsync(Request("tenant-d"), 1, CancellationToken.None);

        // The first probe goes alone; its 429 holds back the nine others.
        Assert.Equal((10, 1, 9), (summary.Due, summary.Probed, summary.Skipped));
        Assert.Single(_connector.Calls);
        var pause = (await new TableClient(_app.ConnectionString, _app.ChannelHealthTable).GetEntityAsync<TableEntity>("backoff", "line")).Value;
        Assert.Equal(_app.Clock!.GetUtcNow() + ProbeBackoff.DefaultPause, pause.GetDateTimeOffset("PausedUntil"));
        Assert.True(ProbeBackoff.DefaultPause > TimeSpan.Zero && ProbeBackoff.DefaultPause <= ProbeBackoff.LongestPause);
    }

    [Fact]
    public async Task AHeldChannelIsLeftDueAndOwesNothingWhileASkippedOneIsOwedUntilProbed()
    {
        await ReportAsync(_app, "tenant-h1", "h1");
        await ReportAsync(_app, "tenant-h2", "h2");
        var worker = _app.Services.GetRequiredService<ProbeWorker>();
        var marks = _app.Services.GetRequiredService<ConnectionStatusFunctions.Service.Storage.QueuedShardStore>();

        // Held: not probed, still due, counted apart from skipped, and the shard owes nothing.
        var message = JsonSerializer.Serialize(new ProbeRequest("tenant-h1", null, null, _app.Clock!.GetUtcNow(), Hold: ["line"]), ServiceJson.Options);
        var held = await worker.HandleAsync(message, 1, CancellationToken.None);
        Assert.Equal((1, 0, 0, 1), (held.Due, held.Probed, held.Skipped, held.Held));
        Assert.Empty(_connector.Calls);
        Assert.False((await marks.ListQueuedAsync(CancellationToken.None))["tenant-h1|"].IsOwed(Channel.Line));

        // Skipped for a pause: the shard is owed the channel, so the tick holds it in every other shard's request.
        await _app.Services.GetRequiredService<ProbeBackoff>().PauseAsync(Channel.Line, _app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1), CancellationToken.None);
        var skipped = await worker.HandleAsync(Request("tenant-h2"), 1, CancellationToken.None);
        Assert.Equal((1, 0, 1, 0), (skipped.Due, skipped.Probed, skipped.Skipped, skipped.Held));
        Assert.True((await marks.ListQueuedAsync(CancellationToken.None))["tenant-h2|"].IsOwed(Channel.Line));

        _app.Clock.Advance(Tick);
        await _app.Services.GetRequiredService<ProbeDistributor>().DistributeAsync(isPastDue: false, CancellationToken.None);
        var queue = new QueueClient(_app.ConnectionString, _app.ProbeQueue);
        var requests = (await queue.PeekMessagesAsync(32)).Value
            .Select(m => JsonSerializer.Deserialize<ProbeRequest>(m.MessageText, ServiceJson.Options)!)
            .Where(r => !r.Survey)
            .ToDictionary(r => r.TenantId);
        Assert.Equal(["line"], requests["tenant-h1"].Hold);
        Assert.Null(requests["tenant-h2"].Hold);

        // The owed shard's request probes the channel and clears what it was owed.
        await _app.DrainProbeQueueAsync();
        Assert.Equal(1, _connector.CallsFor("h2"));
        Assert.Equal(0, _connector.CallsFor("h1"));
        Assert.False((await marks.ListQueuedAsync(CancellationToken.None))["tenant-h2|"].IsOwed(Channel.Line));
    }

    public static TheoryData<string> BadHolds => new()
    {
        "[\"nope\"]",
        "[\"line\",\"line\"]",
        "[null]",
        "[\"Line\"]",
        "[\"line\",\"facebook\",\"instagram\",\"shopee\",\"lazada\",\"tiktok\",\"webchat\",\"email\",\"other\",\"line\"]",
    };

    [Theory]
    [MemberData(nameof(BadHolds))]
    public async Task ARequestWithABadHoldIsPoisonedNamingTheFieldAndWritesNothing(string hold)
    {
        await ReportAsync(_app, "tenant-v", "v1");
        var message = "{\"tenantId\":\"tenant-v\",\"round\":\"" + _app.Clock!.GetUtcNow().ToString("O") + "\",\"hold\":" + hold + "}";

        var summary = await _app.Services.GetRequiredService<ProbeWorker>().HandleAsync(message, 1, CancellationToken.None);

        Assert.Equal(ProbeRequestOutcome.Poisoned, summary.Outcome);
        var poison = new QueueClient(_app.ConnectionString, _app.ProbePoisonRecords);
        var record = JsonDocument.Parse(Assert.Single(await poison.DistinctRecordsAsync())).RootElement;
        Assert.StartsWith("hold ", record.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(_connector.Calls);
        Assert.False(await new TableServiceClient(_app.ConnectionString).QueryAsync(t => t.Name == _app.ChannelHealthTable).AnyAsync());
    }

    [Fact]
    public async Task ARateLimitOfOneAccountInTheAnswersBodyPausesNothing()
    {
        for (var i = 0; i < 10; i++)
        {
            await ReportAsync(_app, "tenant-body", $"b{i}");
        }

        // The connector says this one account is rate limited by the channel; it does not throttle the prober.
        _connector.Answer("b0", new FakeConnector.Reply(503, Json: "{\"errorCategory\":\"rate_limit\",\"errorCode\":\"ACCOUNT_QUOTA\"}", RetryAfter: "600"));

        var summary = await _app.Services.GetRequiredService<ProbeWorker>().HandleAsync(Request("tenant-body"), 1, CancellationToken.None);

        Assert.Equal((10, 10, 0), (summary.Due, summary.Probed, summary.Skipped));
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.RateLimit, "ACCOUNT_QUOTA"), await Seen("b0"));
        Assert.Null(await _app.Services.GetRequiredService<ProbeBackoff>().PausedUntilAsync(Channel.Line, CancellationToken.None));

        async Task<(ConnectionStatus, ErrorCategory?, string?)> Seen(string account)
        {
            var view = await GetAsync("tenant-body", account);
            return (view.Status, view.ErrorCategory, view.ErrorCode);
        }
    }

    [Fact]
    public async Task A429PausesItsChannelForAtMostTheCap()
    {
        await ReportAsync(_app, "tenant-cap", "c1");
        _connector.Answer("c1", new FakeConnector.Reply(429, RetryAfter: "3600"));
        var worker = _app.Services.GetRequiredService<ProbeWorker>();
        await worker.HandleAsync(Request("tenant-cap"), 1, CancellationToken.None);

        var pause = (await new TableClient(_app.ConnectionString, _app.ChannelHealthTable).GetEntityAsync<TableEntity>("backoff", "line")).Value;
        Assert.Equal(_app.Clock!.GetUtcNow() + ProbeBackoff.LongestPause, pause.GetDateTimeOffset("PausedUntil"));
        Assert.True(ProbeBackoff.LongestPause <= TimeSpan.FromMinutes(5));

        // Once the cap has passed (and this worker has read the pauses again), the channel is probed again.
        _app.Clock.Advance(ProbeBackoff.LongestPause + ProbeBackoff.RefreshEvery);
        await ReportAsync(_app, "tenant-cap", "c2");
        var later = await worker.HandleAsync(Request("tenant-cap"), 1, CancellationToken.None);

        // c1 is due again too; it goes last, having been throttled, and is probed.
        Assert.Equal((2, 2, 0), (later.Due, later.Probed, later.Skipped));
        Assert.Equal(1, _connector.CallsFor("c2"));
    }

    [Fact]
    public async Task ConnectorReportedFailuresAloneRaiseAChannelOutage()
    {
        // No probe URL at all: every count comes from the connectors, over HTTP and the queue.
        using var app = App(probed: false);
        await ReportAsync(app, "tenant-h", "s1", "error", minutesAgo: 0, channel: "shopee");
        await ReportAsync(app, "tenant-h", "s2", "error", minutesAgo: 0, channel: "shopee");
        await ReportAsync(app, "tenant-h", "s3", "error", minutesAgo: 0.5, channel: "shopee");
        var queue = app.Services.GetRequiredService<QueuedReportHandler>();
        foreach (var account in new[] { "s3", "s4" })
        {
            var message = JsonSerializer.Serialize(new QueuedReport("tenant-h", account, "error", app.Clock!.GetUtcNow().ToString("O"), "webhook_error", Channel: "shopee"), ServiceJson.Options);
            Assert.Equal(QueuedReportOutcome.Applied, await queue.HandleAsync(message, 1, CancellationToken.None));
        }

        // A chatty connector reporting one healthy account ten times weighs as one account, not ten.
        for (var i = 10; i > 0; i--)
        {
            await ReportAsync(app, "tenant-h", "chatty", minutesAgo: i / 10.0, channel: "shopee");
        }

        var tick = await app.Services.GetRequiredService<ProbeDistributor>().DistributeAsync(isPastDue: false, CancellationToken.None);

        var shopee = Assert.Single(tick.Channels);
        Assert.Equal((Channel.Shopee, 5, 4, true), (shopee.Channel, shopee.Checked, shopee.Failing, shopee.IsOutage));
        Assert.Contains("Shopee provider is experiencing issues", (await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>("/api/tenants/tenant-h/connections/chatty", ApiJson))!.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherInstancesCountsReachTheTickWithinItsFlushPeriod()
    {
        var shared = Guid.NewGuid().ToString("N")[..12];
        using var reporter = App(probed: false, shared);
        using var ticker = App(probed: false, shared);
        foreach (var account in new[] { "x1", "x2", "x3" })
        {
            await ReportAsync(reporter, "tenant-x", account, "error", minutesAgo: 0, channel: "lazada");
        }

        var distributor = ticker.Services.GetRequiredService<ProbeDistributor>();
        Assert.Empty((await distributor.DistributeAsync(isPastDue: false, CancellationToken.None)).Channels);

        // The reporting instance flushes on its own timer; the flush itself is storage I/O, so poll (bounded).
        reporter.Clock!.Advance(ChannelTally.FlushEvery);
        ChannelHealth? lazada = null;
        for (var attempt = 0; attempt < 100 && lazada is null; attempt++)
        {
            lazada = (await distributor.DistributeAsync(isPastDue: false, CancellationToken.None)).Channels.SingleOrDefault(c => c.Channel == Channel.Lazada);
            if (lazada is null)
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(lazada);
        Assert.Equal((3, 3, true), (lazada.Checked, lazada.Failing, lazada.IsOutage));
    }

    [Fact]
    public async Task AShardIsNotQueuedAgainWhileItsRequestIsPendingAndIsAfterTheBound()
    {
        await ReportAsync(_app, "tenant-q", "q1");
        var distributor = _app.Services.GetRequiredService<ProbeDistributor>();
        var lifetime = _app.Services.GetRequiredService<IOptions<ProbeOptions>>().Value.RequestLifetime;
        var queue = new QueueClient(_app.ConnectionString, _app.ProbeQueue);

        var first = await distributor.DistributeAsync(isPastDue: false, CancellationToken.None);
        Assert.Equal((1, 1, 0), (first.Requests, first.Surveys, first.StillPending));
        var queued = (await queue.PeekMessagesAsync(32)).Value;
        Assert.All(queued, m => Assert.Equal(lifetime, m.ExpiresOn!.Value - m.InsertedOn!.Value));

        // Nobody takes the requests: the next ticks within the bound queue nothing more.
        var ticksWithin = 0;
        for (_app.Clock!.Advance(Tick); _app.Clock.GetUtcNow() - Start < lifetime; _app.Clock.Advance(Tick))
        {
            var held = await distributor.DistributeAsync(isPastDue: false, CancellationToken.None);
            Assert.Equal((0, 0, 2), (held.Requests, held.Surveys, held.StillPending));
            ticksWithin++;
        }

        Assert.True(ticksWithin >= 2, $"{ticksWithin} ticks within the bound");
        Assert.Equal(2, (await queue.PeekMessagesAsync(32)).Value.Length);

        // A request pending for the whole bound counts as lost: its shard is queued again.
        var again = await distributor.DistributeAsync(isPastDue: false, CancellationToken.None);
        Assert.Equal((1, 1, 0), (again.Requests, again.Surveys, again.StillPending));

        // Once a worker has finished a shard's request, the next tick queues it at once.
        await _app.DrainProbeQueueAsync();
        _app.Clock.Advance(Tick);
        Assert.Equal(1, (await distributor.DistributeAsync(isPastDue: false, CancellationToken.None)).Requests);
    }

    public static TheoryData<string, string> RequestsNoTickSent => new()
    {
        { "a far-future round", "{\"tenantId\":\"tenant-v\",\"round\":\"2099-01-01T00:00:00Z\"}" },
        { "a round older than a request lives", "{\"tenantId\":\"tenant-v\",\"round\":\"" + Start.AddHours(-1).ToString("O") + "\"}" },
        { "a ghost tenant's survey", "{\"tenantId\":\"tenant-ghost\",\"round\":\"" + Start.ToString("O") + "\",\"survey\":true}" },
        { "a ghost tenant's range", "{\"tenantId\":\"tenant-ghost\",\"round\":\"" + Start.ToString("O") + "\"}" },
        { "a survey of a range", "{\"tenantId\":\"tenant-v\",\"from\":\"a\",\"round\":\"" + Start.ToString("O") + "\",\"survey\":true}" },
        { "a survey that holds a channel", "{\"tenantId\":\"tenant-v\",\"round\":\"" + Start.ToString("O") + "\",\"survey\":true,\"hold\":[\"line\"]}" },
    };

    [Theory]
    [MemberData(nameof(RequestsNoTickSent))]
    public async Task ARequestNoTickCouldHaveSentIsPoisonedAndWritesNothing(string what, string message)
    {
        await ReportAsync(_app, "tenant-v", "v1");
        var before = await GetAsync("tenant-v", "v1");

        var summary = await _app.Services.GetRequiredService<ProbeWorker>().HandleAsync(message, 1, CancellationToken.None);

        Assert.True(summary.Outcome == ProbeRequestOutcome.Poisoned, what);
        var poison = new QueueClient(_app.ConnectionString, _app.ProbePoisonRecords);
        var record = JsonDocument.Parse(Assert.Single(await poison.DistinctRecordsAsync())).RootElement;
        Assert.False(string.IsNullOrEmpty(record.GetProperty("reason").GetString()));
        Assert.Empty(_connector.Calls);
        Assert.Equal(before.LastCheckedAt, (await GetAsync("tenant-v", "v1")).LastCheckedAt);
        var tenants = await new TableClient(_app.ConnectionString, _app.TenantsTable).QueryAsync<TableEntity>(select: ["RowKey"]).Select(t => t.RowKey).ToListAsync();
        Assert.Equal(["tenant-v"], tenants);
        // The probe bookkeeping table (partial counts, pauses, queued shards) was not even created.
        Assert.False(await new TableServiceClient(_app.ConnectionString).QueryAsync(t => t.Name == _app.ChannelHealthTable).AnyAsync());
    }
}
