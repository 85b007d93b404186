using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Deletion;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// DELETE /api/tenants/{tenantId}: the tombstone, the queued job that removes the tenant's rows
/// through a process killed midway, reports and probes refused after it, the status route, who may
/// call it, and the tenant created again by a report observed after its deletion.
/// Long because the deletion job is followed through a killed process, refused reports and probes, and the tenant created again, each against stored rows.
/// </summary>
public sealed class TenantDeletionTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly DateTimeOffset Now = TestClock.Start;

    private const string Gone = "tenant-gone";
    private const string Stays = "tenant-stays";
    private const string StaysBig = "tenant-stays-big";

    [Fact]
    public async Task ATenantOf2500AccountsDeletedThroughAProcessKilledMidwayEndsEmptyAndNothingElseChanges()
    {
        var shared = "del" + Guid.NewGuid().ToString("N")[..9];
        var armed = false;
        var transactions = 0;
        StatusApplication doomed = null!;
        // The process that is killed: after 30 transactions of the job, its storage calls fail.
        doomed = new StatusApplication(azurite.ConnectionString, services => FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == doomed.ConnectionsTable, (faulty, table) =>
            faulty.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
                .Returns((IEnumerable<TableTransactionAction> actions, CancellationToken token) => Volatile.Read(ref armed) && Interlocked.Increment(ref transactions) > 30
                    ? Task.FromException<Response<IReadOnlyList<Response>>>(new RequestFailedException(503, "The process was killed."))
                    : table.SubmitTransactionAsync(actions, token))), sharedStorageName: shared).UseClock(Now);
        using var disposeDoomed = doomed;
        using var survivor = new StatusApplication(azurite.ConnectionString, sharedStorageName: shared).UseClock(Now);

        // Registered through reports (the survivor's cache learns the tenant), then 2,500 accounts with history written directly.
        foreach (var (tenant, account) in new[] { (Gone, "acct-live"), (Stays, "acct-a"), (Stays, "acct-b"), (StaysBig, "acct-live") })
        {
            Assert.Equal(HttpStatusCode.OK, (await PatchAsync(survivor.ClientWithKey(ConnectorKey), tenant, account, ReportBodies.Report("error", Now.AddMinutes(-20), "auth_error", "token expired"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await PatchAsync(survivor.ClientWithKey(ConnectorKey), tenant, account, ReportBodies.Report("connected", Now.AddMinutes(-10)))).StatusCode);
        }

        var connections = new TableClient(azurite.ConnectionString, survivor.ConnectionsTable);
        await SeedAsync(connections, Gone, 2500);
        await SeedAsync(connections, StaysBig, 300);
        var (subscriptionId, _) = await WebhookTesting.SubscribeAsync(survivor, Gone, "http://127.0.0.1:9/hooks/gone");
        await WebhookTesting.SubscribeAsync(survivor, Stays, "http://127.0.0.1:9/hooks/stays");

        var deleted = await doomed.ClientWithKey(AdminKey).DeleteAsync($"/api/tenants/{Gone}?confirm={Gone}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal($"/api/tenants/{Gone}/deletion", deleted.Headers.Location?.OriginalString);
        Assert.Equal(TenantDeletionState.Pending, (await deleted.Content.ReadFromJsonAsync<TenantDeletionView>(ApiJson))!.State);

        // At once, the tick leaves it out: no probe request names it.
        var tick = await survivor.Services.GetRequiredService<ProbeDistributor>().DistributeAsync(isPastDue: false, CancellationToken.None);
        Assert.Equal(2, tick.Tenants);
        var probes = (await new QueueClient(azurite.ConnectionString, survivor.ProbeQueue).PeekMessagesAsync(32)).Value;
        Assert.NotEmpty(probes);
        Assert.DoesNotContain(probes, m => m.MessageText.Contains(Gone, StringComparison.Ordinal));

        // What a probe request of each tenant left in the ChannelHealth table (written after the tick, which sums partials and removes them).
        var channelHealth = new TableClient(azurite.ConnectionString, survivor.ChannelHealthTable);
        await channelHealth.CreateIfNotExistsAsync();
        foreach (var tenant in new[] { Gone, Stays })
        {
            await channelHealth.UpsertEntityAsync(new TableEntity("partial", $"20991129T090000.0000000Z|{tenant}||1") { ["Round"] = Now, ["Checked_line"] = 2, ["Failing_line"] = 1 });
            await channelHealth.UpsertEntityAsync(new TableEntity("queued", $"{tenant}|acct-m") { ["QueuedRound"] = Now });
        }

        var before = await SnapshotOthersAsync(survivor);

        // Reports after the delete: the instance that deleted refuses at once; the other, whose cache
        // knew the tenant, within Storage:KnownTenantRecheck (its report in that window is removed by the job).
        var refused = await PatchAsync(doomed.ClientWithKey(ConnectorKey), Gone, "acct-new", ReportBodies.Report("connected", Now));
        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Equal("Tenant deleted.", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(survivor.ClientWithKey(ConnectorKey), Gone, "acct-window", ReportBodies.Report("connected", Now))).StatusCode);
        survivor.Clock!.Advance(new StorageOptions().KnownTenantRecheck + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Gone, (await PatchAsync(survivor.ClientWithKey(ConnectorKey), Gone, "acct-late", ReportBodies.Report("connected", survivor.Clock.GetUtcNow()))).StatusCode);
        var queued = JsonSerializer.Serialize(new { tenantId = Gone, channelAccountId = "acct-queued", status = "connected", checkedAt = survivor.Clock.GetUtcNow().ToString("O") });
        Assert.Equal(QueuedReportOutcome.Dropped, await survivor.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(queued, 1, CancellationToken.None));

        var toRemove = await CountRowsOfAsync(survivor, Gone);
        Assert.True(toRemove > 7500, $"{toRemove} rows");
        var job = JsonSerializer.Serialize(new TenantDeletionRequest(Gone), ServiceJson.Options);

        // The first process is killed after 30 transactions: 3,000 rows gone, recorded, the rest still there.
        Volatile.Write(ref armed, true);
        await Assert.ThrowsAsync<RequestFailedException>(() => doomed.Services.GetRequiredService<TenantDeletionHandler>().HandleAsync(job, 1, CancellationToken.None));
        var midway = await StateAsync(survivor, Gone);
        Assert.Equal(TenantDeletionState.Running, midway.State);
        Assert.Equal(3000, midway.RowsRemoved);
        Assert.Equal(toRemove - 3000, await CountRowsOfAsync(survivor, Gone));

        // A new instance, once every cache has learned the tombstone, takes the job over (the message redelivered) and ends it.
        using var restarted = new StatusApplication(azurite.ConnectionString, sharedStorageName: shared).UseClock(Now.AddMinutes(2));
        var handler = restarted.Services.GetRequiredService<TenantDeletionHandler>();
        var deletion = await handler.HandleAsync(job, 2, CancellationToken.None);
        for (var delivery = 3; delivery < 12 && deletion?.State == TenantDeletionState.Running; delivery++)
        {
            // Each message makes at most TenantDeletionQueue:BatchesPerMessage transactions and queues its continuation.
            deletion = await handler.HandleAsync(job, delivery, CancellationToken.None);
        }

        Assert.Equal(TenantDeletionState.Done, deletion?.State);
        var done = await StateAsync(survivor, Gone);
        Assert.Equal(TenantDeletionState.Done, done.State);
        Assert.Equal(toRemove, done.RowsRemoved);
        Assert.Equal(Now.AddMinutes(2), done.FinishedAt);
        Assert.Equal("key:admin", done.RequestedBy);
        Assert.Equal(0, await CountRowsOfAsync(survivor, Gone));
        Assert.Equal(before, await SnapshotOthersAsync(survivor));
        Assert.Equal(HttpStatusCode.NotFound, (await survivor.ClientWithKey(AdminKey).GetAsync($"/api/tenants/{Gone}/webhooks/{subscriptionId}")).StatusCode);
        var directory = await survivor.ClientWithKey(AdminKey).GetFromJsonAsync<TenantList>("/api/tenants", ApiJson);
        Assert.Equal([Stays, StaysBig], directory!.Items.Select(t => t.TenantId));
    }

    [Fact]
    public async Task ADeletedTenantIsRefusedUntilItsJobIsDoneAndThenOnlyAReportObservedAfterItCreatesItAgain()
    {
        const string tenant = "tenant-back";
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        var connector = app.ClientWithKey(ConnectorKey);
        var admin = app.ClientWithKey(AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, tenant, "acct-1", ReportBodies.Report("error", Now.AddMinutes(-10), "auth_error", "token expired"))).StatusCode);

        var first = await admin.DeleteAsync($"/api/tenants/{tenant}?confirm={tenant}");
        var again = await admin.DeleteAsync($"/api/tenants/{tenant}?confirm={tenant}");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var job = (await first.Content.ReadFromJsonAsync<TenantDeletionView>(ApiJson))!;
        Assert.Equal(job, await again.Content.ReadFromJsonAsync<TenantDeletionView>(ApiJson));
        Assert.Equal(new TenantDeletionView(tenant, TenantDeletionState.Pending, Now, "key:admin", 0, null, null), job);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/tenants/tenant-never-seen?confirm=tenant-never-seen")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/tenants/tenant-never-seen/deletion")).StatusCode);

        // A probe request the tick sent before the deletion is dropped, not probed and not poisoned.
        var probe = JsonSerializer.Serialize(new ProbeRequest(tenant, null, null, Now), ServiceJson.Options);
        Assert.Equal(ProbeRequestOutcome.Dropped, (await app.Services.GetRequiredService<ProbeWorker>().HandleAsync(probe, 1, CancellationToken.None)).Outcome);

        // While the job has not finished, even a report observed after the deletion is refused.
        app.Clock!.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Gone, (await PatchAsync(connector, tenant, "acct-1", ReportBodies.Report("connected", app.Clock.GetUtcNow()))).StatusCode);

        // A channel-limited connector is told the tenant is deleted too, also for an account it could not write anyway (no channel named).
        var unseen = await PatchAsync(app.ClientWithKey(LineConnectorKey), tenant, "acct-unseen", ReportBodies.Report("error", app.Clock.GetUtcNow(), "auth_error", "token expired", channel: null));
        Assert.Equal(HttpStatusCode.Gone, unseen.StatusCode);
        var handler = app.Services.GetRequiredService<TenantDeletionHandler>();
        var text = JsonSerializer.Serialize(new TenantDeletionRequest(tenant), ServiceJson.Options);
        var firstPass = await handler.HandleAsync(text, 1, CancellationToken.None);

        // Rows gone, but not done: an instance that knew the tenant could still write behind the pass until its cache re-reads.
        Assert.Equal(TenantDeletionState.Running, firstPass!.State);
        Assert.Equal(0, await CountRowsOfAsync(app, tenant));
        Assert.Equal(TenantDeletionState.Running, (await StateAsync(app, tenant)).State);
        Assert.Equal(HttpStatusCode.Gone, (await PatchAsync(connector, tenant, "acct-1", ReportBodies.Report("connected", app.Clock.GetUtcNow()))).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TenantDeletionState.Done, (await handler.HandleAsync(text, 1, CancellationToken.None))!.State);
        Assert.Equal(TenantDeletionState.Done, (await StateAsync(app, tenant)).State);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync($"/api/tenants/{tenant}?confirm={tenant}")).StatusCode);

        // Done: a report observed at or before the deletion, or within the clock skew a connector may have after it (a
        // report sent before the deletion from a fast clock, retried), stays refused; one observed later creates the tenant again, as new.
        Assert.Equal(HttpStatusCode.Gone, (await PatchAsync(connector, tenant, "acct-1", ReportBodies.Report("connected", Now))).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await PatchAsync(connector, tenant, "acct-1", ReportBodies.Report("connected", Now + new StatusPolicy().MaxClockSkew))).StatusCode);
        var back = await PatchAsync(connector, tenant, "acct-2", ReportBodies.Report("connected", app.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/tenants/{tenant}/deletion")).StatusCode);
        var list = await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionList>($"/api/tenants/{tenant}/connections", ApiJson);
        Assert.Equal(["acct-2"], list!.Items.Select(i => i.ChannelAccountId));
        var directory = await admin.GetFromJsonAsync<TenantList>("/api/tenants", ApiJson);
        Assert.Contains(tenant, directory!.Items.Select(t => t.TenantId));
        Assert.Equal(TenantDeletionState.Pending, (await (await admin.DeleteAsync($"/api/tenants/{tenant}?confirm={tenant}")).Content.ReadFromJsonAsync<TenantDeletionView>(ApiJson))!.State);
    }

    [Fact]
    public async Task ATenantCreatedAgainStillRefusesALateReportObservedBeforeItsDeletionOnEveryInstanceAndPath()
    {
        const string tenant = "tenant-again";
        var shared = "again" + Guid.NewGuid().ToString("N")[..9];
        using var app = new StatusApplication(azurite.ConnectionString, sharedStorageName: shared).UseClock(Now);
        using var other = new StatusApplication(azurite.ConnectionString, sharedStorageName: shared).UseClock(Now);
        var connector = app.ClientWithKey(ConnectorKey);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, tenant, "acct-old", ReportBodies.Report("connected", Now.AddMinutes(-10)))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.ClientWithKey(AdminKey).DeleteAsync($"/api/tenants/{tenant}?confirm={tenant}")).StatusCode);
        var job = JsonSerializer.Serialize(new TenantDeletionRequest(tenant), ServiceJson.Options);
        var handler = app.Services.GetRequiredService<TenantDeletionHandler>();
        await handler.HandleAsync(job, 1, CancellationToken.None);
        app.Clock!.Advance(TimeSpan.FromMinutes(2));
        other.Clock!.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TenantDeletionState.Done, (await handler.HandleAsync(job, 1, CancellationToken.None))!.State);

        // A report observed after the deletion creates the tenant again; one observed before it, for any account, stays refused.
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, tenant, "acct-new", ReportBodies.Report("connected", app.Clock.GetUtcNow()))).StatusCode);
        var late = ReportBodies.Report("error", Now.AddSeconds(-1), "auth_error", "token expired");
        foreach (var instance in new[] { app, other })
        {
            var refused = await PatchAsync(instance.ClientWithKey(ConnectorKey), tenant, "acct-old", late);
            Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
            Assert.Equal(HttpStatusCode.Gone, (await PatchAsync(instance.ClientWithKey(ConnectorKey), tenant, "acct-other", ReportBodies.Report("connected", Now))).StatusCode);
            var queued = JsonSerializer.Serialize(new { tenantId = tenant, channelAccountId = "acct-queued", status = "connected", checkedAt = Now.ToString("O") });
            Assert.Equal(QueuedReportOutcome.Dropped, await instance.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(queued, 1, CancellationToken.None));
        }

        // A survey of the tenant, which rewrites its registry row, keeps the deletion's time; a report observed after it is written.
        await other.Services.GetRequiredService<TenantStore>().SurveyAsync(tenant, 100, CancellationToken.None);
        using var fresh = new StatusApplication(azurite.ConnectionString, sharedStorageName: shared).UseClock(Now.AddMinutes(2));
        Assert.Equal(HttpStatusCode.Gone, (await PatchAsync(fresh.ClientWithKey(ConnectorKey), tenant, "acct-old", late)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await PatchAsync(other.ClientWithKey(ConnectorKey), tenant, "acct-other", ReportBodies.Report("connected", Now.AddSeconds(30)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(other.ClientWithKey(ConnectorKey), tenant, "acct-other", ReportBodies.Report("connected", Now.AddSeconds(31)))).StatusCode);
        var list = await ListAsync(fresh, tenant, "");
        Assert.Equal(["acct-new", "acct-other"], list.Items.Select(i => i.ChannelAccountId).Order());
    }

    /// <summary>The tenant comes back with a new account, or with an account of the same id as a deleted one (which a delete by key alone would take).</summary>
    [Theory]
    [InlineData("tenant-reborn", "acct-new")]
    [InlineData("tenant-reborn-same", "acct-old")]
    public async Task ADeliveryStillInItsPassWhenAnotherFinishesTheJobAndTheTenantIsCreatedAgainLeavesTheNewTenantAlone(string tenant, string account)
    {
        Func<Task>? interleave = null;
        StatusApplication app = null!;
        // The stale delivery's first transaction on the tenant's partition runs what happens meanwhile elsewhere, then goes to storage.
        app = new StatusApplication(azurite.ConnectionString, services => FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == app.ConnectionsTable, (faulty, table) =>
            faulty.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
                .Returns(async (IEnumerable<TableTransactionAction> actions, CancellationToken token) =>
                {
                    var all = actions.ToList();
                    if (all.All(a => a.ActionType == TableTransactionActionType.Delete && a.Entity.PartitionKey == tenant) && Interlocked.Exchange(ref interleave, null) is { } meanwhile)
                    {
                        await meanwhile();
                    }

                    return await table.SubmitTransactionAsync(all, token);
                }))).UseClock(Now);
        using var disposeApp = app;
        var connector = app.ClientWithKey(ConnectorKey);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, tenant, "acct-old", ReportBodies.Report("error", Now.AddMinutes(-10), "auth_error", "token expired"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, tenant, "acct-old", ReportBodies.Report("connected", Now.AddMinutes(-5)))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.ClientWithKey(AdminKey).DeleteAsync($"/api/tenants/{tenant}?confirm={tenant}")).StatusCode);
        var job = JsonSerializer.Serialize(new TenantDeletionRequest(tenant), ServiceJson.Options);
        var handler = app.Services.GetRequiredService<TenantDeletionHandler>();
        // Late enough for a pass to finish the job: every instance has learned the tombstone.
        app.Clock!.Advance(TimeSpan.FromMinutes(2));

        List<string> reborn = [];
        string subscriptionId = string.Empty;
        interleave = async () =>
        {
            // Another delivery of the job (each DELETE before done queues one) runs to the end: done.
            Assert.Equal(TenantDeletionState.Done, (await handler.HandleAsync(job, 1, CancellationToken.None))!.State);
            Assert.Equal(0, await CountRowsOfAsync(app, tenant));

            // A report observed minutes after the deletion creates the tenant again, and it gets a webhook subscription.
            app.Clock!.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, tenant, account, ReportBodies.Report("error", app.Clock!.GetUtcNow().AddSeconds(-10), "auth_error", "token expired"))).StatusCode);
            (subscriptionId, _) = await WebhookTesting.SubscribeAsync(app, tenant, "http://127.0.0.1:9/hooks/reborn");
            reborn = await SnapshotOfAsync(app, tenant);
        };

        // The stale delivery: it started while the job was running, and is in its pass when the tenant comes back.
        var stale = await handler.HandleAsync(job, 1, CancellationToken.None);

        Assert.Null(interleave);
        Assert.Contains(reborn, r => r.Contains($"|{account}|", StringComparison.Ordinal));
        Assert.Equal(reborn, await SnapshotOfAsync(app, tenant));
        var list = await ListAsync(app, tenant, "");
        Assert.Equal([account], list.Items.Select(i => i.ChannelAccountId));
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(AdminKey).GetAsync($"/api/tenants/{tenant}/webhooks/{subscriptionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientWithKey(AdminKey).GetAsync($"/api/tenants/{tenant}/deletion")).StatusCode);

        // It stopped on finding the tombstone gone, and says so.
        Assert.Null(stale);
    }

    [Fact]
    public async Task ReadsHideADeletedTenantBeforeItsJobHasRemovedARowAndAnotherInstanceWithinTheRecheck()
    {
        const string tenant = "tenant-hidden";
        var shared = "hid" + Guid.NewGuid().ToString("N")[..9];
        using var app = new StatusApplication(azurite.ConnectionString, sharedStorageName: shared).UseClock(Now);
        using var other = new StatusApplication(azurite.ConnectionString, sharedStorageName: shared).UseClock(Now);
        var connector = app.ClientWithKey(ConnectorKey);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, tenant, "acct-broken", ReportBodies.Report("error", Now.AddMinutes(-10), "auth_error", "token expired"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, tenant, "acct-fine", ReportBodies.Report("connected", Now.AddMinutes(-10)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, Stays, "acct-a", ReportBodies.Report("connected", Now.AddMinutes(-10)))).StatusCode);
        // The other instance has read the tenant as live, so it trusts that for Storage:KnownTenantRecheck.
        Assert.Equal(2, (await ListAsync(other, tenant, "")).Items.Count);

        Assert.Equal(HttpStatusCode.Accepted, (await app.ClientWithKey(AdminKey).DeleteAsync($"/api/tenants/{tenant}?confirm={tenant}")).StatusCode);
        var rows = await CountRowsOfAsync(app, tenant);

        await AssertHiddenAsync(app);
        Assert.Equal(2, (await ListAsync(other, tenant, "")).Items.Count);

        // Deleting one of its accounts writes nothing (no account tombstone, no `deleted` event), even on the instance that still reads it as live.
        foreach (var instance in new[] { app, other })
        {
            var delete = await instance.ClientWithKey(AdminKey).DeleteAsync($"/api/tenants/{tenant}/connections/acct-broken");
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
            Assert.Contains("was deleted", JsonDocument.Parse(await delete.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(rows, await CountRowsOfAsync(app, tenant));
        other.Clock!.Advance(new StorageOptions().KnownTenantRecheck + TimeSpan.FromSeconds(1));
        await AssertHiddenAsync(other);
        Assert.Equal(rows, await CountRowsOfAsync(app, tenant));
        Assert.True(rows >= 4, $"{rows} rows");

        // Another tenant reads as before.
        var stays = await ListAsync(app, Stays, "");
        Assert.True(stays.Known);
        Assert.Equal(["acct-a"], stays.Items.Select(i => i.ChannelAccountId));

        async Task AssertHiddenAsync(StatusApplication reader)
        {
            var all = await ListAsync(reader, tenant, "");
            Assert.False(all.Known);
            Assert.Empty(all.Items);
            Assert.Null(all.ContinuationToken);
            var attention = await ListAsync(reader, tenant, "?needsAttention=true");
            Assert.False(attention.Known);
            Assert.Empty(attention.Items);
            Assert.Equal(0, attention.Total);
            var summary = await reader.ClientWithKey(SupportKey).GetFromJsonAsync<TenantSummary>($"/api/tenants/{tenant}/connection-summary", ApiJson);
            Assert.Equal((false, null, null, $"Tenant \u201c{tenant}\u201d was deleted: its accounts were removed."), (summary!.Known, summary.Badge, summary.HealthScore, summary.StatusText));
            Assert.Equal(0, summary.Total);
            Assert.Equal(0, summary.IssueCount);
            foreach (var path in new[] { $"/api/tenants/{tenant}/connections/acct-broken", $"/api/tenants/{tenant}/connections/acct-broken/history" })
            {
                var read = await reader.ClientWithKey(SupportKey).GetAsync(path);
                Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
                Assert.Contains("was deleted", JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }
    }

    private static async Task<ConnectionList> ListAsync(StatusApplication app, string tenant, string query) =>
        (await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionList>($"/api/tenants/{tenant}/connections{query}", ApiJson))!;

    [Fact]
    public async Task APoisonedJobLeavesTheDeletionFailedNotUnknownAndADeleteAgainResumesIt()
    {
        const string tenant = "tenant-poisoned";
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(app.ClientWithKey(ConnectorKey), tenant, "acct-1", ReportBodies.Report("connected", Now.AddMinutes(-1)))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.ClientWithKey(AdminKey).DeleteAsync($"/api/tenants/{tenant}?confirm={tenant}")).StatusCode);
        var text = JsonSerializer.Serialize(new TenantDeletionRequest(tenant), ServiceJson.Options);
        var handler = app.Services.GetRequiredService<TenantDeletionHandler>();

        await handler.PoisonAsync(text, "Failed on each of 12 deliveries; last error: storage failing (RequestFailedException 503).", 12, CancellationToken.None);

        var failed = await StateAsync(app, tenant);
        Assert.Equal(TenantDeletionState.Failed, failed.State);
        Assert.Equal("Failed on each of 12 deliveries; last error: storage failing (RequestFailedException 503).", failed.FailureReason);
        Assert.Single((await new QueueClient(azurite.ConnectionString, app.TenantDeletionQueue + "-poison").PeekMessagesAsync(32)).Value);
        Assert.Equal(HttpStatusCode.Gone, (await PatchAsync(app.ClientWithKey(ConnectorKey), tenant, "acct-1", ReportBodies.Report("connected", Now))).StatusCode);

        var resumed = await app.ClientWithKey(AdminKey).DeleteAsync($"/api/tenants/{tenant}?confirm={tenant}");
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        Assert.Equal(TenantDeletionState.Pending, (await resumed.Content.ReadFromJsonAsync<TenantDeletionView>(ApiJson))!.State);
        app.Clock!.Advance(TimeSpan.FromMinutes(2));
        var queue = new QueueClient(azurite.ConnectionString, app.TenantDeletionQueue);
        var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromDays(1))).Value;
        Assert.Equal(2, messages.Length);
        Assert.Equal(TenantDeletionState.Done, (await handler.HandleAsync(messages[^1].MessageText, 1, CancellationToken.None))!.State);
        Assert.Equal(0, await CountRowsOfAsync(app, tenant));
    }

    [Fact]
    public async Task OnlyAnAdminOfEveryTenantMayDeleteATenantOrReadItsDeletion()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ApiKeys:Keys:6:Name"] = "scoped-admin",
            ["ApiKeys:Keys:6:Sha256"] = ApiKeyOptions.HashOf("test-scoped-admin-key"),
            ["ApiKeys:Keys:6:Role"] = Roles.Admin,
            ["ApiKeys:Keys:6:Tenants:0"] = ScopedTenant,
            ["ApiKeys:Keys:7:Name"] = "tenant-admin",
            ["ApiKeys:Keys:7:Sha256"] = ApiKeyOptions.HashOf("test-tenant-admin-key"),
            ["ApiKeys:Keys:7:Role"] = Roles.TenantAdmin,
            ["ApiKeys:Keys:7:Tenants:0"] = ScopedTenant,
        };
        using var app = new StatusApplication(azurite.ConnectionString, settings: settings).UseClock(Now);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(app.ClientWithKey(ConnectorKey), ScopedTenant, "acct-1", ReportBodies.Report("connected", Now.AddMinutes(-1)))).StatusCode);

        foreach (var key in new[] { "test-scoped-admin-key", "test-tenant-admin-key", SupportKey, ScopedSupportKey, ConnectorKey })
        {
            var delete = await app.ClientWithKey(key).DeleteAsync($"/api/tenants/{ScopedTenant}?confirm={ScopedTenant}");
            var read = await app.ClientWithKey(key).GetAsync($"/api/tenants/{ScopedTenant}/deletion");

            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
            Assert.Equal("application/problem+json", delete.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(TenantRegistration.Live, await app.Services.GetRequiredService<TenantStore>().RegistrationOfAsync(ScopedTenant, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientWithKey(AdminKey).GetAsync($"/api/tenants/{ScopedTenant}/deletion")).StatusCode);
    }

    /// <summary>Accounts with a status row and two history rows each, 100 to a transaction.</summary>
    private static async Task SeedAsync(TableClient connections, string tenant, int accounts)
    {
        var state = StatusTransition.Apply(null, new ConnectionReport(ConnectionStatus.Connected, Now.AddMinutes(-30), ReportSource.Connector, Channel: Channel.Line), new StatusPolicy()).State!;
        var rows = Enumerable.Range(0, accounts).SelectMany(i =>
        {
            var id = $"acct-{i:D5}";
            return new ITableEntity[]
            {
                ConnectionEntity.From(new ConnectionKey(tenant, id), state, transitionCount: 2),
                new TableEntity(tenant, HistoryEntity.RowKeyOf(id, 1)) { ["Sequence"] = 1L, ["Status"] = "error" },
                new TableEntity(tenant, HistoryEntity.RowKeyOf(id, 2)) { ["Sequence"] = 2L, ["Status"] = "connected" },
            };
        }).OrderBy(row => row.RowKey, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(rows.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
            await connections.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), ct));
    }

    private static async Task<TenantDeletionView> StateAsync(StatusApplication app, string tenant)
    {
        var answer = await app.ClientWithKey(AdminKey).GetAsync($"/api/tenants/{tenant}/deletion");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<TenantDeletionView>(ApiJson))!;
    }

    /// <summary>The tenant's rows its deletion removes: its partition of the status and webhook tables, and its probe counts and marks.</summary>
    private static async Task<int> CountRowsOfAsync(StatusApplication app, string tenant)
    {
        var count = 0;
        foreach (var (table, row) in await AllRowsAsync(app))
        {
            count += BelongsTo(table, row, tenant) && !(table == app.WebhooksTable && row.PartitionKey == "~tenants") ? 1 : 0;
        }

        return count;
    }

    /// <summary>Every other row of every table, with every column, as text: the row-by-row proof that nothing else changed.</summary>
    private static async Task<List<string>> SnapshotOthersAsync(StatusApplication app) =>
        (await AllRowsAsync(app))
            .Where(pair => !BelongsTo(pair.Table, pair.Row, Gone) && !(pair.Table == app.TenantsTable && pair.Row.RowKey == Gone) && !IsInstanceTally(pair.Row))
            .Select(Describe)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Every row of the tenant in every table, its registry rows included, with every column, as text.</summary>
    private static async Task<List<string>> SnapshotOfAsync(StatusApplication app, string tenant) =>
        (await AllRowsAsync(app))
            .Where(pair => (BelongsTo(pair.Table, pair.Row, tenant) || (pair.Table == app.TenantsTable && pair.Row.RowKey == tenant)) && !IsInstanceTally(pair.Row))
            .Select(Describe)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Describe((string Table, TableEntity Row) pair) =>
        $"{pair.Table}|{pair.Row.PartitionKey}|{pair.Row.RowKey}|" + string.Join(";", pair.Row
            .Where(c => c.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Key}={Convert.ToString(c.Value, CultureInfo.InvariantCulture)}"));

    /// <summary>An instance's own probe counts ("{flush}|~{instance}|{n}"), which any report an instance applies adds to: no tenant's, so no deletion's concern.</summary>
    private static bool IsInstanceTally(TableEntity row) =>
        row.PartitionKey == "partial" && row.RowKey.Split('|') is [_, ['~', ..], ..];

    private static bool BelongsTo(string table, TableEntity row, string tenant) =>
        row.PartitionKey == tenant
        || (row.PartitionKey == "~tenants" && row.RowKey == tenant)
        || (row.PartitionKey == "partial" && row.RowKey.Split('|') is [_, var partialTenant, ..] && partialTenant == tenant)
        || (row.PartitionKey == "queued" && row.RowKey.StartsWith(tenant + "|", StringComparison.Ordinal));

    private static async Task<List<(string Table, TableEntity Row)>> AllRowsAsync(StatusApplication app)
    {
        var rows = new List<(string, TableEntity)>();
        foreach (var name in new[] { app.ConnectionsTable, app.TenantsTable, app.ChannelHealthTable, app.WebhooksTable })
        {
            var table = new TableClient(app.ConnectionString, name);
            await table.CreateIfNotExistsAsync();
            await foreach (var row in table.QueryAsync<TableEntity>(maxPerPage: 1000))
            {
                rows.Add((name, row));
            }
        }

        return rows;
    }
}
