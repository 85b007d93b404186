using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Reads take only <see cref="StatusRowReader.ViewColumns"/> of a status row: what they show must not depend on the columns left in storage.</summary>
public sealed class ViewColumnsTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly DateTimeOffset Now = TestClock.Start;

    [Fact]
    public async Task EveryAccountsViewFromItsViewColumnsIsTheViewFromItsWholeRow()
    {
        const string tenant = "tenant-columns";
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        var connector = app.ClientWithKey(ConnectorKey);
        async Task ReportAsync(string account, object report)
        {
            var response = await PatchAsync(connector, tenant, account, report);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{account}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await ReportAsync("steady", new { status = "connected", checkedAt = Now.AddMinutes(-50).ToString("O"), channel = "line", displayName = "Steady shop" });
        await ReportAsync("broken", ReportBodies.Report("error", Now.AddMinutes(-40), "auth_error", "token expired"));
        await ReportAsync("recovered", ReportBodies.Report("error", Now.AddMinutes(-30), "rate_limit", "429"));
        await ReportAsync("recovered", ReportBodies.Report("connected", Now.AddMinutes(-20)));
        await ReportAsync("silent", ReportBodies.Report("connected", Now.AddDays(-2)));
        for (var i = 0; i < 12; i++)
        {
            await ReportAsync("flapping", ReportBodies.Report(i % 2 == 0 ? "error" : "connected", Now.AddMinutes(-30 + i), i % 2 == 0 ? "unknown" : null, i % 2 == 0 ? "reset" : null));
        }

        var table = new TableClient(azurite.ConnectionString, app.ConnectionsTable);
        var reader = app.Services.GetRequiredService<StatusRowReader>();
        var lens = await app.Services.GetRequiredService<ConnectionViews>().AsOfNowAsync(CancellationToken.None);
        var views = new List<ConnectionView>();
        foreach (var account in new[] { "steady", "broken", "recovered", "silent", "flapping" })
        {
            var whole = (await table.GetEntityAsync<TableEntity>(tenant, account)).Value;
            var selected = (await table.GetEntityAsync<TableEntity>(tenant, account, StatusRowReader.ViewColumns)).Value;
            Assert.True(whole.Count > selected.Count, $"{account}: the select left nothing out");
            Assert.True(reader.TryRead(whole, out var fromWhole, out _, out _));
            Assert.True(reader.TryRead(selected, out var fromSelected, out _, out _));
            var view = lens.View(fromWhole!);
            Assert.Equal(JsonSerializer.Serialize(view, ApiJson), JsonSerializer.Serialize(lens.View(fromSelected!), ApiJson));
            views.Add(view);
        }

        // The accounts cover what a view derives from several columns: a flapper, failures in the last 24 hours, silence, a name.
        Assert.Contains(views, v => v.IsFlapping && v.AttentionSince is not null);
        Assert.Contains(views, v => v.ChannelAccountId == "recovered" && v.FailuresInLast24Hours > 0);
        Assert.Contains(views, v => v.ChannelAccountId == "silent" && v.HealthState != views[0].HealthState);
        Assert.Equal("Steady shop", views[0].DisplayName);
    }
}
