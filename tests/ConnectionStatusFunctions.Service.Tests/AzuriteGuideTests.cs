using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.ReportBodies;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>What docs/azurite.md tells someone browsing the emulator: when a table appears, what a poison record's reason says.</summary>
public sealed class AzuriteGuideTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static string Guide() => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "azurite.md"));

    [Fact]
    public async Task ChannelHealthAppearsWithTheFirstProbeTickAfterAReportWithoutAnyProbeUrl()
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        var table = new TableServiceClient(azurite.ConnectionString);

        await app.ProbeRoundAsync();
        Assert.Empty(table.QueryAsync(t => t.Name == app.ChannelHealthTable).ToBlockingEnumerable());

        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-g", "line-1", Report("connected", DateTimeOffset.UtcNow.AddMinutes(-1)))).StatusCode);
        await app.ProbeRoundAsync();

        var rows = new TableClient(azurite.ConnectionString, app.ChannelHealthTable).QueryAsync<TableEntity>().ToBlockingEnumerable().ToList();
        Assert.Contains(rows, r => r.RowKey == "line");
        Assert.Contains("`ChannelHealth` with the first probe tick that has something to sum", Guide(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APoisonRecordOfMalformedJsonGivesTheReasonTheGuideQuotes()
    {
        using var app = new StatusApplication(azurite.ConnectionString);

        await app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync("{ not json", 1, CancellationToken.None);

        var stored = Assert.Single(await new QueueClient(azurite.ConnectionString, app.PoisonRecords).DistinctRecordsAsync());
        var reason = JsonDocument.Parse(stored).RootElement.GetProperty("reason").GetString()!;
        Assert.Equal("It is not a JSON report: malformed JSON, or a field that is unknown, repeated or of the wrong type (line 1, byte 3).", reason);
        Assert.Contains($"`{reason}`", Guide(), StringComparison.Ordinal);
    }
}
