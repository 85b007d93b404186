using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The attention index, against Azurite: written with the status row, read in since order, lapsed entries removed as read.</summary>
// Long because each way an account enters or leaves the index (reports, silence, flapping, deletion, lapse) is checked against the stored rows.
public sealed class AttentionIndexTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private readonly StatusApplication _app = new StatusApplication(azurite.ConnectionString).UseClock(Now);

    public void Dispose() => _app.Dispose();

    private HttpClient Support => _app.ClientWithKey(SupportKey);

    private TableClient Table => new(_app.ConnectionString, _app.ConnectionsTable);

    private async Task ReportAsync(string tenant, string account, string status, DateTimeOffset at, string channel = "line", string? category = null, string? id = null)
    {
        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), tenant, account, new { status, checkedAt = at.ToString("O"), channel, errorCategory = status == "error" ? category ?? "unknown" : null, reportId = id });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<ConnectionList> ListAsync(string tenant, string query) =>
        (await Support.GetFromJsonAsync<ConnectionList>($"/api/tenants/{tenant}/connections?{query}", ApiJson))!;

    /// <summary>Every page of the needs-attention list, with each page's size and total.</summary>
    private async Task<(List<ConnectionView> Items, List<int> Sizes, List<int?> Totals)> AllAttentionPagesAsync(string tenant, int pageSize, string filters = "")
    {
        var (items, sizes, totals) = (new List<ConnectionView>(), new List<int>(), new List<int?>());
        string? token = null;
        do
        {
            var page = await ListAsync(tenant, $"needsAttention=true&pageSize={pageSize}{filters}" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"));
            items.AddRange(page.Items);
            sizes.Add(page.Items.Count);
            totals.Add(page.Total);
            token = page.ContinuationToken;
            Assert.True(sizes.Count <= 50, "paging did not end");
        }
        while (token is not null);

        return (items, sizes, totals);
    }

    [Fact]
    public async Task TheIndexRowFollowsTheStatusRowInEachWriteAndCopiesItsColumns()
    {
        const string tenant = "tenant-ix";
        await ReportAsync(tenant, "acct", "connected", Now.AddHours(-3));
        Assert.Empty(await AttentionIndex.RowsAsync(Table, tenant));

        await ReportAsync(tenant, "acct", "error", Now.AddHours(-2));
        await ReportAsync(tenant, "acct", "error", Now.AddHours(-1), category: "webhook_error");
        await AttentionIndex.AssertAgreesAsync(Table, tenant, Now);
        var index = Assert.Single(await AttentionIndex.RowsAsync(Table, tenant));
        Assert.Equal($"~~attention~{Now.AddHours(-2).UtcTicks:D19}~acct", index.RowKey);
        Assert.Equal(("webhook_error", Now.AddHours(-1)), (index.GetString("ErrorCategory"), index.GetDateTimeOffset("LastCheckedAt")));

        // A new "since": the old entry goes, the new one comes, in the same write.
        await ReportAsync(tenant, "acct", "disconnected", Now.AddMinutes(-30));
        await AttentionIndex.AssertAgreesAsync(Table, tenant, Now);
        Assert.Equal($"~~attention~{Now.AddMinutes(-30).UtcTicks:D19}~acct", Assert.Single(await AttentionIndex.RowsAsync(Table, tenant)).RowKey);

        await ReportAsync(tenant, "acct", "connected", Now.AddMinutes(-10));
        await AttentionIndex.AssertAgreesAsync(Table, tenant, Now);
        Assert.Empty(await AttentionIndex.RowsAsync(Table, tenant));
        Assert.Null((await Support.GetFromJsonAsync<ConnectionView>($"/api/tenants/{tenant}/connections/acct", ApiJson))!.AttentionSince);
    }

    [Fact]
    public async Task HistoryIndexAndStatusRowsNeverAppearAsAccounts()
    {
        const string tenant = "tenant-rows";
        string[] accounts = ["a", "a.b", "m-1", "zz"];
        foreach (var account in accounts)
        {
            await ReportAsync(tenant, account, "connected", Now.AddHours(-3));
            await ReportAsync(tenant, account, "error", Now.AddHours(-2));
        }

        await ReportAsync(tenant, "zz", "disconnected", Now.AddHours(-1));
        await ReportAsync(tenant, "quiet", "connected", Now.AddDays(-1));
        string[] all = ["a", "a.b", "m-1", "quiet", "zz"];
        Assert.Equal(4, (await AttentionIndex.RowsAsync(Table, tenant)).Count);

        Assert.Equal(all, (await ListAsync(tenant, "pageSize=1000")).Items.Select(i => i.ChannelAccountId));
        Assert.Equal(accounts, (await ListAsync(tenant, "needsAttention=true")).Items.Select(i => i.ChannelAccountId));
        Assert.Equal(5, (await Support.GetFromJsonAsync<TenantSummary>($"/api/tenants/{tenant}/connection-summary", ApiJson))!.Total);
        var history = (await Support.GetFromJsonAsync<TransitionList>($"/api/tenants/{tenant}/connections/zz/history", ApiJson))!;
        Assert.Equal([ConnectionStatus.Disconnected, ConnectionStatus.Error, ConnectionStatus.Connected], history.Items.Select(t => t.To));

        var scans = _app.Services.GetRequiredService<StatusRowScans>();
        Assert.Equal(all, (await scans.ListSurveyRowsAsync(tenant, CancellationToken.None)).Select(row => row.ChannelAccountId));
        var due = new List<string>();
        await foreach (var account in scans.ListDueAsync(tenant, null, null, Now.AddDays(1), Enum.GetValues<Channel>(), CancellationToken.None))
        {
            due.Add(account.Key.ChannelAccountId);
        }

        Assert.Equal(["a", "a.b", "m-1", "quiet"], due.Order(StringComparer.Ordinal));
        var silent = new List<string>();
        await foreach (var key in scans.ListSilentAsync(tenant, null, null, Now, CancellationToken.None))
        {
            silent.Add(key.ChannelAccountId);
        }

        Assert.Equal(["quiet"], silent);
        var survey = await _app.Services.GetRequiredService<TenantStore>().SurveyAsync(tenant, shardSize: 2, CancellationToken.None);
        Assert.All(survey.Shards.Bounds, bound => Assert.Contains(bound, all));
        await AttentionIndex.AssertAgreesAsync(Table, tenant, Now);
    }

    [Fact]
    public async Task TheAttentionListIsLongestBrokenFirstInFullPagesWithAnExactTotalAndCombinesWithFilters()
    {
        const string tenant = "tenant-many";
        var random = new Random(19);
        // 300 accounts, 120 broken at distinct moments and 6 pairs broken at the same moment (ties by id), in shuffled order.
        var accounts = Enumerable.Range(0, 300).Select(i => (
            Id: $"acct-{i:D3}",
            Status: i % 5 == 0 ? "disconnected" : i % 5 == 1 ? "error" : "connected",
            Channel: i % 2 == 0 ? "line" : "shopee",
            At: Now.AddMinutes(-1000 + (i < 12 ? i / 2 : i))))
            .OrderBy(_ => random.Next()).ToList();
        await Parallel.ForEachAsync(accounts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (a, _) => await ReportAsync(tenant, a.Id, a.Status, a.At, a.Channel));
        var broken = accounts.Where(a => a.Status != "connected").OrderBy(a => a.At).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();

        var (items, sizes, totals) = await AllAttentionPagesAsync(tenant, 50);

        Assert.Equal(broken.Select(a => a.Id), items.Select(i => i.ChannelAccountId));
        Assert.Equal([50, 50, 20], sizes);
        Assert.All(totals, total => Assert.Equal(120, total));
        Assert.All(items, item => Assert.Equal(item.StatusChangedAt, item.AttentionSince));

        var shopeeErrors = broken.Where(a => a.Channel == "shopee" && a.Status == "error").ToList();
        var (filtered, filteredSizes, filteredTotals) = await AllAttentionPagesAsync(tenant, 7, "&channel=shopee&status=error");
        Assert.Equal(shopeeErrors.Select(a => a.Id), filtered.Select(i => i.ChannelAccountId));
        Assert.All(filteredSizes.SkipLast(1), size => Assert.Equal(7, size));
        Assert.All(filteredTotals, total => Assert.Equal(shopeeErrors.Count, total));
        Assert.Null((await ListAsync(tenant, "pageSize=5")).Total);
    }

    [Fact]
    public async Task ASearchOrHealthStateOnTheAttentionListSkipsTheEntriesItRejectsWithoutRemovingThem()
    {
        const string tenant = "tenant-find";
        // 40 broken accounts in since order; every third is an id starting "shop-", every fourth requires re-authorization.
        var accounts = Enumerable.Range(0, 40).Select(i => (Id: i % 3 == 0 ? $"shop-{i:D2}" : $"acct-{i:D2}", Category: i % 4 == 0 ? "auth_error" : "unknown", At: Now.AddMinutes(-100 + i))).ToList();
        foreach (var (id, category, at) in accounts)
        {
            await ReportAsync(tenant, id, "error", at, category: category);
        }

        var shops = accounts.Where(a => a.Id.StartsWith("shop-", StringComparison.Ordinal)).Select(a => a.Id).ToList();
        var (found, sizes, totals) = await AllAttentionPagesAsync(tenant, 4, "&q=shop-");
        Assert.Equal(shops, found.Select(i => i.ChannelAccountId));
        Assert.All(sizes.SkipLast(1), size => Assert.Equal(4, size));
        Assert.All(totals, total => Assert.Equal(shops.Count, total));

        var reauth = accounts.Where(a => a.Category == "auth_error").Select(a => a.Id).ToList();
        var (byHealth, _, healthTotals) = await AllAttentionPagesAsync(tenant, 3, "&healthState=requires_reauth");
        Assert.Equal(reauth, byHealth.Select(i => i.ChannelAccountId));
        Assert.All(healthTotals, total => Assert.Equal(reauth.Count, total));

        // Skipped, not lapsed: every broken account keeps its index entry.
        Assert.Equal(40, (await AttentionIndex.RowsAsync(Table, tenant)).Count);
        Assert.Equal(40, (await ListAsync(tenant, "needsAttention=true&pageSize=100")).Items.Count);
    }

    [Fact]
    public async Task AnEntryWhoseRecentFailuresLapsedIsLeftOutAndRemovedAndThePageIsStillFull()
    {
        const string tenant = "tenant-lapse";
        foreach (var account in new[] { "fails-1", "fails-2" })
        {
            // Six failures within an hour then a recovery: connected, but in error health while they are in the last 24 hours.
            for (var i = 0; i < 6; i++)
            {
                await ReportAsync(tenant, account, "error", Now.AddHours(-3).AddMinutes(i));
            }

            await ReportAsync(tenant, account, "connected", Now.AddHours(-2));
        }

        foreach (var (account, i) in new[] { "broken-1", "broken-2", "broken-3" }.Select((a, i) => (a, i)))
        {
            await ReportAsync(tenant, account, "error", Now.AddMinutes(-50 + i));
        }

        var before = await ListAsync(tenant, "needsAttention=true&pageSize=2");
        Assert.Equal(["fails-1", "fails-2"], before.Items.Select(i => i.ChannelAccountId));
        Assert.Equal(5, before.Total);
        Assert.Equal(Now.AddHours(-3), before.Items[0].AttentionSince);

        _app.Clock!.Advance(TimeSpan.FromHours(25));
        var after = await ListAsync(tenant, "needsAttention=true&pageSize=2");

        Assert.Equal(["broken-1", "broken-2"], after.Items.Select(i => i.ChannelAccountId));
        Assert.Equal(3, after.Total);
        Assert.NotNull(after.ContinuationToken);
        await AttentionIndex.AssertAgreesAsync(Table, tenant, _app.Clock.GetUtcNow());
        var rest = await ListAsync(tenant, $"needsAttention=true&pageSize=2&continuationToken={Uri.EscapeDataString(after.ContinuationToken!)}");
        Assert.Equal(["broken-3"], rest.Items.Select(i => i.ChannelAccountId));
        Assert.Null(rest.ContinuationToken);
    }

    [Fact]
    public async Task ARowWrittenBeforeTheIndexJoinsItOnItsNextWrite()
    {
        const string tenant = "tenant-old";
        await ReportAsync(tenant, "old", "error", Now.AddHours(-2));
        await MakeItAsBeforeTheIndexAsync(tenant, "old");
        Assert.Equal((0, 0), ((await ListAsync(tenant, "needsAttention=true")).Items.Count, (await ListAsync(tenant, "needsAttention=true")).Total));

        await ReportAsync(tenant, "old", "error", Now.AddHours(-1));

        await AttentionIndex.AssertAgreesAsync(Table, tenant, Now);
        var list = await ListAsync(tenant, "needsAttention=true");
        Assert.Equal(("old", Now.AddHours(-2)), (Assert.Single(list.Items).ChannelAccountId, list.Items[0].AttentionSince));
    }

    [Fact]
    public async Task ARowWrittenBeforeTheIndexThatNothingRewritesJoinsItAtTheHourlySurvey()
    {
        const string tenant = "tenant-old-survey";
        await ReportAsync(tenant, "gone", "disconnected", Now.AddDays(-3));
        await ReportAsync(tenant, "fine", "connected", Now.AddMinutes(-1));
        await MakeItAsBeforeTheIndexAsync(tenant, "gone");

        var round = await _app.ProbeRoundAsync();

        Assert.Contains(round.Requests, r => r.Outcome == Probes.ProbeRequestOutcome.Surveyed);
        await AttentionIndex.AssertAgreesAsync(Table, tenant, Now);
        Assert.Equal(["gone"], (await ListAsync(tenant, "needsAttention=true")).Items.Select(i => i.ChannelAccountId));
    }

    [Fact]
    public async Task AStatusRowWhoseIndexRowWasDeletedByHandIsStillWritten()
    {
        const string tenant = "tenant-gone";
        await ReportAsync(tenant, "acct", "error", Now.AddHours(-2));
        await Table.DeleteEntityAsync(tenant, Assert.Single(await AttentionIndex.RowsAsync(Table, tenant)).RowKey);

        await ReportAsync(tenant, "acct", "disconnected", Now.AddHours(-1));

        await AttentionIndex.AssertAgreesAsync(Table, tenant, Now);
    }

    [Fact]
    public async Task AnIndexColumnEditedByHandToNameAnotherRowNeverDeletesThatRow()
    {
        const string tenant = "tenant-edited";
        await ReportAsync(tenant, "victim", "connected", Now.AddHours(-1));
        await ReportAsync(tenant, "acct", "error", Now.AddHours(-2));
        var status = (await Table.GetEntityAsync<TableEntity>(tenant, "acct")).Value;
        status["AttentionRowKey"] = "victim";
        await Table.UpdateEntityAsync(status, status.ETag, TableUpdateMode.Replace);

        await ReportAsync(tenant, "acct", "disconnected", Now.AddMinutes(-5));

        Assert.True((await Table.GetEntityIfExistsAsync<TableEntity>(tenant, "victim")).HasValue);
        Assert.Equal($"~~attention~{Now.AddMinutes(-5).UtcTicks:D19}~acct", (await Table.GetEntityAsync<TableEntity>(tenant, "acct")).Value.GetString("AttentionRowKey"));
    }

    [Fact]
    public async Task AContinuationTokenOfThePlainListIsRefusedByTheAttentionListAndTheOtherWayRound()
    {
        const string tenant = "tenant-tokens";
        foreach (var account in new[] { "a", "b", "c" })
        {
            await ReportAsync(tenant, account, "error", Now.AddHours(-1));
        }

        var plain = (await ListAsync(tenant, "pageSize=1")).ContinuationToken!;
        var attention = (await ListAsync(tenant, "needsAttention=true&pageSize=1")).ContinuationToken!;

        Assert.Equal(HttpStatusCode.BadRequest, (await Support.GetAsync($"/api/tenants/{tenant}/connections?needsAttention=true&continuationToken={Uri.EscapeDataString(plain)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Support.GetAsync($"/api/tenants/{tenant}/connections?continuationToken={Uri.EscapeDataString(attention)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Support.GetAsync($"/api/tenants/other/connections?needsAttention=true&continuationToken={Uri.EscapeDataString(attention)}")).StatusCode);
    }

    /// <summary>A row as written before the index existed: no index row, no column naming one.</summary>
    private async Task MakeItAsBeforeTheIndexAsync(string tenant, string account)
    {
        foreach (var row in await AttentionIndex.RowsAsync(Table, tenant))
        {
            await Table.DeleteEntityAsync(tenant, row.RowKey);
        }

        var status = (await Table.GetEntityAsync<TableEntity>(tenant, account)).Value;
        status.Remove("AttentionRowKey");
        await Table.UpdateEntityAsync(status, status.ETag, TableUpdateMode.Replace);
    }
}
