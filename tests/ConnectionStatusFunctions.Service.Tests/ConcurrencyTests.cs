using System.Net;
using System.Net.Http.Json;
using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

// Long because each race between writers (parallel connectors, probes, the silence sweep, tenant registration)
// needs its own set-up on the shared Azurite; the races share no other code.
public sealed class ConcurrencyTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly DateTimeOffset Now = TestClock.Start;

    [Fact]
    public async Task ParallelWritersSendingShuffledReportsConvergeToTheNewest()
    {
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        var random = new Random(42);
        var reports = Enumerable.Range(0, 48).Select(i => new
        {
            status = i % 3 == 0 ? "connected" : "error",
            checkedAt = Now.AddMinutes(-60 + i).ToString("O"),
            errorCategory = i % 3 == 0 ? null : "unknown",
            errorCode = i % 3 == 0 ? null : $"E{i}",
            reportId = $"r-{i}",
        }).OrderBy(_ => random.Next()).ToList();
        var newest = reports.MaxBy(r => r.checkedAt)!;

        // 8 workers, each with its own client, racing on one row.
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var client = app.ClientWithKey(ConnectorKey);
            foreach (var report in reports.Where((_, i) => i % 8 == w))
            {
                var response = await PatchAsync(client, "tenant-c", "acct-race", report);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }));
        await Task.WhenAll(workers);

        var view = await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>("/api/tenants/tenant-c/connections/acct-race", ApiJson);
        Assert.Equal(DateTimeOffset.Parse(newest.checkedAt, System.Globalization.CultureInfo.InvariantCulture), view!.LastCheckedAt);
        Assert.Equal(newest.errorCode, view.ErrorCode);
        await AttentionIndex.AssertAgreesAsync(new TableClient(app.ConnectionString, app.ConnectionsTable), "tenant-c", Now);
    }

    [Fact]
    public async Task ParallelConnectorsAndProbesSendingShuffledDuplicatedReportsConvergeToTheirStateInOrder()
    {
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        var random = new Random(1130);
        var reports = Enumerable.Range(0, 40).Select<int, (ReportSource Source, ReportInput Input)>(i =>
        {
            // Few distinct instants, so ties between the probe and connectors happen.
            var at = Now.AddMinutes(-40 + random.Next(0, 16)).ToString("O");
            return random.Next(5) switch
            {
                0 => (ReportSource.Probe, new ReportInput("connected", at)),
                1 => (ReportSource.Probe, new ReportInput("error", at, "unknown", $"HTTP_50{i % 3}", "Health probe answered HTTP 503")),
                2 => (ReportSource.Connector, new ReportInput("error", at, "webhook_error", $"WH{i}", "webhook deliveries failing", $"c-{i}")),
                3 => (ReportSource.Connector, new ReportInput("connected", at, ReportId: $"c-{i}")),
                _ => (ReportSource.Connector, new ReportInput("error", at, "auth_error", $"AUTH{i}", "token expired", $"c-{i}")),
            };
        }).ToList();
        var deliveries = reports.Concat(reports.Where((_, i) => i % 4 == 0)).OrderBy(_ => random.Next()).ToList();
        var intake = app.Services.GetRequiredService<ReportIntake>();
        var key = new ConnectionKey("tenant-c", "acct-mix");

        // 8 workers racing on one row: connectors over HTTP, probe workers through the intake they call.
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var client = app.ClientWithKey(ConnectorKey);
            foreach (var (source, input) in deliveries.Where((_, i) => i % 8 == w))
            {
                if (source == ReportSource.Probe)
                {
                    Assert.IsNotType<ApplyResult.Rejected>(await intake.SubmitAsync(key, input, source, CancellationToken.None));
                    continue;
                }

                var body = new { status = input.Status, checkedAt = input.CheckedAt, errorCategory = input.ErrorCategory, errorCode = input.ErrorCode, errorMessage = input.ErrorMessage, reportId = input.ReportId };
                Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, key.TenantId, key.ChannelAccountId, body)).StatusCode);
            }
        }));
        await Task.WhenAll(workers);

        var policy = new StatusPolicy();
        var inOrder = reports
            .Select(r => ReportValidator.TryCreate(r.Input, r.Source, policy, Now, out var report, out _) ? report! : throw new InvalidOperationException("invalid test report"))
            .OrderBy(r => r.CheckedAt)
            .ThenBy(r => r.Status == ConnectionStatus.Error ? 2 : r.Status == ConnectionStatus.Disconnected ? 1 : 0)
            .ThenBy(r => r.ReportId ?? "", StringComparer.Ordinal)
            .ThenBy(r => r.Source == ReportSource.Probe ? 0 : 1)
            .ThenBy(r => r.ErrorCategory)
            .ThenBy(r => r.ErrorCode, StringComparer.Ordinal)
            .ThenBy(r => r.ErrorSummary, StringComparer.Ordinal)
            .Aggregate((ConnectionState?)null, (state, report) => StatusTransition.Apply(state, report, policy).State)!;
        var view = await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>($"/api/tenants/{key.TenantId}/connections/{key.ChannelAccountId}", ApiJson);
        Assert.Equal((inOrder.Status, inOrder.LastCheckedAt, inOrder.LastSource), (view!.Status, view.LastCheckedAt, view.LastSource));
        if (inOrder.Status == ConnectionStatus.Error)
        {
            Assert.Equal((inOrder.ErrorCategory, inOrder.ErrorCode, inOrder.LastErrorAt), (view.ErrorCategory, view.ErrorCode, view.LastErrorAt));
        }
        else
        {
            Assert.Equal(inOrder.LastSuccessAt, view.LastSuccessAt);
        }
    }

    [Fact]
    public async Task ShuffledReportsFromParallelWritersWithSilenceRecordedMeanwhileConvergeToTheNewestObservation()
    {
        // Reports two minutes apart and a one-minute limit: every connected state may go silent before
        // the next report, so silence lands between reports whatever the interleaving, and never past the newest.
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["StatusPolicy:StaleAfter"] = "00:01:00" }).UseClock(Now);
        var random = new Random(7);
        var reports = Enumerable.Range(0, 48).Select(i => new
        {
            status = i % 3 == 2 ? "connected" : "error",
            checkedAt = Now.AddMinutes(-96 + (2 * i)).ToString("O"),
            errorCategory = i % 3 == 2 ? null : "unknown",
            reportId = $"r-{i}",
        }).ToList();
        var deliveries = reports.Concat(reports.Where((_, i) => i % 5 == 0)).OrderBy(_ => random.Next()).ToList(); // some twice
        var newest = Now.AddMinutes(-96 + (2 * 47));
        var store = app.Services.GetRequiredService<ConnectionStore>();
        var key = new ConnectionKey("tenant-c", "acct-silent-race");

        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var client = app.ClientWithKey(ConnectorKey);
            foreach (var report in deliveries.Where((_, i) => i % 6 == w))
            {
                Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, key.TenantId, key.ChannelAccountId, report)).StatusCode);
            }
        })).ToList();
        var writing = Task.WhenAll(writers);
        var sweepers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!writing.IsCompleted)
            {
                await store.ApplySilenceAsync(key, Now, CancellationToken.None);
            }
        })).ToList();
        await writing;
        await Task.WhenAll(sweepers);
        await store.ApplySilenceAsync(key, Now, CancellationToken.None); // the tick after the last report, if no sweeper was there first

        var support = app.ClientWithKey(SupportKey);
        var view = (await support.GetFromJsonAsync<ConnectionView>($"/api/tenants/{key.TenantId}/connections/{key.ChannelAccountId}", ApiJson))!;
        Assert.Equal((ConnectionStatus.Stale, newest, newest.AddMinutes(1), ReportSource.Silence), (view.Status, view.LastCheckedAt, view.StatusChangedAt, view.LastSource));
        var history = (await support.GetFromJsonAsync<TransitionList>($"/api/tenants/{key.TenantId}/connections/{key.ChannelAccountId}/history?pageSize=50", ApiJson))!.Items.Reverse().ToList();
        Assert.Equal(new TransitionView(newest.AddMinutes(1), ConnectionStatus.Connected, ConnectionStatus.Stale, null, null, null, ReportSource.Silence), history[^1]);
        for (var i = 1; i < history.Count; i++)
        {
            // One chain, in the order of observation: each entry starts where the previous one ended, and silence only ever follows connected.
            Assert.Equal(history[i - 1].To, history[i].From);
            Assert.True(history[i - 1].At < history[i].At, $"entry {i} is not after entry {i - 1}");
            Assert.True(history[i].Source != ReportSource.Silence || history[i].From == ConnectionStatus.Connected);
        }
    }

    [Theory]
    [InlineData("error")] // a transition: status row and history entry in one transaction
    [InlineData("connected")] // no transition: the status row alone
    public async Task A412StormEndsIn503AndLeavesTheRowAsItWas(string status)
    {
        var storm = 0;
        var storming = false;
        using var app = new StatusApplication(azurite.ConnectionString, services => StatusRowStorm.ReplaceTables(services, azurite.ConnectionString, () =>
        {
            if (!Volatile.Read(ref storming))
            {
                return false;
            }

            Interlocked.Increment(ref storm);
            return true;
        })).UseClock(Now);
        var connector = app.ClientWithKey(ConnectorKey);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, "tenant-c", "acct-storm", new { status = "connected", checkedAt = Now.AddMinutes(-10).ToString("O") })).StatusCode);
        Volatile.Write(ref storming, true);

        var response = await PatchAsync(connector, "tenant-c", "acct-storm", new { status, checkedAt = Now.AddMinutes(-5).ToString("O"), errorCategory = status == "error" ? "unknown" : null });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(ProblemMapping.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new StorageOptions().WriteAttempts, storm);
        var view = await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>("/api/tenants/tenant-c/connections/acct-storm", ApiJson);
        Assert.Equal((ConnectionStatus.Connected, Now.AddMinutes(-10)), (view!.Status, view.LastCheckedAt));
        var history = await app.ClientWithKey(SupportKey).GetFromJsonAsync<TransitionList>("/api/tenants/tenant-c/connections/acct-storm/history", ApiJson);
        Assert.Equal([ConnectionStatus.Connected], history!.Items.Select(t => t.To));
        await AttentionIndex.AssertAgreesAsync(new TableClient(app.ConnectionString, app.ConnectionsTable), "tenant-c", Now);
    }

    [Fact]
    public async Task ParallelWritersAndSilenceSweepersOnManyAccountsLeaveTheAttentionIndexInStepWithTheStatusRows()
    {
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["StatusPolicy:StaleAfter"] = "00:01:00" }).UseClock(Now);
        var random = new Random(1919);
        string[] accounts = ["a-1", "a-2", "a-3", "a-4", "a-5", "a-6"];
        // Few distinct instants per account, statuses that flap, break, disconnect and recover, some delivered twice.
        var reports = Enumerable.Range(0, 240).Select(i => (
            Account: accounts[i % accounts.Length],
            Body: (object)(random.Next(6) switch
            {
                0 or 1 => new { status = "connected", checkedAt = Now.AddMinutes(-120 + random.Next(0, 100)).ToString("O"), reportId = $"r-{i}" },
                2 => new { status = "disconnected", checkedAt = Now.AddMinutes(-120 + random.Next(0, 100)).ToString("O"), reportId = $"r-{i}" },
                _ => new { status = "error", checkedAt = Now.AddMinutes(-120 + random.Next(0, 100)).ToString("O"), errorCategory = random.Next(2) == 0 ? "unknown" : "auth_error", reportId = $"r-{i}" },
            }))).ToList();
        var deliveries = reports.Concat(reports.Where((_, i) => i % 7 == 0)).OrderBy(_ => random.Next()).ToList();
        var store = app.Services.GetRequiredService<ConnectionStore>();

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var client = app.ClientWithKey(ConnectorKey);
            foreach (var (account, body) in deliveries.Where((_, i) => i % 8 == w))
            {
                Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, "tenant-ix-race", account, body)).StatusCode);
            }
        })).ToList();
        var writing = Task.WhenAll(writers);
        var sweeper = Task.Run(async () =>
        {
            while (!writing.IsCompleted)
            {
                foreach (var account in accounts)
                {
                    await store.ApplySilenceAsync(new ConnectionKey("tenant-ix-race", account), Now, CancellationToken.None);
                }
            }
        });
        await writing;
        await sweeper;

        await AttentionIndex.AssertAgreesAsync(new TableClient(app.ConnectionString, app.ConnectionsTable), "tenant-ix-race", Now);
        var list = (await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionList>("/api/tenants/tenant-ix-race/connections?needsAttention=true", ApiJson))!;
        Assert.Equal(list.Total, list.Items.Count);
        Assert.Equal(list.Items.OrderBy(i => i.AttentionSince).ThenBy(i => i.ChannelAccountId, StringComparer.Ordinal).Select(i => i.ChannelAccountId), list.Items.Select(i => i.ChannelAccountId));
    }

    [Fact]
    public async Task StorageOutageIsA503WithRetryAfter()
    {
        using var app = new StatusApplication(azurite.ConnectionString, services => StorageOutage.ReplaceTables(services)).UseClock(Now);

        var response = await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-c", "acct", new { status = "connected", checkedAt = Now.ToString("O") });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task ATenantWithFiveThousandAccountsListsCompletelyThroughPaging()
    {
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        _ = app.CreateClient();
        var table = new TableClient(app.ConnectionString, app.ConnectionsTable);
        await table.CreateIfNotExistsAsync();
        var state = StatusTransition.Apply(null, new ConnectionReport(ConnectionStatus.Connected, Now.AddMinutes(-1), ReportSource.Connector, Channel: Channel.Line), new StatusPolicy()).State!;
        var ids = Enumerable.Range(0, 5000).Select(i => $"acct-{i:D5}").ToList();
        await Parallel.ForEachAsync(ids.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
            await table.SubmitTransactionAsync(chunk.Select(id => new TableTransactionAction(TableTransactionActionType.Add, ConnectionEntity.From(new ConnectionKey("tenant-big", id), state, transitionCount: 0))), ct));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        var support = app.ClientWithKey(SupportKey);
        do
        {
            var url = "/api/tenants/tenant-big/connections?pageSize=1000" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await support.GetFromJsonAsync<ConnectionList>(url, ApiJson);
            seen.AddRange(page!.Items.Select(i => i.ChannelAccountId));
            token = page.ContinuationToken;
            Assert.True(++pages <= 10, "paging did not end");
        }
        while (token is not null);

        Assert.Equal(ids, seen);
        var summary = await support.GetFromJsonAsync<TenantSummary>("/api/tenants/tenant-big/connection-summary", ApiJson);
        Assert.Equal(5000, summary!.Total);
    }

    [Fact]
    public async Task ATenantIsRegisteredOnceNotOnEveryNewAccount()
    {
        var inserts = 0;
        StatusApplication app = null!;
        app = new StatusApplication(azurite.ConnectionString, services => FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == app.TenantsTable, (counted, _) =>
            counted.Setup(t => t.AddEntityAsync(It.IsAny<TableEntity>(), It.IsAny<CancellationToken>()))
                .Callback(() => Interlocked.Increment(ref inserts))
                .CallBase())).UseClock(Now);
        using var disposeApp = app;

        async Task ReportNewAccount(int i) =>
            Assert.Equal(HttpStatusCode.OK, (await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-once", $"acct-{i}", new { status = "connected", checkedAt = Now.ToString("O") })).StatusCode);

        await ReportNewAccount(0); // inserts the tenant (creating its table first, so maybe twice)
        var afterFirst = inserts;
        for (var i = 1; i < 5; i++)
        {
            await ReportNewAccount(i);
        }

        Assert.InRange(afterFirst, 1, 2);
        Assert.Equal(afterFirst, inserts);
        var tenants = await new TableClient(azurite.ConnectionString, app.TenantsTable).QueryAsync<TableEntity>().Select(e => e.RowKey).ToListAsync();
        Assert.Equal(["tenant-once"], tenants);
    }

    [Fact]
    public async Task ATenantIsRegisteredEvenWhenItsFirstRegistrationFailed()
    {
        // The tenants table fails once, the way a storage blip does; everything else is the real Azurite.
        var real = new TableServiceClient(azurite.ConnectionString);
        var blip = new StorageBlip(new RequestFailedException(503, "Server busy"));
        StatusApplication app = null!;
        app = new StatusApplication(azurite.ConnectionString, services => FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == app.TenantsTable, (flaky, table) =>
            flaky.Setup(t => t.AddEntityAsync(It.IsAny<TableEntity>(), It.IsAny<CancellationToken>()))
                .Returns((TableEntity entity, CancellationToken token) => blip.Pass(() => table.AddEntityAsync(entity, token))))).UseClock(Now);
        using var disposeApp = app;
        var report = new { status = "connected", checkedAt = Now.ToString("O"), reportId = "first" };

        var first = await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-r", "acct", report);
        var retry = await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-r", "acct", report);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var tenants = await real.GetTableClient(app.TenantsTable).QueryAsync<TableEntity>().Select(e => e.RowKey).ToListAsync();
        Assert.Equal(["tenant-r"], tenants);
    }
}
