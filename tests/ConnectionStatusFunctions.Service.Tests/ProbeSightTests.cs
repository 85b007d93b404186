using System.Net;
using System.Net.Http.Json;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>A probe's success clears only what a health URL can show (issue 15, item 5), through real probe rounds against a fake connector on 127.0.0.1.</summary>
public sealed class ProbeSightTests(Azurite azurite) : IClassFixture<Azurite>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private FakeConnector _connector = null!;
    private StatusApplication _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Probes:Urls:shopee"] = _connector.Template,
        }).UseClock(Start);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _connector.DisposeAsync();
    }

    private Task<HttpResponseMessage> ReportAsync(string account, object report) => PatchAsync(_app.ClientWithKey(ConnectorKey), "tenant-sight", account, report);

    private async Task<ConnectionView> GetAsync(string account) =>
        (await _app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>($"/api/tenants/tenant-sight/connections/{account}", ApiJson))!;

    private async Task<IReadOnlyList<TransitionView>> HistoryAsync(string account) =>
        (await _app.ClientWithKey(SupportKey).GetFromJsonAsync<TransitionList>($"/api/tenants/tenant-sight/connections/{account}/history?pageSize=50", ApiJson))!.Items;

    [Fact]
    public async Task AWebhookErrorSurvivesTheProbesSuccessAndEndsWithTheConnectorsSuccess()
    {
        var now = Start;
        Assert.Equal(HttpStatusCode.OK, (await ReportAsync("shop-1", new { status = "connected", checkedAt = now.AddMinutes(-20).ToString("O"), channel = "shopee" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReportAsync("shop-1", new { status = "error", checkedAt = now.AddMinutes(-10).ToString("O"), errorCategory = "webhook_error", errorCode = "WEBHOOK_DOWN", reportId = "wh-1" })).StatusCode);

        // The health URL answers 200: the API token works, which says nothing of inbound deliveries.
        var first = await _app.ProbeRoundAsync();
        var checkedOnce = await GetAsync("shop-1");

        Assert.Equal(1, first.Probed);
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.WebhookError, "WEBHOOK_DOWN"), (checkedOnce.Status, checkedOnce.ErrorCategory, checkedOnce.ErrorCode));
        Assert.Equal(HealthState.Error, checkedOnce.HealthState);
        Assert.True(checkedOnce.NeedsAttention);
        Assert.Equal(now, checkedOnce.LastCheckedAt);
        Assert.Equal(now.AddMinutes(-20), checkedOnce.LastSuccessAt);
        Assert.Equal(now.AddMinutes(-10), checkedOnce.StatusChangedAt);
        Assert.Equal([ConnectionStatus.Error, ConnectionStatus.Connected], (await HistoryAsync("shop-1")).Select(t => t.To));

        // It was a check: not due again until the interval has passed.
        _app.Clock!.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, (await _app.ProbeRoundAsync()).Due);
        _app.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, (await _app.ProbeRoundAsync()).Probed);
        Assert.Equal(2, _connector.CallsFor("shop-1"));
        var checkedTwice = await GetAsync("shop-1");
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.WebhookError, now.AddMinutes(6)), (checkedTwice.Status, checkedTwice.ErrorCategory, checkedTwice.LastCheckedAt));

        // The connector's success ends it, even one it observed before the probe's last check.
        var fixedAt = now.AddMinutes(5);
        var response = await ReportAsync("shop-1", new { status = "connected", checkedAt = fixedAt.ToString("O"), reportId = "ok-1" });
        var body = await response.Content.ReadFromJsonAsync<ReportResponse>(ApiJson);

        Assert.Equal(TransitionKind.Applied, body!.Outcome);
        var recovered = await GetAsync("shop-1");
        Assert.Equal((ConnectionStatus.Connected, HealthState.Healthy, now.AddMinutes(6)), (recovered.Status, recovered.HealthState, recovered.LastCheckedAt));
        var history = await HistoryAsync("shop-1");
        Assert.Equal([ConnectionStatus.Connected, ConnectionStatus.Error, ConnectionStatus.Connected], history.Select(t => t.To));
    }

    [Fact]
    public async Task AProbesSuccessStillEndsAnAuthErrorTheConnectorReported()
    {
        Assert.Equal(HttpStatusCode.OK, (await ReportAsync("shop-2", new { status = "error", checkedAt = Start.AddMinutes(-10).ToString("O"), errorCategory = "auth_error", channel = "shopee" })).StatusCode);

        await _app.ProbeRoundAsync();

        var view = await GetAsync("shop-2");
        Assert.Equal((ConnectionStatus.Connected, Start, ReportSource.Probe), (view.Status, view.LastSuccessAt, view.LastSource));
    }

    [Fact]
    public async Task AWebhookErrorTheProbesOwnAnswerReportedIsEndedByItsNextSuccess()
    {
        Assert.Equal(HttpStatusCode.OK, (await ReportAsync("shop-3", new { status = "connected", checkedAt = Start.AddMinutes(-10).ToString("O"), channel = "shopee" })).StatusCode);
        _connector.Answer("shop-3", new FakeConnector.Reply(502, Json: """{"errorCategory":"webhook_error","errorCode":"WEBHOOK_DOWN"}"""));
        await _app.ProbeRoundAsync();
        var broken = await GetAsync("shop-3");

        _connector.Answer("shop-3", new FakeConnector.Reply(200));
        _app.Clock!.Advance(TimeSpan.FromMinutes(6));
        await _app.ProbeRoundAsync();
        var recovered = await GetAsync("shop-3");

        Assert.Equal((ConnectionStatus.Error, ErrorCategory.WebhookError), (broken.Status, broken.ErrorCategory));
        Assert.Equal((ConnectionStatus.Connected, Start.AddMinutes(6)), (recovered.Status, recovered.LastSuccessAt));
    }
}
