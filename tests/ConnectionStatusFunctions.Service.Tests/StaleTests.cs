using System.Net;
using System.Net.Http.Json;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Silence as a state, against Azurite: the tick's requests record silent accounts as stale, and every reader shows it.</summary>
public sealed class StaleTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private StatusApplication _app = new StatusApplication(azurite.ConnectionString).UseClock(Now);

    public void Dispose() => _app.Dispose();

    private HttpClient Support => _app.ClientWithKey(SupportKey);

    private async Task<ReportResponse> ReportAsync(string account, string status, DateTimeOffset at, string channel = "line", string? category = null)
    {
        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), "tenant-s", account, new { status, checkedAt = at.ToString("O"), channel, errorCategory = category });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReportResponse>(ApiJson))!;
    }

    private async Task<ConnectionView> GetAsync(string account) =>
        (await Support.GetFromJsonAsync<ConnectionView>($"/api/tenants/tenant-s/connections/{account}", ApiJson))!;

    private async Task<List<string>> ListAsync(string query) =>
        (await Support.GetFromJsonAsync<ConnectionList>($"/api/tenants/tenant-s/connections{query}", ApiJson))!.Items.Select(i => i.ChannelAccountId).Order(StringComparer.Ordinal).ToList();

    private async Task<List<TransitionView>> HistoryAsync(string account) =>
        (await Support.GetFromJsonAsync<TransitionList>($"/api/tenants/tenant-s/connections/{account}/history", ApiJson))!.Items.ToList();

    [Fact]
    public async Task ASilentConnectedAccountIsStaleInItsGetTheListTheFilterAndTheSummaryWithNoChannelProbed()
    {
        await ReportAsync("quiet", "connected", Now.AddHours(-2).AddMinutes(-5));
        await ReportAsync("chatty", "connected", Now.AddMinutes(-5));
        await ReportAsync("broken", "error", Now.AddHours(-3), category: "webhook_error");
        await ReportAsync("gone", "disconnected", Now.AddDays(-5));

        var round = await _app.ProbeRoundAsync();

        Assert.Equal(1, round.Tick.Requests); // no channel has a probe URL, yet the tenant's request is queued
        var quiet = await GetAsync("quiet");
        Assert.Equal((ConnectionStatus.Stale, HealthState.Stale, true, ReportSource.Silence), (quiet.Status, quiet.HealthState, quiet.NeedsAttention, quiet.LastSource));
        Assert.Equal(Now.AddHours(-2).AddMinutes(-5), quiet.LastCheckedAt);
        Assert.Equal(Now.AddHours(-1).AddMinutes(-5), quiet.StatusChangedAt);
        Assert.Contains(quiet.HealthReasons, r => r.Code == "no_recent_report");
        Assert.Equal("No report for 2 hours: check that the connector for LINE is running.", quiet.RecommendedAction);
        Assert.Equal((ConnectionStatus.Error, ConnectionStatus.Disconnected, ConnectionStatus.Connected), ((await GetAsync("broken")).Status, (await GetAsync("gone")).Status, (await GetAsync("chatty")).Status));

        Assert.Equal(["broken", "gone", "quiet"], await ListAsync("?needsAttention=true"));
        Assert.Equal(["quiet"], await ListAsync("?status=stale"));
        var summary = (await Support.GetFromJsonAsync<TenantSummary>("/api/tenants/tenant-s/connection-summary", ApiJson))!;
        Assert.Equal((Badge.Red, 1, 3), (summary.Badge, summary.Stale, summary.IssueCount));
        Assert.Equal("3 of 4 connections need attention", summary.StatusText);
    }

    [Fact]
    public async Task AChannelsOwnLimitDecidesWhenItsAccountsGoStale()
    {
        _app.Dispose();
        _app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["StatusPolicy:StaleAfterByChannel:shopee"] = "00:10:00" }).UseClock(Now);
        await ReportAsync("shopee-1", "connected", Now.AddMinutes(-20), channel: "shopee");
        await ReportAsync("line-1", "connected", Now.AddMinutes(-20));

        await _app.ProbeRoundAsync();

        Assert.Equal(ConnectionStatus.Stale, (await GetAsync("shopee-1")).Status);
        Assert.Equal(Now.AddMinutes(-10), (await GetAsync("shopee-1")).StatusChangedAt);
        Assert.Equal(ConnectionStatus.Connected, (await GetAsync("line-1")).Status);
    }

    [Fact]
    public async Task TheSilenceIsATransitionOfSourceSilenceThatTheFirstLaterReportEnds()
    {
        await ReportAsync("quiet", "connected", Now.AddHours(-2));
        await _app.ProbeRoundAsync();
        await _app.ProbeRoundAsync(); // a second tick finds nothing new to record

        var history = await HistoryAsync("quiet");
        Assert.Equal(2, history.Count);
        Assert.Equal(new TransitionView(Now.AddHours(-1), ConnectionStatus.Connected, ConnectionStatus.Stale, null, null, null, ReportSource.Silence), history[0]);

        var ended = await ReportAsync("quiet", "connected", Now.AddMinutes(-1));

        Assert.Equal((TransitionKind.Applied, ConnectionStatus.Connected, HealthState.Healthy), (ended.Outcome, ended.Connection!.Status, ended.Connection.HealthState));
        history = await HistoryAsync("quiet");
        Assert.Equal((ConnectionStatus.Stale, ConnectionStatus.Connected, ReportSource.Connector, Now.AddMinutes(-1)), (history[0].From, history[0].To, history[0].Source, history[0].At));
    }

    [Fact]
    public async Task ALateReportOlderThanTheMomentTheSilenceBeganIsStaleAndChangesNothing()
    {
        await ReportAsync("quiet", "connected", Now.AddHours(-2));
        await _app.ProbeRoundAsync();

        var late = await ReportAsync("quiet", "error", Now.AddHours(-1).AddMinutes(-1), category: "auth_error");

        Assert.Equal((TransitionKind.Stale, ConnectionStatus.Stale), (late.Outcome, late.Connection!.Status));
        Assert.Equal(2, (await HistoryAsync("quiet")).Count);
    }

    [Fact]
    public async Task AnErrorStaysAnErrorWithItsAgeAndADisconnectedAccountNeverGoesStale()
    {
        await ReportAsync("broken", "error", Now.AddDays(-2), category: "auth_error");
        await ReportAsync("gone", "disconnected", Now.AddDays(-2));

        await _app.ProbeRoundAsync();

        var broken = await GetAsync("broken");
        Assert.Equal((ConnectionStatus.Error, HealthState.RequiresReauth, Now.AddDays(-2)), (broken.Status, broken.HealthState, broken.LastCheckedAt));
        Assert.Equal((ConnectionStatus.Disconnected, HealthState.Disconnected), ((await GetAsync("gone")).Status, (await GetAsync("gone")).HealthState));
        Assert.Single(await HistoryAsync("broken"));
        Assert.Single(await HistoryAsync("gone"));
    }

    [Fact]
    public async Task AReportCannotSetStaleItself()
    {
        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), "tenant-s", "sneaky", new { status = "stale", checkedAt = Now.ToString("O") });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Support.GetAsync("/api/tenants/tenant-s/connections/sneaky")).StatusCode);
    }
}
