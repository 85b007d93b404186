using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.DependencyInjection;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Probe rounds (the tick's distribution, then the queue worker on each request) against a fake connector on 127.0.0.1.</summary>
public sealed class ProbeTests(Azurite azurite) : IClassFixture<Azurite>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private FakeConnector _connector = null!;
    private StatusApplication _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Probes:Urls:line"] = _connector.Template,
            ["Probes:Urls:shopee"] = _connector.Template,
            ["Probes:Urls:lazada"] = _connector.Template,
            // Real time (the probe's HTTP call): long enough that a loaded shared machine still answers a healthy
            // probe well within it (at 500 ms healthy accounts read as PROBE_TIMEOUT under load), short enough for
            // the one test that waits it out.
            ["Probes:Timeout"] = ProbeTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Probes:OutageMinSample"] = "3",
        }).UseClock(Start);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _connector.DisposeAsync();
    }

    private async Task SeedAsync(string tenant, string account, string channel, string status = "connected", int minutesAgo = 10)
    {
        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), tenant, account, new { status, checkedAt = _app.Clock!.GetUtcNow().AddMinutes(-minutesAgo).ToString("O"), channel });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>One timer tick and the queue work it hands out: the shared code both hosts' triggers call.</summary>
    private Task<ProbeRound> TickAsync(bool isPastDue = false) => _app.ProbeRoundAsync(isPastDue);

    private async Task<ConnectionView> GetAsync(string tenant, string account) =>
        (await _app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>($"/api/tenants/{tenant}/connections/{account}", ApiJson))!;

    [Fact]
    public async Task ProbeRunMapsConnectorAnswersToStatusesAndCategories()
    {
        await SeedAsync("tenant-p", "ok", "line");
        await SeedAsync("tenant-p", "unauthorized", "line");
        // Its own channel: a 429 pauses the rest of its channel.
        await SeedAsync("tenant-p", "limited", "lazada");
        await SeedAsync("tenant-p", "broken", "shopee");
        await SeedAsync("tenant-p", "slow", "shopee");
        await SeedAsync("tenant-p", "webhook", "shopee");
        await SeedAsync("tenant-p2", "forbidden", "line");
        _connector.Answer("unauthorized", new FakeConnector.Reply(401));
        _connector.Answer("forbidden", new FakeConnector.Reply(403));
        _connector.Answer("limited", new FakeConnector.Reply(429, RetryAfter: "30"));
        _connector.Answer("broken", new FakeConnector.Reply(503));
        // Answers only long after the probe has given up (the probe's cancellation ends the wait).
        _connector.Answer("slow", new FakeConnector.Reply(200, Delay: ProbeTimeout * 20));
        _connector.Answer("webhook", new FakeConnector.Reply(502, Json: "{\"errorCategory\":\"webhook_error\",\"code\":\"WEBHOOK_DOWN\",\"message\":\"webhook https://hooks.example/x?token=abcdef123456 failed\"}"));

        var summary = await TickAsync();

        Assert.Equal((2, 2, 7, 7, 0), (summary.Tick.Tenants, summary.Tick.Requests, summary.Due, summary.Probed, summary.Skipped));

        async Task<(ConnectionStatus, ErrorCategory?, string?)> Seen(string tenant, string account)
        {
            var view = await GetAsync(tenant, account);
            Assert.Equal(ReportSource.Probe, view.LastSource);
            return (view.Status, view.Status == ConnectionStatus.Error ? view.ErrorCategory : null, view.Status == ConnectionStatus.Error ? view.ErrorCode : null);
        }

        Assert.Equal((ConnectionStatus.Connected, null, null), await Seen("tenant-p", "ok"));
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.AuthError, "HTTP_401"), await Seen("tenant-p", "unauthorized"));
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.AuthError, "HTTP_403"), await Seen("tenant-p2", "forbidden"));
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.RateLimit, "HTTP_429"), await Seen("tenant-p", "limited"));
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.Unknown, "HTTP_503"), await Seen("tenant-p", "broken"));
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.Unknown, "PROBE_TIMEOUT"), await Seen("tenant-p", "slow"));
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.WebhookError, "WEBHOOK_DOWN"), await Seen("tenant-p", "webhook"));
        Assert.DoesNotContain("abcdef123456", (await GetAsync("tenant-p", "webhook")).ErrorSummary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConnectionResetIsRecordedAsSuch()
    {
        await SeedAsync("tenant-r", "reset", "line");
        _connector.Answer("reset", new FakeConnector.Reply(200, Reset: true));

        await TickAsync();

        var view = await GetAsync("tenant-r", "reset");
        Assert.Equal((ConnectionStatus.Error, "PROBE_UNREACHABLE"), (view.Status, view.ErrorCode));
        Assert.Contains("reset", view.ErrorSummary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedConnectionIsRecordedAsSuch()
    {
        // Nothing listens on this port.
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Probes:Urls:line"] = $"http://127.0.0.1:{AzuriteProcess.FreePort()}/health/{{tenantId}}/{{channelAccountId}}",
        });
        var seeded = await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-x", "refused", new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"), channel = "line" });
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);

        await app.ProbeRoundAsync();

        var view = (await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>("/api/tenants/tenant-x/connections/refused", ApiJson))!;
        Assert.Equal("Health probe failed: connection refused", view.ErrorSummary);
    }

    [Fact]
    public async Task AccountsFlipToErrorAndBackAcrossTicks()
    {
        await SeedAsync("tenant-f", "flip", "line");
        _connector.Answer("flip", new FakeConnector.Reply(401));

        await TickAsync();
        var broken = await GetAsync("tenant-f", "flip");
        _app.Clock!.Advance(TimeSpan.FromMinutes(6));
        _connector.Answer("flip", new FakeConnector.Reply(200));
        await TickAsync();
        var recovered = await GetAsync("tenant-f", "flip");

        Assert.Equal((ConnectionStatus.Error, HealthState.RequiresReauth), (broken.Status, broken.HealthState));
        Assert.Equal(ConnectionStatus.Connected, recovered.Status);
        Assert.Equal(_app.Clock.GetUtcNow(), recovered.LastCheckedAt);
        Assert.Equal(broken.LastCheckedAt, recovered.LastErrorAt);
        Assert.Equal(2, _connector.CallsFor("flip"));
    }

    [Fact]
    public async Task OnlyDueAccountsOfProbedChannelsAreProbed()
    {
        await SeedAsync("tenant-d", "recent", "line", minutesAgo: 1);
        await SeedAsync("tenant-d", "tiktok-1", "tiktok");
        await SeedAsync("tenant-d", "gone", "line", status: "disconnected");
        await SeedAsync("tenant-d", "due", "line");

        await TickAsync();

        Assert.Equal(["due"], _connector.Calls.Select(c => c.Account));
        Assert.Equal(ReportSource.Connector, (await GetAsync("tenant-d", "tiktok-1")).LastSource);
    }

    [Fact]
    public async Task PastDueTickRunsOnce()
    {
        await SeedAsync("tenant-l", "late", "line");

        var summary = await TickAsync(isPastDue: true);

        Assert.Equal(1, summary.Probed);
        Assert.Equal(1, _connector.CallsFor("late"));
    }

    [Fact]
    public async Task ChannelWithMostlyFailingAccountsIsMarkedAsAnOutage()
    {
        foreach (var account in new[] { "s1", "s2", "s3" })
        {
            await SeedAsync("tenant-o", account, "shopee");
            _connector.Answer(account, new FakeConnector.Reply(503));
        }

        await SeedAsync("tenant-o", "l1", "line");
        await SeedAsync("tenant-o", "l2", "line");

        await TickAsync();
        await TickAsync(); // the next tick adds up what the workers counted

        var channels = await _app.ClientWithKey(SupportKey).GetFromJsonAsync<ChannelHealthList>("/api/channels/health", ApiJson);
        var shopee = channels!.Items.Single(c => c.Channel == Channel.Shopee);
        var line = channels.Items.Single(c => c.Channel == Channel.Line);
        Assert.Equal((3, 3, 1.0, true), (shopee.Checked, shopee.Failing, shopee.ErrorRate, shopee.IsOutage));
        Assert.Equal((2, 0, false), (line.Checked, line.Failing, line.IsOutage));

        var s1 = await GetAsync("tenant-o", "s1");
        Assert.Contains(s1.HealthReasons, r => r.Code == "status_error");
        Assert.Contains("Shopee provider is experiencing issues", s1.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectedAccountOfAChannelInOutageIsDegraded()
    {
        foreach (var account in new[] { "s1", "s2", "s3", "s4" })
        {
            await SeedAsync("tenant-o2", account, "shopee");
            _connector.Answer(account, new FakeConnector.Reply(account == "s4" ? 200 : 500));
        }

        await TickAsync();
        await TickAsync();

        var healthy = await GetAsync("tenant-o2", "s4");
        Assert.Equal((ConnectionStatus.Connected, HealthState.Degraded, 40), (healthy.Status, healthy.HealthState, healthy.HealthScore));
    }

    [Fact]
    public async Task AnOutageNoRunHasConfirmedWithinTheWindowExpires()
    {
        foreach (var account in new[] { "s1", "s2", "s3" })
        {
            await SeedAsync("tenant-o3", account, "shopee");
            _connector.Answer(account, new FakeConnector.Reply(503));
        }

        await TickAsync();
        await TickAsync();
        Assert.True(await ShopeeOutageAsync());
        Assert.Contains("Shopee provider", (await GetAsync("tenant-o3", "s1")).RecommendedAction, StringComparison.Ordinal);

        // No further run measures Shopee (say its probe URL was removed): the old row must not cap it forever.
        _app.Clock!.Advance(TimeSpan.FromMinutes(15) + ChannelHealthStore.OutageCacheDuration + TimeSpan.FromSeconds(1));

        Assert.False(await ShopeeOutageAsync());
        Assert.DoesNotContain("Shopee provider", (await GetAsync("tenant-o3", "s1")).RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTimeBudgetCountsTheQueryForDueAccounts()
    {
        await SeedAsync("tenant-b", "b1", "line");
        await SeedAsync("tenant-b", "b2", "line");

        // Once the tick has queued the request, every reading of the clock takes 30 seconds, more
        // than the 25-second budget (and well within the request's lifetime): the query alone uses it up.
        await _app.Services.GetRequiredService<ProbeDistributor>().DistributeAsync(isPastDue: false, CancellationToken.None);
        _app.Clock!.AutoAdvanceAmount = TimeSpan.FromSeconds(30);
        var requests = await _app.DrainProbeQueueAsync();
        _app.Clock.AutoAdvanceAmount = TimeSpan.Zero;

        Assert.Contains(requests, r => r.OutOfTime);
        Assert.Equal(0, requests.Sum(r => r.Probed));
        Assert.Empty(_connector.Calls);
    }

    private async Task<bool> ShopeeOutageAsync() =>
        (await _app.ClientWithKey(SupportKey).GetFromJsonAsync<ChannelHealthList>("/api/channels/health", ApiJson))!.Items.Single(c => c.Channel == Channel.Shopee).IsOutage;
}
