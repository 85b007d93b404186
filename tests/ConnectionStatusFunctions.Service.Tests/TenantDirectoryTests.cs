using System.Net;
using System.Net.Http.Json;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>GET /api/tenants against Azurite: who sees which tenants, their counts from the attention index, badges and unknown tenants.</summary>
public sealed class TenantDirectoryTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private const string TwoTenantKey = "test-two-tenant-support-key";
    private static readonly DateTimeOffset Now = TestClock.Start;

    private readonly StatusApplication _app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
    {
        ["ApiKeys:Keys:9:Name"] = "two-tenant-support",
        ["ApiKeys:Keys:9:Sha256"] = ApiKeyOptions.HashOf(TwoTenantKey),
        ["ApiKeys:Keys:9:Role"] = Roles.Support,
        ["ApiKeys:Keys:9:Tenants:0"] = "t-healthy",
        ["ApiKeys:Keys:9:Tenants:1"] = "t-mistyped",
    }).UseClock(Now);

    public void Dispose() => _app.Dispose();

    private async Task ReportAsync(string tenant, string account, string status)
    {
        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), tenant, account, new { status, checkedAt = Now.AddMinutes(-5).ToString("O"), errorCategory = status == "error" ? "unknown" : null });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task SeedAsync()
    {
        await ReportAsync("t-broken", "a", "error");
        await ReportAsync("t-broken", "b", "disconnected");
        await ReportAsync("t-broken", "c", "connected");
        await ReportAsync("t-healthy", "a", "connected");
        await ReportAsync("t-other", "a", "error");
    }

    private async Task<TenantList> DirectoryAsync(string key, string query = "") =>
        (await _app.ClientWithKey(key).GetFromJsonAsync<TenantList>($"/api/tenants{query}", ApiJson))!;

    [Fact]
    public async Task AKeyOfEveryTenantSeesEveryRegisteredTenantWithItsAttentionCountBadgeAndSurveyedAccounts()
    {
        await SeedAsync();
        await _app.Services.GetRequiredService<TenantStore>().SurveyAsync("t-broken", shardSize: 100, CancellationToken.None);

        var directory = await DirectoryAsync(SupportKey);

        Assert.Equal(
            [
                new TenantEntry("t-broken", true, 2, Badge.Red, 3, Now),
                new TenantEntry("t-healthy", true, 0, Badge.Green, null, null),
                new TenantEntry("t-other", true, 1, Badge.Red, null, null),
            ],
            directory.Items);
        Assert.Null(directory.ContinuationToken);
        Assert.True(directory.EveryTenant);
        Assert.Equal(directory.Items, (await DirectoryAsync(AdminKey)).Items);
    }

    [Fact]
    public async Task TheDirectoryPagesInTenantIdOrder()
    {
        await SeedAsync();

        var first = await DirectoryAsync(SupportKey, "?pageSize=2");
        var second = await DirectoryAsync(SupportKey, $"?pageSize=2&continuationToken={Uri.EscapeDataString(first.ContinuationToken!)}");

        Assert.Equal(["t-broken", "t-healthy"], first.Items.Select(t => t.TenantId));
        Assert.Equal(["t-other"], second.Items.Select(t => t.TenantId));
        Assert.Null(second.ContinuationToken);
        var forged = await _app.ClientWithKey(SupportKey).GetAsync("/api/tenants?continuationToken=" + Uri.EscapeDataString(first.ContinuationToken!)[..^2]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task AScopedKeySeesOnlyItsTenantsAndANeverRegisteredOneIsUnknownNotGreen()
    {
        await SeedAsync();

        var directory = await DirectoryAsync(TwoTenantKey);

        Assert.Equal([new TenantEntry("t-healthy", true, 0, Badge.Green, null, null), new TenantEntry("t-mistyped", false, 0, null, null, null)], directory.Items);
        // A support key that names its tenants is scoped all the same: the page shows it only those.
        Assert.False(directory.EveryTenant);
        var summary = await _app.ClientWithKey(TwoTenantKey).GetFromJsonAsync<TenantSummary>("/api/tenants/t-mistyped/connection-summary", ApiJson);
        // The summary of an unknown tenant is not green either: a dashboard reading the badge alone sees none.
        Assert.Equal((false, null, null, "No account of tenant \u201ct-mistyped\u201d has ever reported to this service. Check the tenant id."), (summary!.Known, summary.Badge, summary.HealthScore, summary.StatusText));
        Assert.True((await _app.ClientWithKey(TwoTenantKey).GetFromJsonAsync<TenantSummary>("/api/tenants/t-healthy/connection-summary", ApiJson))!.Known);
    }

    [Fact]
    public async Task AConnectorKeyIsRefusedWithAProblem()
    {
        var response = await _app.ClientWithKey(ConnectorKey).GetAsync("/api/tenants");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheCountComesFromTheIndexAndFollowsARecovery()
    {
        await SeedAsync();
        Assert.Equal(1, (await DirectoryAsync(SupportKey)).Items.Single(t => t.TenantId == "t-other").NeedsAttention);

        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), "t-other", "a", new { status = "connected", checkedAt = Now.AddMinutes(-1).ToString("O") });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal((0, Badge.Green), (await DirectoryAsync(SupportKey)).Items.Where(t => t.TenantId == "t-other").Select(t => (t.NeedsAttention, t.Badge!.Value)).Single());
    }
}
