using System.Net.Http.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Demo;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

public sealed class DemoSeederTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private readonly StatusApplication _app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Demo:Tenant"] = "demo" }).UseClock(Now);

    public void Dispose() => _app.Dispose();

    private async Task<List<ConnectionView>> ListAsync(string tenant)
    {
        var list = await _app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionList>($"/api/tenants/{tenant}/connections", ApiJson);
        return [.. list!.Items];
    }

    [Fact]
    public async Task StartingWithADemoTenantFillsItWithEveryKindOfAccount()
    {
        _ = _app.Server; // start-up seeds Demo:Tenant before the host serves

        var accounts = await ListAsync("demo");

        Assert.Equal(DemoSeeder.Accounts.Count, accounts.Count);
        Assert.Equal(Enum.GetValues<Channel>().Where(c => c != Channel.Other).Order(), accounts.Select(a => a.Channel).Distinct().Order());
        Assert.True(accounts.Count(a => a.HealthState == HealthState.Healthy) >= 3);
        Assert.Equal(Enum.GetValues<ErrorCategory>().Order(), accounts.Where(a => a.Status == ConnectionStatus.Error).Select(a => a.ErrorCategory!.Value).Order());
        var flapping = Assert.Single(accounts, a => a.IsFlapping);
        Assert.True(flapping.NeedsAttention);
        Assert.Equal(ConnectionStatus.Disconnected, Assert.Single(accounts, a => a.Status == ConnectionStatus.Disconnected).Status);
        var stale = Assert.Single(accounts, a => a.LastCheckedAt < Now.AddDays(-2));
        Assert.Equal(Now - TimeSpan.FromDays(2) - TimeSpan.FromHours(1), stale.LastCheckedAt);
        Assert.Equal((ConnectionStatus.Stale, HealthState.Stale, true, "line-oa-promo"), (stale.Status, stale.HealthState, stale.NeedsAttention, stale.ChannelAccountId));
        Assert.Equal("No report for 2 days: check that the connector for LINE is running.", stale.RecommendedAction);
        // Through the intake: the token in the Facebook error never reached storage.
        var facebook = Assert.Single(accounts, a => a.ErrorCategory == ErrorCategory.AuthError);
        Assert.Contains("access_token=[REDACTED]", facebook.ErrorSummary, StringComparison.Ordinal);
        Assert.Equal(HealthState.RequiresReauth, facebook.HealthState);
        var summary = await _app.ClientWithKey(SupportKey).GetFromJsonAsync<TenantSummary>("/api/tenants/demo/connection-summary", ApiJson);
        Assert.Equal(Badge.Red, summary!.Badge);
    }

    [Fact]
    public async Task TheDemoAccountsHaveTheirHistory()
    {
        _ = _app.Server;

        var flapping = await _app.ClientWithKey(SupportKey).GetFromJsonAsync<TransitionList>("/api/tenants/demo/connections/webchat-site/history?pageSize=50", ApiJson);
        var facebook = await _app.ClientWithKey(SupportKey).GetFromJsonAsync<TransitionList>("/api/tenants/demo/connections/facebook-page/history", ApiJson);

        Assert.Equal(10, flapping!.Items.Count);
        Assert.Equal(
            [(ConnectionStatus.Connected, ConnectionStatus.Error, Now.AddMinutes(-42)), (default(ConnectionStatus?), ConnectionStatus.Connected, Now.AddHours(-5))],
            facebook!.Items.Select(t => (t.From, t.To, t.At)));
    }

    [Fact]
    public async Task SeedingAgainWritesNothing()
    {
        _ = _app.Server;
        var table = new TableClient(azurite.ConnectionString, _app.ConnectionsTable);
        var before = table.Query<TableEntity>(e => e.PartitionKey == "demo").ToDictionary(e => e.RowKey, e => e.ETag);

        var result = await _app.Services.GetRequiredService<DemoSeeder>().SeedAsync("demo", CancellationToken.None);

        Assert.Equal(new DemoSeedResult(0, DemoSeeder.Accounts.Count), result);
        Assert.Equal(before, table.Query<TableEntity>(e => e.PartitionKey == "demo").ToDictionary(e => e.RowKey, e => e.ETag));
    }

    [Fact]
    public async Task SeedingLeavesAnAccountThatAlreadyExistsAlone()
    {
        _ = _app.Server;
        var report = new { status = "connected", checkedAt = Now.AddMinutes(-1).ToString("O"), channel = "facebook", reportId = "real-1" };
        await PatchAsync(_app.ClientWithKey(ConnectorKey), "other", "facebook-page", report);

        var result = await _app.Services.GetRequiredService<DemoSeeder>().SeedAsync("other", CancellationToken.None);

        Assert.Equal(new DemoSeedResult(DemoSeeder.Accounts.Count - 1, 1), result);
        var facebook = Assert.Single(await ListAsync("other"), a => a.ChannelAccountId == "facebook-page");
        Assert.Equal(ConnectionStatus.Connected, facebook.Status);
    }
}
