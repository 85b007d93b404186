using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// Every column of every table the service reads, edited in Storage Explorer into another type (or
/// a value the service never writes): only the edited row is spoiled, every other row still
/// answers, the ticks and probe requests of every tenant go on, and the next report repairs the row.
/// The edits are made with the raw TableClient, as Storage Explorer makes them.
/// </summary>
public sealed class HandEditedRowTests(Azurite azurite) : IClassFixture<Azurite>, IAsyncLifetime
{
    private static readonly DateTimeOffset FarFuture = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);
    private FakeConnector _connector = null!;
    private StatusApplication _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Probes:Urls:line"] = _connector.Template,
            ["Probes:Urls:facebook"] = _connector.Template,
        });
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _connector.DisposeAsync();
    }

    private HttpClient Support => _app.ClientWithKey(SupportKey);

    private TableClient Table(string name) => new(azurite.ConnectionString, name);

    private async Task ReportAsync(string tenant, string account, string status, TimeSpan age, string channel = "line")
    {
        object report = status == "error"
            ? new { status, checkedAt = (DateTimeOffset.UtcNow - age).ToString("O"), errorCategory = "webhook_error", errorCode = "E1", errorMessage = "webhook failed", channel, displayName = "Shop", reportId = Guid.NewGuid().ToString("N") }
            : new { status, checkedAt = (DateTimeOffset.UtcNow - age).ToString("O"), channel, displayName = "Shop", reportId = Guid.NewGuid().ToString("N") };
        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), tenant, account, report);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>One column of an existing row set to <paramref name="value"/>, whatever its type, as Storage Explorer's edit dialog does.</summary>
    private static Task<Response> EditAsync(TableClient table, string partition, string row, string column, object value) =>
        table.UpdateEntityAsync(new TableEntity(partition, row) { [column] = value }, ETag.All, TableUpdateMode.Merge);

    /// <summary>Every status-row column with a wrong type (or, last, a time the service never writes), one edited account each.</summary>
    public static readonly (string Column, object Value)[] StatusRowEdits =
    [
        ("Channel", 7),
        ("DisplayName", true),
        ("Status", 3L),
        ("LastCheckedAt", "yesterday"),
        ("LastSuccessAt", 1.5),
        ("LastErrorAt", 12),
        ("StatusChangedAt", false),
        ("ErrorCategory", DateTimeOffset.UtcNow),
        ("ErrorCode", 401),
        ("ErrorSummary", 2.25),
        ("ConsecutiveFailures", "3"),
        ("FailuresByHour", 5L),
        ("RecentResults", true),
        ("IsFlapping", "no"),
        ("LastSource", 0.5),
        ("LastReportId", 99L),
        ("TransitionCount", DateTimeOffset.UtcNow),
        ("LastCheckedAt", FarFuture),
    ];

    [Fact]
    public async Task AnyStatusRowColumnRetypedSpoilsOnlyItsRowAndTheNextReportReplacesIt()
    {
        await ReportAsync("tenant-a", "good", "connected", TimeSpan.FromMinutes(10));
        await ReportAsync("tenant-b", "other", "connected", TimeSpan.FromMinutes(10));
        var status = Table(_app.ConnectionsTable);
        var edited = new List<(string Account, string Column)>();
        for (var i = 0; i < StatusRowEdits.Length; i++)
        {
            var (column, value) = StatusRowEdits[i];
            var account = $"edited-{i:D2}";
            await ReportAsync("tenant-a", account, "error", TimeSpan.FromMinutes(1));
            await EditAsync(status, "tenant-a", account, column, value);
            edited.Add((account, column));
        }

        // A column that reads show spoils its row for every reader; a write-path bookkeeping column (read by writes only) spoils no read.
        var spoilsReads = edited.Where(e => StatusRowReader.ViewColumns.Contains(e.Column)).ToList();
        var bookkeeping = edited.Except(spoilsReads).ToList();
        Assert.Equal(["RecentResults", "LastReportId", "TransitionCount"], bookkeeping.Select(e => e.Column));
        var list = await Support.GetFromJsonAsync<ConnectionList>("/api/tenants/tenant-a/connections", ApiJson);
        Assert.Equal(bookkeeping.Select(e => e.Account).Append("good"), list!.Items.Select(i => i.ChannelAccountId));
        Assert.Equal(spoilsReads.Select(e => e.Account), list.Unreadable.Select(u => u.ChannelAccountId));
        foreach (var ((account, column), unreadable) in spoilsReads.Zip(list.Unreadable))
        {
            Assert.Contains($"column {column}", unreadable.Reason, StringComparison.Ordinal);
            var single = await Support.GetAsync($"/api/tenants/tenant-a/connections/{account}");
            Assert.Equal(HttpStatusCode.InternalServerError, single.StatusCode);
            Assert.Contains($"column {column}", (await single.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        foreach (var (account, _) in bookkeeping)
        {
            Assert.Equal(ConnectionStatus.Error, (await Support.GetFromJsonAsync<ConnectionView>($"/api/tenants/tenant-a/connections/{account}", ApiJson))!.Status);
        }

        var summary = await Support.GetFromJsonAsync<TenantSummary>("/api/tenants/tenant-a/connection-summary", ApiJson);
        Assert.Equal((StatusRowEdits.Length + 1, spoilsReads.Count), (summary!.Total, summary.Unreadable));
        Assert.EndsWith($"could not read {spoilsReads.Count}", summary.StatusText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Support.GetAsync("/api/tenants/tenant-a/connections/good")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Support.GetAsync("/api/tenants/tenant-a/connections/good/history")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Support.GetAsync("/api/tenants/tenant-b/connections")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Support.GetAsync("/api/tenants/tenant-b/connection-summary")).StatusCode);

        // Due: good and other (not edited, last checked 10 minutes ago), and the row last checked in 9999,
        // whose probe report replaces it; the other edited rows were checked a minute ago.
        var round = await _app.ProbeRoundAsync();
        Assert.Equal(3, round.Probed);
        Assert.Equal((1, 1, 1), (_connector.CallsFor("good"), _connector.CallsFor("other"), _connector.CallsFor($"edited-{StatusRowEdits.Length - 1:D2}")));

        foreach (var (account, column) in edited)
        {
            await ReportAsync("tenant-a", account, "connected", TimeSpan.Zero);
            var view = await Support.GetFromJsonAsync<ConnectionView>($"/api/tenants/tenant-a/connections/{account}", ApiJson);
            Assert.True(view!.Status == ConnectionStatus.Connected, $"{account} ({column}) was not replaced by the next report");
            var history = await Support.GetFromJsonAsync<TransitionList>($"/api/tenants/tenant-a/connections/{account}/history", ApiJson);
            Assert.Equal(ConnectionStatus.Connected, history!.Items[0].To);
        }

        var repaired = await Support.GetFromJsonAsync<ConnectionList>("/api/tenants/tenant-a/connections", ApiJson);
        Assert.Empty(repaired!.Unreadable);
    }

    [Fact]
    public async Task ARetypedCountKeepsTheHistoryInOrder()
    {
        await ReportAsync("tenant-a", "counted", "connected", TimeSpan.FromMinutes(3));
        await ReportAsync("tenant-a", "counted", "error", TimeSpan.FromMinutes(2));
        await EditAsync(Table(_app.ConnectionsTable), "tenant-a", "counted", "TransitionCount", "two");

        await ReportAsync("tenant-a", "counted", "connected", TimeSpan.FromMinutes(1));

        var history = await Support.GetFromJsonAsync<TransitionList>("/api/tenants/tenant-a/connections/counted/history", ApiJson);
        Assert.Equal([ConnectionStatus.Connected, ConnectionStatus.Error, ConnectionStatus.Connected], history!.Items.Select(i => i.To));
    }

    /// <summary>Every history column with a wrong type (or a time the service never writes), one history row each.</summary>
    public static readonly (string Column, object Value)[] HistoryRowEdits =
    [
        ("Sequence", "four"),
        ("At", true),
        ("From", 2L),
        ("To", 1.5),
        ("ErrorCategory", 3),
        ("ErrorCode", false),
        ("ErrorSummary", DateTimeOffset.UtcNow),
        ("Source", 4L),
        ("At", FarFuture),
        ("ChannelAccountId", 9), // not read by the service: this row stays in the history
    ];

    [Fact]
    public async Task AnyHistoryColumnRetypedLeavesTheHistoryAnsweringWithoutThatRow()
    {
        var start = TimeSpan.FromMinutes(HistoryRowEdits.Length + 2);
        for (var i = 0; i <= HistoryRowEdits.Length; i++)
        {
            await ReportAsync("tenant-a", "historic", i % 2 == 0 ? "connected" : "error", start - TimeSpan.FromMinutes(i));
        }

        var status = Table(_app.ConnectionsTable);
        for (var i = 0; i < HistoryRowEdits.Length; i++)
        {
            var (column, value) = HistoryRowEdits[i];
            await EditAsync(status, "tenant-a", $"~historic~{i + 1:D2}", column, value);
        }

        var history = await Support.GetFromJsonAsync<TransitionList>("/api/tenants/tenant-a/connections/historic/history?pageSize=50", ApiJson);
        // Sequence 11 (untouched) and 10 (only ChannelAccountId edited) remain.
        Assert.Equal(2, history!.Items.Count);

        await ReportAsync("tenant-a", "historic", "error", TimeSpan.Zero);
        var after = await Support.GetFromJsonAsync<TransitionList>("/api/tenants/tenant-a/connections/historic/history?pageSize=50", ApiJson);
        Assert.Equal([ConnectionStatus.Error, ConnectionStatus.Connected, ConnectionStatus.Error], after!.Items.Select(i => i.To));
    }

    [Fact]
    public async Task RetypedChannelHealthBackoffPartialAndTenantsRowsFailNoReadTickOrProbe()
    {
        await ReportAsync("tenant-a", "line-1", "connected", TimeSpan.FromMinutes(10));
        await ReportAsync("tenant-b", "line-2", "connected", TimeSpan.FromMinutes(10));
        await ReportAsync("tenant-c", "fb-3", "connected", TimeSpan.FromMinutes(10), channel: "facebook");
        await ReportAsync("tenant-d", "line-4", "connected", TimeSpan.FromMinutes(10));
        await ReportAsync("tenant-e", "fb-5", "connected", TimeSpan.FromMinutes(10), channel: "facebook");

        var channels = Table(_app.ChannelHealthTable);
        await channels.CreateIfNotExistsAsync();
        var now = DateTimeOffset.UtcNow;
        TableEntity Channel(string name) => new("channel", name) { ["Checked"] = 10, ["Failing"] = 9, ["ErrorRate"] = 0.9, ["IsOutage"] = true, ["ComputedAt"] = now };
        var channelEdits = new (string Channel, string Column, object Value)[]
        {
            ("line", "Checked", "ten"),
            ("facebook", "Failing", 9L),
            ("shopee", "ErrorRate", "high"),
            ("lazada", "IsOutage", 1),
            ("tiktok", "ComputedAt", 1.5),
            ("email", "ComputedAt", FarFuture),
        };
        foreach (var (channel, column, value) in channelEdits)
        {
            var row = Channel(channel);
            row[column] = value;
            await channels.UpsertEntityAsync(row, TableUpdateMode.Replace);
        }

        var round = now.AddSeconds(-30).UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await channels.UpsertEntityAsync(new TableEntity("partial", $"{round}|tenant-x||1") { ["Round"] = now, ["Checked_line"] = "5", ["Failing_line"] = 1 });
        await channels.UpsertEntityAsync(new TableEntity("partial", $"{round}|tenant-y||1") { ["Round"] = now, ["Checked_line"] = 5, ["Failing_line"] = 1.5 });
        await channels.UpsertEntityAsync(new TableEntity("partial", $"{round}|tenant-z||1") { ["Round"] = true, ["Checked_line"] = 5, ["Failing_line"] = 1 });
        await channels.UpsertEntityAsync(new TableEntity("backoff", "line") { ["PausedUntil"] = "tomorrow" });
        await channels.UpsertEntityAsync(new TableEntity("backoff", "facebook") { ["PausedUntil"] = FarFuture });
        await channels.UpsertEntityAsync(new TableEntity("queued", "tenant-zz|") { ["QueuedRound"] = "yesterday", ["DoneRound"] = 5 });
        await channels.UpsertEntityAsync(new TableEntity("queued", "tenant-a|") { ["QueuedRound"] = 1.5, ["DoneRound"] = "done" });

        var tenants = Table(_app.TenantsTable);
        await EditAsync(tenants, "tenant", "tenant-a", "ShardBounds", 42);
        await EditAsync(tenants, "tenant", "tenant-b", "SurveyedAt", "an hour ago");
        await EditAsync(tenants, "tenant", "tenant-c", "FirstSeenAt", false);
        await EditAsync(tenants, "tenant", "tenant-c", "StatusRows", "1");
        await EditAsync(tenants, "tenant", "tenant-d", "ShardBounds", "zz aa");
        await EditAsync(tenants, "tenant", "tenant-e", "SurveyedAt", FarFuture);

        // Reads and reports of every tenant answer (they read the channels' outages).
        Assert.Equal(HttpStatusCode.OK, (await Support.GetAsync("/api/channels/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Support.GetAsync("/api/tenants/tenant-a/connections")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Support.GetAsync("/api/tenants/tenant-b/connections/line-2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Support.GetAsync("/api/tenants/tenant-c/connection-summary")).StatusCode);
        await ReportAsync("tenant-b", "line-6", "connected", TimeSpan.FromMinutes(10));

        // The tick goes on, every tenant is probed (no channel paused by an unreadable pause) and surveyed again.
        var probes = await _app.ProbeRoundAsync();
        Assert.Equal(6, probes.Probed);
        Assert.Equal(0, probes.Skipped);
        foreach (var account in new[] { "line-1", "line-2", "fb-3", "line-4", "fb-5", "line-6" })
        {
            Assert.Equal(1, _connector.CallsFor(account));
        }

        var health = await Support.GetFromJsonAsync<ChannelHealthList>("/api/channels/health", ApiJson);
        var line = Assert.Single(health!.Items, h => h.Channel == Core.Channel.Line);
        // The tick adds up earlier rounds' counts: of the three partial rows only tenant-z's is readable (the service never reads Round).
        Assert.Equal((5, 1), (line.Checked, line.Failing));
        var resurveyed = await tenants.GetEntityAsync<TableEntity>("tenant", "tenant-a");
        Assert.False(resurveyed.Value.ContainsKey("ShardBounds"));
    }

    [Fact]
    public async Task EmptyValuesAreLeftOutOfTheRowsAndASurveyRemovesBoundsItNoLongerNeeds()
    {
        await ReportAsync("tenant-a", "fresh", "connected", TimeSpan.FromMinutes(10));
        var tenants = Table(_app.TenantsTable);
        await EditAsync(tenants, "tenant", "tenant-a", "ShardBounds", "m");
        var firstSeen = (await tenants.GetEntityAsync<TableEntity>("tenant", "tenant-a")).Value.GetDateTimeOffset("FirstSeenAt");

        await _app.ProbeRoundAsync();

        var status = (await Table(_app.ConnectionsTable).GetEntityAsync<TableEntity>("tenant-a", "fresh")).Value;
        foreach (var column in new[] { "FailuresByHour", "ErrorCategory", "ErrorCode", "ErrorSummary", "LastErrorAt" })
        {
            Assert.False(status.ContainsKey(column), $"{column} is stored though empty");
        }

        var tenant = (await tenants.GetEntityAsync<TableEntity>("tenant", "tenant-a")).Value;
        Assert.False(tenant.ContainsKey("ShardBounds"));
        Assert.Equal(firstSeen, tenant.GetDateTimeOffset("FirstSeenAt"));
        Assert.Equal(1, tenant.GetInt32("StatusRows"));
    }
}
