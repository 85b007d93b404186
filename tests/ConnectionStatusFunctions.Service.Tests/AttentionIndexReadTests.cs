using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// What a read of the attention index costs and what it may list, against Azurite: one read of the
/// index range per page or directory row and no read of the status rows, whatever the tenant's size;
/// entries their status rows do not name removed by the hourly survey, and what is shown until then.
/// </summary>
public sealed partial class AttentionIndexReadTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly DateTimeOffset Now = TestClock.Start;

    // A query over the index's key range (not the status rows' AttentionRowKey column, which also holds index keys).
    [GeneratedRegex("(?<!Attention)RowKey g[et] '~~attention~")]
    private static partial Regex IndexRangeQuery();

    /// <summary>A request that reads or writes the partition of one of <paramref name="tenants"/>: a query of it, or a point read, write or delete of one of its rows.</summary>
    private static RequestCounter PartitionRequests(params string[] tenants) => new(message =>
    {
        var sent = Uri.UnescapeDataString(message.Request.Uri.ToUri().PathAndQuery);
        return tenants.Any(tenant => sent.Contains($"PartitionKey eq '{tenant}'", StringComparison.Ordinal) || sent.Contains($"PartitionKey='{tenant}'", StringComparison.Ordinal));
    });

    private static StatusApplication CountingApplication(Azurite azurite, params RequestCounter[] counters) => new StatusApplication(azurite.ConnectionString, services =>
    {
        var options = new TableClientOptions();
        foreach (var counter in counters)
        {
            options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        }

        services.RemoveAll<TableServiceClient>();
        services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
    }).UseClock(Now);

    private static async Task ReportAsync(StatusApplication app, string tenant, string account, string status, DateTimeOffset at)
    {
        var response = await PatchAsync(app.ClientWithKey(ConnectorKey), tenant, account, new { status, checkedAt = at.ToString("O"), errorCategory = status == "error" ? "unknown" : null });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<ConnectionList> ListAsync(StatusApplication app, string tenant, string query) =>
        (await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionList>($"/api/tenants/{tenant}/connections?{query}", ApiJson))!;

    [Fact]
    public async Task EachPageOfTheAttentionListReadsTheIndexRangeOnceForThePageAndItsTotalAndNoStatusRow()
    {
        const string tenant = "tenant-cost";
        var indexQueries = new RequestCounter(message => IndexRangeQuery().IsMatch(Uri.UnescapeDataString(message.Request.Uri.Query)));
        var partitionRequests = PartitionRequests(tenant);
        using var app = CountingApplication(azurite, indexQueries, partitionRequests);
        for (var i = 0; i < 25; i++)
        {
            await ReportAsync(app, tenant, $"acct-{i:D2}", i % 2 == 0 ? "error" : "disconnected", Now.AddMinutes(-100 + i));
        }

        await ReportAsync(app, tenant, "fine", "connected", Now.AddMinutes(-1));
        Assert.Equal(0, indexQueries.Sent);

        var (seen, token, pages) = (new List<string>(), (string?)null, 0);
        do
        {
            var (indexBefore, partitionBefore) = (indexQueries.Sent, partitionRequests.Sent);
            var page = await ListAsync(app, tenant, "needsAttention=true&pageSize=10" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"));
            // The page's only request to the tenant's partition is the index range: no status row, no point read.
            Assert.Equal((1, 1), (indexQueries.Sent - indexBefore, partitionRequests.Sent - partitionBefore));
            Assert.Equal(25, page.Total);
            seen.AddRange(page.Items.Select(i => i.ChannelAccountId));
            token = page.ContinuationToken;
            Assert.True(++pages <= 3, "paging did not end");
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"acct-{i:D2}"), seen);
        var filtered = await ListAsync(app, tenant, "needsAttention=true&pageSize=5&status=error&q=acct-1");
        Assert.Equal(["acct-10", "acct-12", "acct-14", "acct-16", "acct-18"], filtered.Items.Select(i => i.ChannelAccountId));
        Assert.Equal(5, filtered.Total);
        Assert.Equal(pages + 1, indexQueries.Sent);
    }

    [Fact]
    public async Task ADirectoryRowCostsOneIndexQueryWhateverTheNumberOfAccountsOfItsTenant()
    {
        const string big = "dir-big", small = "dir-small";
        var indexQueries = new RequestCounter(message => IndexRangeQuery().IsMatch(Uri.UnescapeDataString(message.Request.Uri.Query)));
        var (bigRequests, smallRequests) = (PartitionRequests(big), PartitionRequests(small));
        var everyRequest = new RequestCounter();
        using var app = CountingApplication(azurite, indexQueries, bigRequests, smallRequests, everyRequest);
        var table = new TableClient(app.ConnectionString, app.ConnectionsTable);
        // 2,000 healthy accounts in one tenant and 10 in the other, each tenant with the same 3 accounts broken.
        foreach (var (tenant, healthy) in new[] { (big, 2_000), (small, 10) })
        {
            for (var i = 0; i < 3; i++)
            {
                await ReportAsync(app, tenant, $"broken-{i}", i == 0 ? "disconnected" : "error", Now.AddMinutes(-30 - i));
            }

            var connected = StatusTransition.Apply(null, new ConnectionReport(ConnectionStatus.Connected, Now.AddMinutes(-5), ReportSource.Probe), new StatusPolicy()).State!;
            foreach (var chunk in Enumerable.Range(0, healthy).Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(
                    TableTransactionActionType.Add, ConnectionEntity.From(new ConnectionKey(tenant, $"fine-{i:D4}"), connected, transitionCount: 1))));
            }

            await app.Services.GetRequiredService<TenantStore>().SurveyAsync(tenant, shardSize: 500, CancellationToken.None);
        }

        var costs = new List<(int Every, int Index, int Partition)>();
        var (rows, token) = (new List<TenantEntry>(), (string?)null);
        foreach (var counter in new[] { bigRequests, smallRequests })
        {
            var before = (everyRequest.Sent, indexQueries.Sent, counter.Sent);
            var page = (await app.ClientWithKey(SupportKey).GetFromJsonAsync<TenantList>("/api/tenants?pageSize=1" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"), ApiJson))!;
            costs.Add((everyRequest.Sent - before.Item1, indexQueries.Sent - before.Item2, counter.Sent - before.Item3));
            rows.AddRange(page.Items);
            token = page.ContinuationToken;
        }

        Assert.Equal([new TenantEntry(big, true, 3, Badge.Red, 2_003, Now), new TenantEntry(small, true, 3, Badge.Red, 13, Now)], rows);
        // Each row: one query of its index range and nothing else of its partition; the same requests for 2,003 accounts as for 13.
        Assert.Equal((1, 1), (costs[0].Index, costs[0].Partition));
        Assert.Equal(costs[0], costs[1]);
    }

    [Fact]
    public async Task TheSurveyRemovesIndexRowsTheirStatusRowsDoNotNameAndAPageShowsEachAccountOnceUntilThen()
    {
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        const string tenant = "tenant-orphans";
        var table = new TableClient(app.ConnectionString, app.ConnectionsTable);

        // An account that recovered: its old entry is planted back, and its status row names none.
        await ReportAsync(app, tenant, "recovered", "error", Now.AddHours(-2));
        var recoveredEntry = Assert.Single(await AttentionIndex.RowsAsync(table, tenant));
        await ReportAsync(app, tenant, "recovered", "connected", Now.AddMinutes(-20));

        // An account whose since moved: its status row names the new entry, the old one is planted back.
        await ReportAsync(app, tenant, "moved", "error", Now.AddHours(-3));
        var movedFrom = (await AttentionIndex.RowsAsync(table, tenant)).Single(r => r.GetString("AttentionOf") == "moved");
        await ReportAsync(app, tenant, "moved", "disconnected", Now.AddMinutes(-50));

        await ReportAsync(app, tenant, "broken", "error", Now.AddMinutes(-30));

        // An account with no status row at all, as a row deleted by hand leaves its entry.
        var ghost = new TableEntity(recoveredEntry) { RowKey = $"{AttentionIndex.Prefix}{Now.AddHours(-4).UtcTicks:D19}~ghost", ["AttentionOf"] = "ghost" };
        foreach (var planted in new[] { recoveredEntry, movedFrom, ghost })
        {
            await table.AddEntityAsync(planted);
        }

        Assert.Equal(5, (await AttentionIndex.RowsAsync(table, tenant)).Count);

        // Before the survey the page trusts the index as its copies read, but never lists an account twice:
        // of the two entries of "moved", its status row is read and the one it does not name removed.
        var before = await ListAsync(app, tenant, "needsAttention=true");
        Assert.Equal(["ghost", "recovered", "moved", "broken"], before.Items.Select(i => i.ChannelAccountId));
        Assert.Equal(4, before.Total);
        Assert.Equal((ConnectionStatusFunctions.Core.ConnectionStatus.Disconnected, Now.AddMinutes(-50)), (before.Items[2].Status, before.Items[2].AttentionSince));
        Assert.Equal(4, (await AttentionIndex.RowsAsync(table, tenant)).Count);

        // The hourly survey, as the probe round runs it.
        Assert.Contains((await app.ProbeRoundAsync()).Requests, r => r.Outcome == Probes.ProbeRequestOutcome.Surveyed);

        var after = await ListAsync(app, tenant, "needsAttention=true");
        Assert.Equal(["moved", "broken"], after.Items.Select(i => i.ChannelAccountId));
        Assert.Equal(2, after.Total);
        await AttentionIndex.AssertAgreesAsync(table, tenant, Now);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(tenant, "ghost")).HasValue);
    }

    [Fact]
    public async Task TheSurveyKeepsAnEntryThatAWriterNamedAfterItsStatusRowsWereRead()
    {
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        const string tenant = "tenant-survey-race";
        var table = new TableClient(app.ConnectionString, app.ConnectionsTable);
        await ReportAsync(app, tenant, "fine", "connected", Now.AddMinutes(-5));
        var tenants = app.Services.GetRequiredService<TenantStore>();
        var surveyed = (await tenants.SurveyAsync(tenant, shardSize: 100, CancellationToken.None)).StatusRows;
        Assert.Equal([new SurveyedRow("fine", null)], surveyed);

        // A report lands between the survey's read of the status rows and its removal of orphans.
        await ReportAsync(app, tenant, "fine", "error", Now.AddMinutes(-1));
        await ReportAsync(app, tenant, "new", "disconnected", Now.AddMinutes(-1));

        Assert.Equal(0, await app.Services.GetRequiredService<AttentionIndexStore>().RemoveOrphansAsync(tenant, surveyed, CancellationToken.None));
        Assert.Equal(2, (await AttentionIndex.RowsAsync(table, tenant)).Count);
        await AttentionIndex.AssertAgreesAsync(table, tenant, Now);
    }

    [Fact]
    public async Task TheDirectoryCountsAnOrphanOnlyUntilTheSurveyRemovesIt()
    {
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        const string tenant = "tenant-dir-orphans";
        var table = new TableClient(app.ConnectionString, app.ConnectionsTable);
        await ReportAsync(app, tenant, "recovered", "error", Now.AddHours(-2));
        var planted = Assert.Single(await AttentionIndex.RowsAsync(table, tenant));
        await ReportAsync(app, tenant, "recovered", "connected", Now.AddMinutes(-20));
        await table.AddEntityAsync(planted);
        await ReportAsync(app, tenant, "broken", "disconnected", Now.AddMinutes(-30));

        async Task<TenantEntry> EntryAsync() => (await app.ClientWithKey(SupportKey).GetFromJsonAsync<TenantList>("/api/tenants", ApiJson))!.Items.Single(t => t.TenantId == tenant);

        Assert.Equal(2, (await EntryAsync()).NeedsAttention);
        Assert.Contains((await app.ProbeRoundAsync()).Requests, r => r.Outcome == Probes.ProbeRequestOutcome.Surveyed);
        Assert.Equal(1, (await EntryAsync()).NeedsAttention);
        await AttentionIndex.AssertAgreesAsync(table, tenant, Now);
    }

    [Fact]
    public async Task HistoryAndIndexRowsNeverAppearAsAccountsInAnyFilterSearchSummaryOrDirectoryCount()
    {
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        const string tenant = "tenant-every-read";
        var connector = app.ClientWithKey(ConnectorKey);
        async Task SendAsync(string account, string channel, string name, string status, string? category, int minutesAgo) =>
            Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, tenant, account, new { status, channel, displayName = name, errorCategory = category, checkedAt = Now.AddMinutes(-minutesAgo).ToString("O") })).StatusCode);

        // Each account has history rows (several transitions); those needing attention have index rows holding copies of their columns.
        foreach (var (account, channel, name, status, category) in new[]
        {
            ("a", "line", "Alpha shop", "error", "auth_error"),
            ("b", "line", "Beta shop", "disconnected", null),
            ("c", "shopee", "Gamma shop", "connected", null),
            ("d", "line", "Delta shop", "error", "unknown"),
        })
        {
            await SendAsync(account, channel, name, "connected", null, 30);
            await SendAsync(account, channel, name, "error", "unknown", 20);
            await SendAsync(account, channel, name, status, category, 10);
        }

        var table = new TableClient(app.ConnectionString, app.ConnectionsTable);
        Assert.Equal(3, (await AttentionIndex.RowsAsync(table, tenant)).Count);
        foreach (var (query, expected) in new (string, string[])[]
        {
            ("", ["a", "b", "c", "d"]),
            ("status=error", ["a", "d"]),
            ("channel=line", ["a", "b", "d"]),
            ("errorCategory=auth_error", ["a"]),
            ("healthState=requires_reauth", ["a"]),
            ("healthState=disconnected", ["b"]),
            ("q=shop", ["a", "b", "c", "d"]),
            ("q=a", ["a", "b", "c", "d"]),
            ("q=%7E", []),
            ("q=attention", []),
            ("needsAttention=true&q=shop", ["a", "b", "d"]),
            ("needsAttention=true&channel=line&status=error", ["a", "d"]),
        })
        {
            var list = await ListAsync(app, tenant, query + "&pageSize=1000");
            Assert.Equal(expected, list.Items.Select(i => i.ChannelAccountId).Order(StringComparer.Ordinal));
            Assert.Empty(list.Unreadable);
        }

        var summary = (await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionStatusFunctions.Core.TenantSummary>($"/api/tenants/{tenant}/connection-summary", ApiJson))!;
        Assert.Equal((4, 3), (summary.Total, summary.IssueCount));
        await app.Services.GetRequiredService<ConnectionStatusFunctions.Service.Storage.TenantStore>().SurveyAsync(tenant, shardSize: 100, CancellationToken.None);
        var entry = (await app.ClientWithKey(SupportKey).GetFromJsonAsync<TenantList>("/api/tenants", ApiJson))!.Items.Single(t => t.TenantId == tenant);
        Assert.Equal((3, 4), (entry.NeedsAttention, entry.Accounts));
    }
}
