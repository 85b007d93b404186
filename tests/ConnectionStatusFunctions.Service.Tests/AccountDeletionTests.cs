using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using static ConnectionStatusFunctions.Testing.ReportBodies;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// Deleting an account (docs/status-engine.md "Deletion"): its rows go in one transaction, a tombstone
/// keeps every report observed before the deletion from bringing it back, over HTTP, the queue or a
/// probe, and a later report creates it again as new.
/// Long because the tombstone is tried against every way a report arrives (HTTP, queue, probe) and every clock edge of the skew window.
/// </summary>
public sealed class AccountDeletionTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private const string Tenant = ScopedTenant;
    private const string TenantAdminKey = "test-deletion-tenant-admin-key";
    private const string OtherTenantAdminKey = "test-deletion-other-tenant-admin-key";

    /// <summary>An app on the fake clock with two tenant_admin keys (this tenant's and another's); no hand-off, so outbox rows stay to be read.</summary>
    private StatusApplication App() => new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
    {
        ["ApiKeys:Keys:20:Name"] = "tenant-admin",
        ["ApiKeys:Keys:20:Sha256"] = ApiKeyOptions.HashOf(TenantAdminKey),
        ["ApiKeys:Keys:20:Role"] = Roles.TenantAdmin,
        ["ApiKeys:Keys:20:Tenants:0"] = Tenant,
        ["ApiKeys:Keys:21:Name"] = "other-tenant-admin",
        ["ApiKeys:Keys:21:Sha256"] = ApiKeyOptions.HashOf(OtherTenantAdminKey),
        ["ApiKeys:Keys:21:Role"] = Roles.TenantAdmin,
        ["ApiKeys:Keys:21:Tenants:0"] = "tenant-else",
    }).UseClock(Now);

    private static TableClient Table(StatusApplication app) => new(app.ConnectionString, app.ConnectionsTable);

    private static async Task<List<TableEntity>> RowsAsync(StatusApplication app, string tenant = Tenant)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table(app).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The account's rows other than its outbox rows: its status row, history, index entry and tombstone.</summary>
    private static async Task<List<string>> AccountRowsAsync(StatusApplication app, string account) =>
        [.. (await RowsAsync(app)).Select(r => r.RowKey).Where(k => !k.StartsWith(StatusRowKeys.OutboxRowKeyPrefix, StringComparison.Ordinal) && (k == account || k.Contains($"~{account}", StringComparison.Ordinal))).Order(StringComparer.Ordinal)];

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, string account, string tenant = Tenant) =>
        client.DeleteAsync($"/api/tenants/{tenant}/connections/{account}");

    private static async Task PatchOkAsync(StatusApplication app, string account, object report) =>
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(app.ClientWithKey(ConnectorKey), Tenant, account, report)).StatusCode);

    private static async Task<ReportResponse> PatchReadAsync(StatusApplication app, string account, object report)
    {
        var response = await PatchAsync(app.ClientWithKey(ConnectorKey), Tenant, account, report);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReportResponse>(ApiJson))!;
    }

    private static string Queued(string account, string status, DateTimeOffset checkedAt) =>
        JsonSerializer.Serialize(new { tenantId = Tenant, channelAccountId = account, status, checkedAt = checkedAt.ToString("O"), errorCategory = status == "error" ? "unknown" : null }, ApiJson);

    [Fact]
    public async Task ADeletedAccountLeavesOnlyItsTombstoneAndALateReportOverHttpTheQueueOrAProbeBringsNothingBack()
    {
        using var app = App();
        await PatchOkAsync(app, "line-1", Report("connected", Now.AddMinutes(-30)));
        await PatchOkAsync(app, "line-1", Report("error", Now.AddMinutes(-20), "unknown"));
        Assert.Contains(await AccountRowsAsync(app, "line-1"), k => k.StartsWith(StatusRowKeys.AttentionRowKeyPrefix, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(app.ClientWithKey(AdminKey), "line-1")).StatusCode);

        Assert.Equal([StatusRowKeys.TombstoneRowKey("line-1")], await AccountRowsAsync(app, "line-1"));
        var support = app.ClientWithKey(SupportKey);
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync($"/api/tenants/{Tenant}/connections/line-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync($"/api/tenants/{Tenant}/connections/line-1/history")).StatusCode);

        // Observed before the deletion, or at its very instant: stale, no connection, nothing written.
        foreach (var checkedAt in new[] { Now.AddMinutes(-1), Now })
        {
            var late = await PatchReadAsync(app, "line-1", Report("connected", checkedAt));
            Assert.Equal((TransitionKind.Stale, (ConnectionView?)null), (late.Outcome, late.Connection));
        }

        var queued = app.Services.GetRequiredService<QueuedReportHandler>();
        Assert.Equal(QueuedReportOutcome.Stale, await queued.HandleAsync(Queued("line-1", "error", Now.AddSeconds(-5)), 1, CancellationToken.None));

        // A probe's answer never creates an account, even one observed after the deletion.
        app.Clock!.Advance(TimeSpan.FromMinutes(2));
        var probe = await app.Services.GetRequiredService<ReportIntake>().SubmitAsync(
            new ConnectionKey(Tenant, "line-1"), new ObservedReport(ConnectionStatus.Connected, Now.AddMinutes(1)), ReportSource.Probe, CancellationToken.None);
        Assert.IsType<ApplyResult.Gone>(probe);

        Assert.Equal([StatusRowKeys.TombstoneRowKey("line-1")], await AccountRowsAsync(app, "line-1"));
        var list = (await support.GetFromJsonAsync<ConnectionList>($"/api/tenants/{Tenant}/connections", ApiJson))!;
        Assert.Empty(list.Items);
        Assert.Empty(list.Unreadable);
        var summary = (await support.GetFromJsonAsync<TenantSummary>($"/api/tenants/{Tenant}/connection-summary", ApiJson))!;
        Assert.Equal(0, summary.Total);
        var attention = (await support.GetFromJsonAsync<ConnectionList>($"/api/tenants/{Tenant}/connections?needsAttention=true", ApiJson))!;
        Assert.Equal(0, attention.Total);
    }

    /// <summary>The deletion's transaction was committed and its answer lost: the SDK's retry of it finds the status row gone (404).</summary>
    [Fact]
    public async Task ADeletionWhoseAnswerWasLostAfterItsTransactionIsAnswered204WithItsEventNot404()
    {
        var lost = new LostTransactionAnswers();
        StatusApplication app = null!;
        app = new StatusApplication(azurite.ConnectionString, services => FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == app.ConnectionsTable, lost.Break)).UseClock(Now);
        using var disposeApp = app;
        await PatchOkAsync(app, "line-lost", Report("error", Now.AddMinutes(-10), "auth_error"));
        lost.Arm(LostAnswer.Retried);

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(app.ClientWithKey(AdminKey), "line-lost")).StatusCode);

        Assert.Equal([StatusRowKeys.TombstoneRowKey("line-lost")], await AccountRowsAsync(app, "line-lost"));
        var outbox = (await RowsAsync(app)).Where(r => r.RowKey.StartsWith(StatusRowKeys.OutboxRowKeyPrefix, StringComparison.Ordinal) && r.GetString("EventId")?.Contains("/line-lost/", StringComparison.Ordinal) == true).ToList();
        Assert.Contains(outbox, r => r.GetString("EventId")!.Contains("deleted", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await DeleteAsync(app.ClientWithKey(AdminKey), "line-lost")).StatusCode);
    }

    [Fact]
    public async Task ASecondDeleteChangesNothingAndAnswers404AsAnUnknownAccountDoes()
    {
        using var app = App();
        await PatchOkAsync(app, "line-2", Report("connected", Now.AddMinutes(-30)));
        var admin = app.ClientWithKey(AdminKey);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(admin, "line-2")).StatusCode);
        var tombstone = (await Table(app).GetEntityAsync<TableEntity>(Tenant, StatusRowKeys.TombstoneRowKey("line-2"))).Value;
        var rows = (await RowsAsync(app)).Select(r => (r.RowKey, r.ETag)).ToList();

        app.Clock!.Advance(TimeSpan.FromMinutes(5));
        var again = await DeleteAsync(admin, "line-2");
        var unknown = await DeleteAsync(admin, "never-reported");

        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("Connection not found.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(rows, (await RowsAsync(app)).Select(r => (r.RowKey, r.ETag)).ToList());
        Assert.Equal(Now, tombstone.GetDateTimeOffset("DeletedAt"));
    }

    [Fact]
    public async Task ALaterReportCreatesTheAccountAgainAsNew()
    {
        using var app = App();
        await PatchOkAsync(app, "line-3", Report("connected", Now.AddMinutes(-30)));
        await PatchOkAsync(app, "line-3", Report("error", Now.AddMinutes(-20), "unknown"));
        await PatchOkAsync(app, "line-3", Report("connected", Now.AddMinutes(-10)));
        var oldIncarnation = (await Table(app).GetEntityAsync<ConnectionEntity>(Tenant, "line-3")).Value.Incarnation!;
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(app.ClientWithKey(AdminKey), "line-3")).StatusCode);

        // Observed up to the allowed clock skew after the deletion: it may be a report sent before it from a fast clock, retried.
        Assert.Equal(TransitionKind.Stale, (await PatchReadAsync(app, "line-3", Report("error", Now + new StatusPolicy().MaxClockSkew, "auth_error"))).Outcome);
        Assert.Equal([StatusRowKeys.TombstoneRowKey("line-3")], await AccountRowsAsync(app, "line-3"));

        // Observed a second later: the connector relinked it.
        app.Clock!.Advance(TimeSpan.FromMinutes(1));
        var back = await PatchReadAsync(app, "line-3", Report("error", Now.AddSeconds(31), "auth_error"));

        Assert.Equal(TransitionKind.Applied, back.Outcome);
        Assert.Equal(ConnectionStatus.Error, back.Connection!.Status);
        var row = (await Table(app).GetEntityAsync<ConnectionEntity>(Tenant, "line-3")).Value;
        Assert.Equal(1, row.TransitionCount);
        Assert.NotEqual(oldIncarnation, row.Incarnation);
        Assert.True(string.CompareOrdinal(row.Incarnation, oldIncarnation) > 0, "the new incarnation's events sort after the deleted one's");
        var history = (await app.ClientWithKey(SupportKey).GetFromJsonAsync<TransitionList>($"/api/tenants/{Tenant}/connections/line-3/history", ApiJson))!;
        var only = Assert.Single(history.Items);
        Assert.Equal((null, ConnectionStatus.Error), (only.From, only.To));
        Assert.DoesNotContain(StatusRowKeys.TombstoneRowKey("line-3"), await AccountRowsAsync(app, "line-3"));
    }

    [Fact]
    public async Task TheDeletedEventIsPublishedAfterTheAccountsEarlierPendingEventsAndMatchesTheContract()
    {
        using var app = App();
        await PatchOkAsync(app, "line-4", Report("connected", Now.AddMinutes(-30)));
        await PatchOkAsync(app, "line-4", Report("error", Now.AddMinutes(-20), "auth_error"));
        var incarnation = (await Table(app).GetEntityAsync<ConnectionEntity>(Tenant, "line-4")).Value.Incarnation!;
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(app.ClientWithKey(TenantAdminKey), "line-4")).StatusCode);

        await app.Services.GetRequiredService<EventDispatcher>().DispatchTenantAsync(Tenant, CancellationToken.None);

        var schema = ContractSchemas.For(ApiContract.Build(), new System.Text.Json.Nodes.JsonObject { ["$ref"] = $"#/components/schemas/{nameof(AccountEventDocument)}" });
        var queue = new QueueClient(app.ConnectionString, app.EventsQueue);
        var events = new List<JsonElement>();
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromDays(1))).Value is { Length: > 0 } batch)
        {
            foreach (var message in batch)
            {
                Assert.True(schema.Accepts(message.MessageText), $"The event does not match the contract's schema: {message.MessageText}");
                events.Add(JsonDocument.Parse(message.MessageText).RootElement.Clone());
            }
        }

        Assert.Equal(
            ["connectionstatus.account.status_changed", "connectionstatus.account.status_changed", "connectionstatus.account.deleted"],
            events.Select(e => e.GetProperty("type").GetString()));
        var deleted = events[2];
        Assert.Equal($"{Tenant}/line-4/{incarnation}/2/deleted-3", deleted.GetProperty("id").GetString());
        Assert.Equal(Now, deleted.GetProperty("time").GetDateTimeOffset());
        var data = deleted.GetProperty("data");
        Assert.Equal(("error", "error", 2L), (data.GetProperty("from").GetString(), data.GetProperty("to").GetString(), data.GetProperty("transition").GetInt64()));
        // The deletion is its incarnation's last event: the sequence after the two status changes.
        Assert.Equal((incarnation, 3L), (data.GetProperty("incarnation").GetString(), data.GetProperty("sequence").GetInt64()));
        Assert.DoesNotContain(await RowsAsync(app), r => r.RowKey.StartsWith(StatusRowKeys.OutboxRowKeyPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnlyAnAdminOrTheTenantsOwnTenantAdminMayDelete()
    {
        using var app = App();
        await PatchOkAsync(app, "line-5", Report("connected", Now.AddMinutes(-30)));

        Assert.Equal(HttpStatusCode.Forbidden, (await DeleteAsync(app.ClientWithKey(SupportKey), "line-5")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DeleteAsync(app.ClientWithKey(ScopedSupportKey), "line-5")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DeleteAsync(app.ClientWithKey(ConnectorKey), "line-5")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DeleteAsync(app.ClientWithKey(OtherTenantAdminKey), "line-5")).StatusCode);
        Assert.Contains("line-5", await AccountRowsAsync(app, "line-5"));

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(app.ClientWithKey(TenantAdminKey), "line-5")).StatusCode);
        Assert.DoesNotContain("line-5", await AccountRowsAsync(app, "line-5"));
    }

    [Fact]
    public async Task TheSurveyRemovesATombstoneOnlyOnceEveryReportItRefusesIsOlderThanMaxReportAge()
    {
        using var app = App();
        await PatchOkAsync(app, "line-6", Report("connected", Now.AddMinutes(-30)));
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(app.ClientWithKey(AdminKey), "line-6")).StatusCode);
        var worker = app.Services.GetRequiredService<ProbeWorker>();
        string Survey() => JsonSerializer.Serialize(new ProbeRequest(Tenant, null, null, app.Clock!.GetUtcNow(), Survey: true), ServiceJson.Options);
        var policy = new StatusPolicy();

        // Past MaxReportAge from the deletion, but not from the last instant it refuses (the deletion plus the skew): kept,
        // and a report observed within the skew after the deletion, young enough to be read, is still refused.
        app.Clock!.Advance(policy.MaxReportAge + TimeSpan.FromSeconds(1));
        Assert.Equal(ProbeRequestOutcome.Surveyed, (await worker.HandleAsync(Survey(), 1, CancellationToken.None)).Outcome);
        Assert.Equal([StatusRowKeys.TombstoneRowKey("line-6")], await AccountRowsAsync(app, "line-6"));
        Assert.Equal(TransitionKind.Stale, (await PatchReadAsync(app, "line-6", Report("connected", Now.AddSeconds(10)))).Outcome);

        app.Clock.Advance(policy.MaxClockSkew);
        Assert.Equal(ProbeRequestOutcome.Surveyed, (await worker.HandleAsync(Survey(), 1, CancellationToken.None)).Outcome);
        Assert.Empty(await AccountRowsAsync(app, "line-6"));
    }

    [Theory]
    [InlineData("race-1")]
    [InlineData("race-2")]
    [InlineData("race-3")]
    public async Task ReportsRacingADeleteNeverLeaveHistoryWithoutItsStatusRowOrTheReverse(string seed)
    {
        using var app = App();
        var account = "acct-" + seed;
        await PatchOkAsync(app, account, Report("connected", Now.AddMinutes(-30)));
        await PatchOkAsync(app, account, Report("error", Now.AddMinutes(-25), "unknown"));
        var random = new Random(SeedOf(seed));
        // Twenty reports around the deletion's instant (Now): those observed before it must never bring the account back.
        var reports = Enumerable.Range(0, 20).Select(i => random.Next(2) == 0
            ? Report("connected", Now.AddSeconds(random.Next(-600, 20)))
            : Report("error", Now.AddSeconds(random.Next(-600, 20)), "unknown")).ToList();
        var connector = app.ClientWithKey(ConnectorKey);
        var admin = app.ClientWithKey(AdminKey);
        var deleteAt = random.Next(reports.Count);
        var sends = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < reports.Count; i++)
        {
            if (i == deleteAt)
            {
                sends.Add(DeleteAsync(admin, account));
            }

            sends.Add(PatchAsync(connector, Tenant, account, reports[i]));
        }

        var answers = await Task.WhenAll(sends);
        // A 503: a writer that kept conflicting gave up (StorageContentionException), having written nothing.
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent or HttpStatusCode.ServiceUnavailable, $"answered {a.StatusCode}"));
        var deleted = answers[deleteAt].StatusCode == HttpStatusCode.NoContent;

        var rows = await RowsAsync(app);
        var status = rows.SingleOrDefault(r => r.RowKey == account);
        var (first, end) = HistoryEntity.RangeOf(account);
        var history = rows.Where(r => string.CompareOrdinal(r.RowKey, first) >= 0 && string.CompareOrdinal(r.RowKey, end) < 0).ToList();
        var index = rows.Where(r => StatusRowKeys.AccountOfAttentionRowKey(r.RowKey) == account).ToList();
        var tombstone = rows.SingleOrDefault(r => r.RowKey == StatusRowKeys.TombstoneRowKey(account));
        if (status is null)
        {
            // Deleted last: nothing of it but its tombstone.
            Assert.True(deleted);
            Assert.Empty(history);
            Assert.Empty(index);
            Assert.NotNull(tombstone);
        }
        else
        {
            // Created again after the deletion (or deleted before any report won): whole, and its history complete.
            var count = status.GetInt64(nameof(ConnectionEntity.TransitionCount))!.Value;
            Assert.Equal(Enumerable.Range(1, (int)count).Select(i => (long)i), history.Select(h => h.GetInt64(nameof(HistoryEntity.Sequence))!.Value).Order());
            var named = status.GetString(nameof(ConnectionEntity.AttentionRowKey));
            Assert.Equal(named is null ? [] : [named], index.Select(r => r.RowKey));
            if (deleted && tombstone is null)
            {
                // The tombstone went with the creation, so a report after the deletion won: the row is of a report after Now.
                Assert.True(status.GetDateTimeOffset(nameof(ConnectionEntity.LastCheckedAt)) > Now, "only a report observed after the deletion re-creates the account");
            }
        }
    }

    /// <summary>FNV-1a of the case's text: string.GetHashCode differs per process.</summary>
    private static int SeedOf(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
