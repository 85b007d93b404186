using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>A row edited by hand in Storage Explorer with a value the service never writes.</summary>
public sealed class UnreadableRowTests(Azurite azurite) : IClassFixture<Azurite>, IAsyncLifetime
{
    private FakeConnector _connector = null!;
    private StatusApplication _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Probes:Urls:line"] = _connector.Template });
        foreach (var account in new[] { "good", "bogus" })
        {
            var seeded = await PatchAsync(_app.ClientWithKey(ConnectorKey), "tenant-u", account, new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"), channel = "line" });
            Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        }

        var table = new TableClient(azurite.ConnectionString, _app.ConnectionsTable);
        await table.UpdateEntityAsync(new TableEntity("tenant-u", "bogus") { ["Status"] = "bogus" }, Azure.ETag.All, TableUpdateMode.Merge);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _connector.DisposeAsync();
    }

    private HttpClient Support => _app.ClientWithKey(SupportKey);

    [Fact]
    public async Task TheListShowsTheOtherRowsAndNamesTheUnreadableOne()
    {
        var list = await Support.GetFromJsonAsync<ConnectionList>("/api/tenants/tenant-u/connections", ApiJson);

        Assert.Equal(["good"], list!.Items.Select(i => i.ChannelAccountId));
        var unreadable = Assert.Single(list.Unreadable);
        Assert.Equal("bogus", unreadable.ChannelAccountId);
        Assert.Contains("column Status", unreadable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSummarySaysHowManyRowsItCouldNotRead()
    {
        var summary = await Support.GetFromJsonAsync<TenantSummary>("/api/tenants/tenant-u/connection-summary", ApiJson);

        Assert.Equal((2, 1, 1, Badge.Yellow), (summary!.Total, summary.Healthy, summary.Unreadable, summary.Badge));
        Assert.Equal("1 of 2 connections healthy; could not read 1", summary.StatusText);
    }

    [Fact]
    public async Task GettingTheUnreadableRowIsAProblemThatSaysWhyAndTheOthersStillAnswer()
    {
        var response = await Support.GetAsync("/api/tenants/tenant-u/connections/bogus");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The stored status row cannot be read.", problem.GetProperty("title").GetString());
        Assert.Contains("column Status", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Support.GetAsync("/api/tenants/tenant-u/connections/good")).StatusCode);
    }

    [Fact]
    public async Task ANewReportRepairsTheRow()
    {
        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), "tenant-u", "bogus", new { status = "error", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), errorCategory = "auth_error", channel = "line" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await Support.GetFromJsonAsync<ConnectionView>("/api/tenants/tenant-u/connections/bogus", ApiJson);
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.AuthError), (view!.Status, view.ErrorCategory));
    }

    [Fact]
    public async Task AProbeRunSkipsTheUnreadableRowAndProbesTheRest()
    {
        var summary = await _app.ProbeRoundAsync();

        Assert.Equal((1, 1), (summary.Due, summary.Probed));
        Assert.Equal(1, _connector.CallsFor("good"));
        Assert.Equal(0, _connector.CallsFor("bogus"));
    }
}
