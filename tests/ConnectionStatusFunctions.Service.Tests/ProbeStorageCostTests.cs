using System.Net;
using System.Net.Http.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// What a probe costs in storage, counted on the wire to a real Azurite: a probe that changes
/// nothing is the raw SDK's point read and conditional replace, whatever the row's transition
/// count; only a transition, which writes a history entry, may look at the history.
/// </summary>
public sealed class ProbeStorageCostTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task AProbeThatChangesNothingReadsNoHistoryEvenWhenTheCountWasEditedAway()
    {
        var start = DateTimeOffset.UtcNow;
        // The queries over an account's history rows: their keys start with '~' (the attention index's, which the survey reads, with "~~").
        var historyQueries = new RequestCounter(message => Uri.UnescapeDataString(message.Request.Uri.Query) is var query
            && query.Contains("RowKey ge '~", StringComparison.Ordinal) && !query.Contains("RowKey ge '~~", StringComparison.Ordinal));
        await using var connector = await FakeConnector.StartAsync();
        using var app = new StatusApplication(azurite.ConnectionString, services =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(historyQueries, HttpPipelinePosition.PerCall);
            services.RemoveAll<TableServiceClient>();
            services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
        }, new Dictionary<string, string?> { ["Probes:Urls:line"] = connector.Template }).UseClock(start);
        var connectorClient = app.ClientWithKey(ConnectorKey);
        async Task ReportAsync(string account, string status, int minutesAgo)
        {
            object report = status == "error"
                ? new { status, checkedAt = start.AddMinutes(-minutesAgo).ToString("O"), errorCategory = "auth_error", channel = "line" }
                : new { status, checkedAt = start.AddMinutes(-minutesAgo).ToString("O"), channel = "line" };
            Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connectorClient, "tenant-cost", account, report)).StatusCode);
        }

        await ReportAsync("healthy", "connected", 10);
        await ReportAsync("zeroed", "connected", 12);
        await ReportAsync("zeroed", "error", 11);
        await ReportAsync("zeroed", "connected", 10);
        // As a row written before the count existed, or a count zeroed in Storage Explorer.
        await new TableClient(azurite.ConnectionString, app.ConnectionsTable)
            .UpdateEntityAsync(new TableEntity("tenant-cost", "zeroed") { ["TransitionCount"] = 0L }, ETag.All, TableUpdateMode.Merge);

        var unchanged = await app.ProbeRoundAsync();

        Assert.Equal(2, unchanged.Probed);
        Assert.Equal(0, historyQueries.Sent);

        // The next transition still follows the history: nothing of it is overwritten.
        app.Clock!.Advance(TimeSpan.FromMinutes(6));
        connector.Answer("zeroed", new FakeConnector.Reply(401));
        var changed = await app.ProbeRoundAsync();

        Assert.Equal(2, changed.Probed);
        Assert.Equal(1, historyQueries.Sent);
        var history = await app.ClientWithKey(SupportKey).GetFromJsonAsync<TransitionList>("/api/tenants/tenant-cost/connections/zeroed/history", ApiJson);
        Assert.Equal([ConnectionStatus.Error, ConnectionStatus.Connected, ConnectionStatus.Error, ConnectionStatus.Connected], history!.Items.Select(i => i.To));
        Assert.Equal(ReportSource.Probe, history.Items[0].Source);
    }

    [Fact]
    public async Task AProbeWritesNoHttpClientLogRecordsWhereTheHostLetsThemThrough()
    {
        var logs = new CapturedLogs();
        await using var connector = await FakeConnector.StartAsync();
        // The Functions worker has no filter for the HTTP client's Information records; the standalone host's appsettings have.
        using var app = new StatusApplication(azurite.ConnectionString, services => services.AddSingleton<ILoggerProvider>(logs), new Dictionary<string, string?>
        {
            ["Probes:Urls:line"] = connector.Template,
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Information",
        });
        var report = new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"), channel = "line" };
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-quiet", "probed", report)).StatusCode);

        var round = await app.ProbeRoundAsync();

        Assert.Equal(1, round.Probed);
        Assert.Equal(1, connector.CallsFor("probed"));
        Assert.Contains(logs.Lines, line => line.Contains("Probe request for tenant-quiet", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal));
    }
}
