using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// Fairness across requests against the ways a debt could outlive its reason: a shard whose every
/// due account is throttled, an owed request lost again and again, and queued marks whose rounds
/// lie ahead of the clock (a hand edit, or an instance whose clock ran ahead).
/// </summary>
public sealed class ProbeFairnessTests(Azurite azurite, ITestOutputHelper output) : IClassFixture<Azurite>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;
    private FakeConnector _connector = null!;
    private StatusApplication _app = null!;

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync()
    {
        _app?.Dispose();
        await _connector.DisposeAsync();
    }

    private void MakeApp(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Probes:OutageMinSample"] = "3", ["Probes:Urls:line"] = _connector.Template };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        _app = new StatusApplication(azurite.ConnectionString, settings: settings).UseClock(Start);
    }

    private async Task ReportAsync(string tenant, string account, string channel = "line")
    {
        var report = new { status = "connected", checkedAt = _app.Clock!.GetUtcNow().AddMinutes(-10).ToString("O"), channel };
        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), tenant, account, report);
        for (var attempt = 1; attempt < 3 && response.StatusCode == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            response = await PatchAsync(_app.ClientWithKey(ConnectorKey), tenant, account, report);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private TimeSpan Tick => _app.Services.GetRequiredService<IOptions<ProbeOptions>>().Value.TickPeriod;

    private int IntervalTicks => (int)(_app.Services.GetRequiredService<IOptions<ProbeOptions>>().Value.Interval / Tick);

    /// <summary>One tick, its requests handled in sorted or reverse order (or lost when <paramref name="drop"/> says so).</summary>
    private Task<IReadOnlyList<ProbeRequest>> RoundAsync(bool reversed, Func<ProbeRequest, bool>? drop = null) =>
        _app.ProbeRoundInOrderAsync(messages => reversed ? messages.Reverse() : messages, drop);

    /// <summary>Drives rounds and returns, per healthy account, the ticks it was probed in.</summary>
    private async Task<Dictionary<string, List<int>>> DriveAsync(IReadOnlyList<string> healthy, int rounds, bool reversed, Func<int, ProbeRequest, bool>? drop = null, Action<int>? beforeTick = null)
    {
        var checkedAt = healthy.ToDictionary(h => h, _ => new List<int>());
        for (var tick = 0; tick < rounds; tick++)
        {
            beforeTick?.Invoke(tick);
            var before = healthy.ToDictionary(h => h, h => _connector.CallsFor(h));
            var t = tick;
            var sent = await RoundAsync(reversed, drop is null ? null : r => drop(t, r));
            foreach (var account in healthy.Where(h => _connector.CallsFor(h) > before[h]))
            {
                checkedAt[account].Add(tick);
            }

            output.WriteLine($"tick {tick}: {string.Join(" ; ", sent.Where(r => !r.Survey).Select(r => $"{r.TenantId}|{r.From} hold=[{string.Join(",", r.Hold ?? [])}]"))}");
            _app.Clock!.Advance(Tick);
        }

        return checkedAt;
    }

    private string Report(Dictionary<string, List<int>> checkedAt, int rounds, int bound, out int worst, int skipFirst = 0)
    {
        var gaps = checkedAt.ToDictionary(c => c.Key, c => c.Value.Count == 0 ? rounds : c.Value.Where(x => x >= skipFirst).Prepend(skipFirst).Append(rounds).Zip(c.Value.Where(x => x >= skipFirst).Append(rounds), (prev, next) => next - prev).Max());
        worst = gaps.Values.Max();
        var text = string.Join("; ", checkedAt.Select(c => $"{c.Key}:[{string.Join(",", c.Value)}]"));
        output.WriteLine($"bound {bound}, worst gap {worst}: {text}");
        return text;
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AnOwedRequestLostAgainAndAgainHoldsTheOtherShardsBackOneRoundEachTime(int lostTimes)
    {
        MakeApp();
        const int tenants = 4;
        var healthy = new List<string>();
        for (var t = 0; t < tenants; t++)
        {
            foreach (var h in new[] { $"lo{t}-b", $"lo{t}-c" })
            {
                await ReportAsync($"tenant-lo{t}", h);
                if (t > 0)
                {
                    healthy.Add(h);
                }
            }
        }

        // Make tenant-lo0 owed: the channel is paused when its request runs.
        var worker = _app.Services.GetRequiredService<ProbeWorker>();
        await _app.Services.GetRequiredService<ProbeBackoff>().PauseAsync(Channel.Line, _app.Clock!.GetUtcNow() + TimeSpan.FromSeconds(1), CancellationToken.None);
        var message = JsonSerializer.Serialize(new ProbeRequest("tenant-lo0", null, null, _app.Clock.GetUtcNow()), ServiceJson.Options);
        var s = await worker.HandleAsync(message, 1, CancellationToken.None);
        Assert.Equal(2, s.Skipped);
        _app.Clock.Advance(Tick);

        var lost = 0;
        const int rounds = 24;
        var checkedAt = await DriveAsync(healthy, rounds, reversed: false, drop: (tick, r) => r.TenantId == "tenant-lo0" && !r.Survey && lost++ < lostTimes);
        var bound = IntervalTicks + (2 * tenants) - 1;
        var text = Report(checkedAt, rounds, bound, out var worst);
        Assert.True(worst <= bound, $"lost {Math.Min(lost, lostTimes)} times: worst gap {worst} > bound {bound}: {text}");
    }

    [Theory]
    [InlineData("line", false)]
    [InlineData("garbage,,LINE", false)]
    [InlineData("line", true)]
    public async Task AHandEditedDebtEndsWithTheShardsNextRequest(string pauseSkipped, bool futureDoneRound)
    {
        MakeApp();
        const int tenants = 3;
        var healthy = new List<string>();
        for (var t = 0; t < tenants; t++)
        {
            foreach (var h in new[] { $"he{t}-b" })
            {
                await ReportAsync($"tenant-he{t}", h);
                healthy.Add(h);
            }
        }

        // A first round writes the marks; then tenant-he0's mark is edited by hand.
        await RoundAsync(false);
        _app.Clock!.Advance(Tick);
        var table = new TableClient(_app.ConnectionString, _app.ChannelHealthTable);
        var row = new TableEntity("queued", "tenant-he0|") { ["PauseSkipped"] = pauseSkipped };
        if (futureDoneRound)
        {
            row["DoneRound"] = _app.Clock.GetUtcNow().AddYears(1);
        }

        await table.UpsertEntityAsync(row, TableUpdateMode.Merge);
        const int rounds = 20;
        var checkedAt = await DriveAsync(healthy, rounds, reversed: false);
        var bound = IntervalTicks + (2 * tenants) - 1;
        var text = Report(checkedAt, rounds, bound, out var worst);
        var mark = (await table.GetEntityAsync<TableEntity>("queued", "tenant-he0|")).Value;
        output.WriteLine($"mark now: PauseSkipped={mark.GetString("PauseSkipped")} DoneRound={mark.GetDateTimeOffset("DoneRound")}");
        Assert.True(worst <= bound, $"PauseSkipped={pauseSkipped} futureDone={futureDoneRound}: worst gap {worst} > bound {bound}: {text}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AQueuedRoundAheadOfTheClockHoldsNoShardBack(bool bySkewedTick)
    {
        var shared = Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?> { ["Probes:OutageMinSample"] = "3", ["Probes:Urls:line"] = _connector.Template };
        _app = new StatusApplication(azurite.ConnectionString, settings: settings, sharedStorageName: shared).UseClock(Start);
        await ReportAsync("tenant-qa0", "qa0-b");
        await ReportAsync("tenant-qa1", "qa1-b");
        if (bySkewedTick)
        {
            // Another instance whose clock is one hour ahead runs one tick; its requests are poisoned by the workers (round ahead of now).
            using var skewed = new StatusApplication(azurite.ConnectionString, settings: settings, sharedStorageName: shared).UseClock(Start.AddHours(1));
            await skewed.Services.GetRequiredService<ProbeDistributor>().DistributeAsync(isPastDue: false, CancellationToken.None);
            var rounds0 = await _app.DrainProbeQueueAsync();
            output.WriteLine("skewed tick's requests: " + string.Join(", ", rounds0.Select(r => r.Outcome)));
        }
        else
        {
            await RoundAsync(false);
            var table = new TableClient(_app.ConnectionString, _app.ChannelHealthTable);
            await table.UpsertEntityAsync(new TableEntity("queued", "tenant-qa0|") { ["QueuedRound"] = _app.Clock!.GetUtcNow().AddYears(1) }, TableUpdateMode.Merge);
        }

        _app.Clock!.Advance(Tick);
        var checkedAt = await DriveAsync(["qa0-b", "qa1-b"], 20, reversed: false);
        var text = Report(checkedAt, 20, IntervalTicks + 3, out var worst);
        Assert.True(worst <= IntervalTicks + 3, $"skewedTick={bySkewedTick}: worst gap {worst}: {text}");
    }

    [Fact]
    public async Task ADoneRoundAheadOfTheClockDoesNotQueueAShardTwice()
    {
        MakeApp();
        await ReportAsync("tenant-dr", "dr-b");
        await RoundAsync(false);
        var table = new TableClient(_app.ConnectionString, _app.ChannelHealthTable);
        await table.UpsertEntityAsync(new TableEntity("queued", "tenant-dr|") { ["DoneRound"] = _app.Clock!.GetUtcNow().AddYears(1) }, TableUpdateMode.Merge);
        var distributor = _app.Services.GetRequiredService<ProbeDistributor>();
        for (var i = 0; i < 3; i++)
        {
            _app.Clock.Advance(Tick);
            await distributor.DistributeAsync(isPastDue: false, CancellationToken.None);
        }

        var queue = new QueueClient(_app.ConnectionString, _app.ProbeQueue);
        var waiting = (await queue.PeekMessagesAsync(32)).Value.Count(m => !m.MessageText.Contains("\"survey\":true", StringComparison.Ordinal));
        Assert.True(waiting <= 1, $"{waiting} requests for one shard waiting after 3 ticks without a worker");
    }

    [Theory]
    [InlineData("1", false)]
    [InlineData("1", true)]
    [InlineData(null, false)]
    [InlineData(null, true)]
    public async Task ATenantWhoseEveryDueAccountIsThrottledStarvesNoOtherTenant(string? retryAfter, bool reversed)
    {
        MakeApp();
        for (var i = 0; i < 6; i++)
        {
            await ReportAsync("tenant-tx", $"tx-{i}");
            _connector.Answer($"tx-{i}", new FakeConnector.Reply(429, RetryAfter: retryAfter));
        }

        var healthy = new List<string>();
        const int others = 4;
        for (var t = 0; t < others; t++)
        {
            foreach (var h in new[] { $"ty{t}-b", $"ty{t}-c" })
            {
                await ReportAsync($"tenant-ty{t}", h);
                healthy.Add(h);
            }
        }

        const int rounds = 30;
        var checkedAt = await DriveAsync(healthy, rounds, reversed);
        var bound = IntervalTicks + (2 * (others + 1)) - 1;
        var text = Report(checkedAt, rounds, bound, out var worst, skipFirst: 2 * (others + 1));
        Assert.True(worst <= bound, $"Retry-After {retryAfter ?? "absent"} reversed={reversed}: worst gap {worst} > bound {bound}: {text}");
    }
}
