using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using static ConnectionStatusFunctions.Testing.ReportBodies;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The outbox, its dispatcher and the events queue, against Azurite (docs/events.md).</summary>
// Long because the outbox's promises (owned by the transaction, handed off, swept, in order, never shown as an account) each need a process that dies at another point.
public sealed class EventTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private const string Tenant = "tenant-ev";

    /// <summary>An app with the in-process hand-off running (unless <paramref name="handOff"/> is false: a process that dies before it), and a recording sink beside the queue's.</summary>
    private StatusApplication App(RecordingSink? sink = null, bool handOff = true, Action<IServiceCollection>? services = null) =>
        new StatusApplication(azurite.ConnectionString, s =>
        {
            if (handOff)
            {
                s.AddHostedService<EventHandOffLoop>();
            }

            if (sink is not null)
            {
                s.AddSingleton<IEventSink>(sink);
            }

            services?.Invoke(s);
        }).UseClock(Now);

    private static TableClient Table(StatusApplication app) => new(app.ConnectionString, app.ConnectionsTable);

    /// <summary>
    /// An app whose transactions on the status table lose their answer once armed, with <paramref name="account"/>
    /// reported once (<paramref name="first"/>) and that report's event published and taken, so only what follows is seen.
    /// </summary>
    private async Task<(StatusApplication App, LostTransactionAnswers Lost)> AppLosingAnswersAsync(string account, object first)
    {
        var lost = new LostTransactionAnswers();
        StatusApplication app = null!;
        app = App(services: s => FaultyStorage.ReplaceTables(s, azurite.ConnectionString, name => name == app.ConnectionsTable, lost.Break));
        await PatchOkAsync(app.ClientWithKey(ConnectorKey), account, first);
        await WaitForEmptyOutboxAsync(app);
        _ = await TakeEventsAsync(app);
        return (app, lost);
    }

    private static async Task<List<OutboxEntity>> OutboxAsync(StatusApplication app, string tenant = Tenant)
    {
        var rows = new List<OutboxEntity>();
        await foreach (var row in Table(app).QueryAsync<OutboxEntity>(StatusRowKeys.OutboxRowsOf(tenant)))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Polls until the hand-off has emptied the tenant's outbox: every row is removed only after every sink took it.</summary>
    private static async Task WaitForEmptyOutboxAsync(StatusApplication app, string tenant = Tenant)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await OutboxAsync(app, tenant)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The hand-off did not publish the outbox within 60 s.");
            await Task.Delay(50);
        }
    }

    private static readonly Json.Schema.JsonSchema EventSchema = ContractSchemas.For(ApiContract.Build(), new System.Text.Json.Nodes.JsonObject { ["$ref"] = $"#/components/schemas/{nameof(AccountEventDocument)}" });

    /// <summary>Every message on the events queue, taken off it, parsed, each held to the contract's schema of an event.</summary>
    private static async Task<List<JsonElement>> TakeEventsAsync(StatusApplication app)
    {
        var queue = new QueueClient(app.ConnectionString, app.EventsQueue);
        var events = new List<JsonElement>();
        if (!await queue.ExistsAsync())
        {
            return events;
        }

        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromDays(1))).Value is { Length: > 0 } batch)
        {
            foreach (var message in batch)
            {
                Assert.True(EventSchema.Accepts(message.MessageText), $"The event does not match the contract's schema: {message.MessageText}");
                events.Add(JsonDocument.Parse(message.MessageText).RootElement.Clone());
            }
        }

        return events;
    }

    private static async Task PatchOkAsync(HttpClient client, string account, object report, string tenant = Tenant) =>
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, tenant, account, report)).StatusCode);

    private static string? Data(JsonElement e, string name) => e.GetProperty("data").GetProperty(name) is { ValueKind: not JsonValueKind.Null } value
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
        : null;

    private static async Task<string> IncarnationAsync(StatusApplication app, string account) =>
        (await Table(app).GetEntityAsync<ConnectionEntity>(Tenant, account)).Value.Incarnation!;

    [Fact]
    public async Task ABreakAndARecoveryAreTwoEventsInOrderAndDuplicatesAndStaleReportsAreNone()
    {
        using var app = App();
        var connector = app.ClientWithKey(ConnectorKey);
        await PatchOkAsync(connector, "line-1", Report("connected", Now.AddMinutes(-30)));
        await WaitForEmptyOutboxAsync(app);
        var first = Assert.Single(await TakeEventsAsync(app));
        Assert.Equal("connectionstatus.account.status_changed", first.GetProperty("type").GetString());

        const string Token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl";
        var broken = Report("error", Now.AddMinutes(-20), "auth_error", $"401, Authorization: Bearer {Token}", reportId: "r-break");
        await PatchOkAsync(connector, "line-1", broken);
        await PatchOkAsync(connector, "line-1", Report("connected", Now.AddMinutes(-10)));
        // A duplicate of the break, a stale report and a report that changes nothing write no outbox row.
        await PatchOkAsync(connector, "line-1", broken);
        await PatchOkAsync(connector, "line-1", Report("error", Now.AddMinutes(-15), "unknown"));
        await PatchOkAsync(connector, "line-1", Report("connected", Now.AddMinutes(-5)));
        await WaitForEmptyOutboxAsync(app);

        var events = (await TakeEventsAsync(app)).OrderBy(e => e.GetProperty("data").GetProperty("transition").GetInt64()).ToList();
        var incarnation = await IncarnationAsync(app, "line-1");
        Assert.Equal(2, events.Count);
        var (failure, recovery) = (events[0], events[1]);
        Assert.Equal($"{Tenant}/line-1/{incarnation}/2", failure.GetProperty("id").GetString());
        Assert.Equal($"{Tenant}/line-1/{incarnation}/3", recovery.GetProperty("id").GetString());
        Assert.All(events, e =>
        {
            Assert.Equal("1.0", e.GetProperty("specversion").GetString());
            Assert.Equal("connectionstatus.account.status_changed", e.GetProperty("type").GetString());
            Assert.Equal($"/tenants/{Tenant}", e.GetProperty("source").GetString());
            Assert.Equal("line-1", e.GetProperty("subject").GetString());
            Assert.Equal("application/json", e.GetProperty("datacontenttype").GetString());
            Assert.Equal(Tenant, Data(e, "tenantId"));
            Assert.Equal("line", Data(e, "channel"));
        });
        Assert.Equal(Now.AddMinutes(-20), failure.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(("connected", "error", "auth_error", "requires_reauth"), (Data(failure, "from"), Data(failure, "to"), Data(failure, "errorCategory"), Data(failure, "health")));
        Assert.StartsWith("401, Authorization: Bearer", Data(failure, "errorSummary"), StringComparison.Ordinal);
        Assert.DoesNotContain("c2lnbmF0dXJl", failure.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(new ActionTexts().AuthError, Data(failure, "recommendedAction"));
        Assert.Equal("2", Data(failure, "transition"));
        Assert.Equal(("error", "connected", null, "healthy"), (Data(recovery, "from"), Data(recovery, "to"), Data(recovery, "errorSummary"), Data(recovery, "health")));

        // The history holds exactly the transitions the events announced.
        var history = (await app.ClientWithKey(SupportKey).GetFromJsonAsync<TransitionList>($"/api/tenants/{Tenant}/connections/line-1/history", ApiJson))!;
        Assert.Equal(3, history.Items.Count);
    }

    [Fact]
    public async Task AReportWhoseConditionalWriteFailsOnEveryAttemptWritesNoEvent()
    {
        var rivals = false;
        using var app = App(services: s => StatusRowStorm.ReplaceTables(s, azurite.ConnectionString, () => Volatile.Read(ref rivals)));
        var connector = app.ClientWithKey(ConnectorKey);
        await PatchOkAsync(connector, "acct", Report("connected", Now.AddMinutes(-30)));
        await WaitForEmptyOutboxAsync(app);
        Assert.Single(await TakeEventsAsync(app));

        Volatile.Write(ref rivals, true);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PatchAsync(connector, Tenant, "acct", Report("error", Now.AddMinutes(-20), "unknown"))).StatusCode);

        Assert.Empty(await OutboxAsync(app));
        Assert.Empty(await TakeEventsAsync(app));
        Assert.Equal(1, (await Table(app).GetEntityAsync<ConnectionEntity>(Tenant, "acct")).Value.EventCount);
    }

    [Fact]
    public async Task FortyConcurrentReportsEachSentTwiceGiveAGaplessOrderedSequencePerAccount()
    {
        var sink = new RecordingSink();
        using var app = App(sink);
        string[] categories = ["auth_error", "rate_limit", "webhook_error", "unknown"];
        var accounts = Enumerable.Range(0, 4).Select(a => $"acct-{a}").ToList();
        var random = new Random(2112);
        var reports = accounts.SelectMany(account => Enumerable.Range(0, 10).Select(i => (Account: account, Body: (object)new
        {
            status = "error",
            checkedAt = Now.AddMinutes(-60 + i).ToString("O"),
            errorCategory = categories[i % categories.Length],
            reportId = $"{account}-r{i}",
        })));
        var sends = reports.Concat(reports).OrderBy(_ => random.Next()).ToList();

        var workers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            var client = app.ClientWithKey(ConnectorKey);
            foreach (var (account, body) in sends.Where((_, i) => i % 16 == w))
            {
                await PatchOkAsync(client, account, body);
            }
        }));
        await Task.WhenAll(workers);
        await WaitForEmptyOutboxAsync(app);

        var queued = await TakeEventsAsync(app);
        foreach (var account in accounts)
        {
            var row = (await Table(app).GetEntityAsync<ConnectionEntity>(Tenant, account)).Value;
            var expected = Enumerable.Range(1, (int)row.TransitionCount).Select(n => (long)n).ToList();

            // The sinks were handed each account's events in transition order, gapless, each once.
            Assert.Equal(expected, sink.Accepted.Where(e => e.ChannelAccountId == account).Select(e => e.Transition));

            // The queue keeps no order: after dedupe on id, the same transitions, each id its own.
            var onQueue = queued.Where(e => e.GetProperty("subject").GetString() == account).ToList();
            var ids = onQueue.Select(e => e.GetProperty("id").GetString()).Distinct(StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Count, ids.Count);
            Assert.Equal(expected, onQueue.Select(e => e.GetProperty("data").GetProperty("transition").GetInt64()).Distinct().Order());
            Assert.Equal(row.TransitionCount, row.EventCount);
        }
    }

    [Fact]
    public async Task FlappingSuppressesItsTransitionsAndAnnouncesItsStartAndStop()
    {
        var sink = new RecordingSink();
        using var app = App(sink);
        var connector = app.ClientWithKey(ConnectorKey);
        var pattern = "CECECECECECECE" + new string('C', 30);
        for (var i = 0; i < pattern.Length; i++)
        {
            var at = Now.AddHours(-10).AddMinutes(i * 5);
            await PatchOkAsync(connector, "flappy", pattern[i] == 'C' ? Report("connected", at) : Report("error", at, "unknown"));
        }

        await WaitForEmptyOutboxAsync(app);

        var types = sink.Accepted.Select(e => e.Type).ToList();
        var started = types.IndexOf(AccountEvents.TypeOf(AccountEventKind.FlappingStarted));
        Assert.True(started > 0);
        Assert.Equal(AccountEvents.TypeOf(AccountEventKind.FlappingStopped), types[started + 1]);
        Assert.Equal(started + 2, types.Count);
        Assert.All(types.Take(started), t => Assert.Equal(AccountEvents.TypeOf(AccountEventKind.StatusChanged), t));

        // Every transition is in the history, announced or not: the ones while flapping were suppressed.
        var row = (await Table(app).GetEntityAsync<ConnectionEntity>(Tenant, "flappy")).Value;
        Assert.Equal(pattern.TrimEnd('C').Length + 1, row.TransitionCount);
        Assert.True(row.TransitionCount > started + 1, "transitions while flapping were recorded, not announced");
        var queued = await TakeEventsAsync(app);
        Assert.Equal(types.Count, queued.Count);

        // The flapping events share their transition numbers; (incarnation, sequence) still orders them as written.
        Assert.Equal(
            sink.Accepted.Select(e => e.Id),
            queued.OrderBy(e => e.GetProperty("data").GetProperty("incarnation").GetString(), StringComparer.Ordinal).ThenBy(e => e.GetProperty("data").GetProperty("sequence").GetInt64()).Select(e => e.GetProperty("id").GetString()));

        // The flapping events have ids of their own, after the transition they share a number with.
        var flappingIds = sink.Accepted.Skip(started).Select(e => e.Id).ToList();
        Assert.All(flappingIds, id => Assert.Contains("/flapping-", id, StringComparison.Ordinal));
        Assert.Equal(sink.Accepted.Count, sink.Accepted.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task EventsOfAnAccountDeletedAndCreatedAgainSortByIncarnationThenSequence()
    {
        // No hand-off: both incarnations' events wait in the outbox and are published by one dispatch, as a slow receiver would meet them.
        var sink = new RecordingSink();
        using var app = App(sink, handOff: false);
        var connector = app.ClientWithKey(ConnectorKey);
        // Error categories in turn: each a transition, none flapping.
        string[] categories = ["auth_error", "rate_limit", "webhook_error", "unknown"];
        await PatchOkAsync(connector, "reborn", Report("connected", Now.AddMinutes(-60)));
        for (var i = 0; i < 5; i++)
        {
            await PatchOkAsync(connector, "reborn", Report("error", Now.AddMinutes(-50 + (i * 5)), categories[i % categories.Length]));
        }

        var oldIncarnation = await IncarnationAsync(app, "reborn");
        Assert.Equal(HttpStatusCode.NoContent, (await app.ClientWithKey(AdminKey).DeleteAsync($"/api/tenants/{Tenant}/connections/reborn")).StatusCode);

        // Relinked minutes after the deletion: a new incarnation, its transitions from 1 again, one more than the old one had.
        app.Clock!.Advance(TimeSpan.FromMinutes(30));
        await PatchOkAsync(connector, "reborn", Report("connected", Now.AddMinutes(5)));
        for (var i = 0; i < 6; i++)
        {
            await PatchOkAsync(connector, "reborn", Report("error", Now.AddMinutes(10 + i), categories[i % categories.Length]));
        }

        var newIncarnation = await IncarnationAsync(app, "reborn");
        await app.Services.GetRequiredService<EventDispatcher>().DispatchTenantAsync(Tenant, CancellationToken.None);

        // The true order: as written, which is the order the sinks were handed them.
        var written = sink.Accepted.Where(e => e.ChannelAccountId == "reborn").Select(e => e.Id).ToList();
        Assert.Equal(14, written.Count);
        var onQueue = (await TakeEventsAsync(app)).Where(e => e.GetProperty("subject").GetString() == "reborn").ToList();
        static string Incarnation(JsonElement e) => e.GetProperty("data").GetProperty("incarnation").GetString()!;
        static long Sequence(JsonElement e) => e.GetProperty("data").GetProperty("sequence").GetInt64();
        static long Transition(JsonElement e) => e.GetProperty("data").GetProperty("transition").GetInt64();

        // The documented rule (docs/events.md "Ordering an account's events") restores it from the events alone, whatever order the queue kept.
        var sorted = onQueue.OrderBy(Incarnation, StringComparer.Ordinal).ThenBy(Sequence).ToList();
        Assert.Equal(written, sorted.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([.. Enumerable.Repeat(oldIncarnation, 7), .. Enumerable.Repeat(newIncarnation, 7)], sorted.Select(Incarnation));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7], sorted.Select(Sequence));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 6, 1, 2, 3, 4, 5, 6, 7], sorted.Select(Transition));
        var deleted = sorted[6];
        Assert.Equal(AccountEvents.TypeOf(AccountEventKind.Deleted), deleted.GetProperty("type").GetString());
        Assert.Equal($"{Tenant}/reborn/{oldIncarnation}/6/deleted-7", deleted.GetProperty("id").GetString());
        Assert.All(sorted.Skip(7), e => Assert.True(string.CompareOrdinal(Incarnation(e), Incarnation(deleted)) > 0, "every event of the new incarnation sorts after the old one's deletion"));

        // Why the transition is no order: by it, the old deletion lands between the new incarnation's sixth and seventh events.
        var byTransition = onQueue.OrderBy(Transition).ThenBy(Incarnation, StringComparer.Ordinal).ThenBy(Sequence).Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.NotEqual(written, byTransition);
    }

    /// <summary>
    /// The report's transaction committed and its answer was lost. Either the SDK's retry of it conflicts with the row it
    /// wrote, and the report is answered as a duplicate; or the connection reset, the PATCH answers 503 (it may have been
    /// applied), and the connector's retry of it is a duplicate. Either way its event is handed off at once, not left for the
    /// sweep, and the retry publishes nothing more.
    /// </summary>
    [Theory]
    [InlineData(LostAnswer.Retried)]
    [InlineData(LostAnswer.Reset)]
    public async Task AReportWhoseWriteLandedWithItsAnswerLostHasItsEventHandedOffWithoutTheSweep(LostAnswer loss)
    {
        var (app, lost) = await AppLosingAnswersAsync("line-lost", Report("connected", Now.AddMinutes(-10)));
        using var disposeApp = app;
        var connector = app.ClientWithKey(ConnectorKey);
        var broken = Report("error", Now.AddMinutes(-5), "auth_error");
        lost.Arm(loss);

        var first = await PatchAsync(connector, Tenant, "line-lost", broken);
        if (loss == LostAnswer.Reset)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            var retry = await PatchAsync(connector, Tenant, "line-lost", broken);
            Assert.Equal("duplicate", (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.True(lost.Spent);
        await WaitForEmptyOutboxAsync(app);
        var published = Assert.Single(await TakeEventsAsync(app));
        Assert.Equal("error", Data(published, "to"));
    }

    /// <summary>
    /// A report or a deletion whose transaction committed with its answer lost to a reset is answered 503 (it may have been
    /// done), and its caller may never retry: the event is handed off with the 503, not left for the sweep.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AWriteAnswered503ThatLandedHasItsEventPublishedWithoutARetry(bool deletion)
    {
        var (app, lost) = await AppLosingAnswersAsync("line-never-retried", Report("connected", Now.AddMinutes(-10)));
        using var disposeApp = app;
        var connector = app.ClientWithKey(ConnectorKey);
        lost.Arm(LostAnswer.Reset);

        var answer = deletion
            ? await app.ClientWithKey(AdminKey).DeleteAsync($"/api/tenants/{Tenant}/connections/line-never-retried")
            : await PatchAsync(connector, Tenant, "line-never-retried", Report("error", Now.AddMinutes(-5), "auth_error"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.True(lost.Spent);
        await WaitForEmptyOutboxAsync(app);
        var published = Assert.Single(await TakeEventsAsync(app));
        Assert.Equal(AccountEvents.TypeOf(deletion ? AccountEventKind.Deleted : AccountEventKind.StatusChanged), published.GetProperty("type").GetString());
    }

    /// <summary>
    /// An account deletion whose transaction committed with its answer lost (503, it may have been done): the retry's 404
    /// says when the account was deleted, and the `deleted` event is published once.
    /// </summary>
    [Fact]
    public async Task ADeletionWhoseAnswerWasLostHasItsEventHandedOffByTheRetry()
    {
        var (app, lost) = await AppLosingAnswersAsync("line-lost-delete", Report("error", Now.AddMinutes(-10), "auth_error"));
        using var disposeApp = app;
        var admin = app.ClientWithKey(AdminKey);
        lost.Arm(LostAnswer.Reset);

        var first = await admin.DeleteAsync($"/api/tenants/{Tenant}/connections/line-lost-delete");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        var retry = await admin.DeleteAsync($"/api/tenants/{Tenant}/connections/line-lost-delete");

        Assert.True(lost.Spent);
        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
        await WaitForEmptyOutboxAsync(app);
        var published = Assert.Single(await TakeEventsAsync(app));
        Assert.EndsWith("deleted", published.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RowsLeftByAProcessThatDiedBeforeTheHandOffArePublishedByTheSweep()
    {
        // No hand-off: the write commits its outbox row, and nothing publishes it.
        using var app = App(handOff: false);
        await PatchOkAsync(app.ClientWithKey(ConnectorKey), "orphan", Report("error", Now.AddMinutes(-1), "unknown"));
        Assert.Single(await OutboxAsync(app));
        var distributor = app.Services.GetRequiredService<ProbeDistributor>();
        var sweep = app.Services.GetRequiredService<OutboxSweep>();

        // Younger than SweepAfter: the hand-off's, not the sweep's.
        Assert.Equal(0, await sweep.SweepAsync([Tenant], app.Clock!.GetUtcNow(), CancellationToken.None));

        app.Clock.Advance(new EventOptions().SweepAfter + TimeSpan.FromSeconds(1));
        await distributor.DistributeAsync(isPastDue: false, CancellationToken.None);
        var dispatch = new QueueClient(app.ConnectionString, app.DispatchQueue);
        var requests = (await dispatch.ReceiveMessagesAsync(32, TimeSpan.FromDays(1))).Value;
        var request = Assert.Single(requests);
        var summary = await app.Services.GetRequiredService<DispatchRequestHandler>().HandleAsync(request.MessageText, request.DequeueCount, CancellationToken.None);

        Assert.Equal(1, summary.Published);
        Assert.Empty(await OutboxAsync(app));
        var published = Assert.Single(await TakeEventsAsync(app));
        Assert.Equal("orphan", published.GetProperty("subject").GetString());
        Assert.Equal(0, await sweep.SweepAsync([Tenant], app.Clock.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task ASinkFailingForOneAccountHoldsBackItsLaterEventsWhileAnotherAccountsGoThrough()
    {
        var sink = new RecordingSink { Refuse = e => e.ChannelAccountId == "bad" };
        using var app = App(sink, handOff: false);
        var connector = app.ClientWithKey(ConnectorKey);
        await PatchOkAsync(connector, "bad", Report("connected", Now.AddMinutes(-30)));
        await PatchOkAsync(connector, "good", Report("connected", Now.AddMinutes(-30)));
        await PatchOkAsync(connector, "bad", Report("error", Now.AddMinutes(-20), "unknown"));
        await PatchOkAsync(connector, "good", Report("error", Now.AddMinutes(-20), "unknown"));
        var dispatcher = app.Services.GetRequiredService<EventDispatcher>();

        var summary = await dispatcher.DispatchTenantAsync(Tenant, CancellationToken.None);

        Assert.Equal(new DispatchSummary(2, 1), summary);
        Assert.Equal([("good", 1L), ("good", 2L)], sink.Accepted.Select(e => (e.ChannelAccountId, e.Transition)));
        Assert.Equal([1L, 2L], (await OutboxAsync(app)).Select(r => r.Transition));
        Assert.All(await OutboxAsync(app), r => Assert.Equal("bad", r.ChannelAccountId));

        // A later event of the held-back account waits behind the earlier ones.
        await PatchOkAsync(connector, "bad", Report("connected", Now.AddMinutes(-10)));
        await dispatcher.DispatchTenantAsync(Tenant, CancellationToken.None);
        Assert.Equal(3, (await OutboxAsync(app)).Count);

        sink.Refuse = null;
        Assert.Equal(new DispatchSummary(3, 0), await dispatcher.DispatchTenantAsync(Tenant, CancellationToken.None));
        Assert.Equal([1L, 2L, 3L], sink.Accepted.Where(e => e.ChannelAccountId == "bad").Select(e => e.Transition));
        Assert.Empty(await OutboxAsync(app));
    }

    [Fact]
    public async Task OutboxRowsNeverShowInListsTheAttentionListHistoryCountsOrTheSurvey()
    {
        using var app = App(handOff: false);
        var connector = app.ClientWithKey(ConnectorKey);
        var support = app.ClientWithKey(SupportKey);
        await PatchOkAsync(connector, "a", Report("error", Now.AddMinutes(-20), "unknown"));
        await PatchOkAsync(connector, "a", Report("connected", Now.AddMinutes(-10)));
        await PatchOkAsync(connector, "b", Report("disconnected", Now.AddMinutes(-10)));
        Assert.Equal(3, (await OutboxAsync(app)).Count);

        var list = (await support.GetFromJsonAsync<ConnectionList>($"/api/tenants/{Tenant}/connections", ApiJson))!;
        Assert.Equal(["a", "b"], list.Items.Select(i => i.ChannelAccountId).Order(StringComparer.Ordinal));
        Assert.Empty(list.Unreadable);
        var attention = (await support.GetFromJsonAsync<ConnectionList>($"/api/tenants/{Tenant}/connections?needsAttention=true", ApiJson))!;
        Assert.Equal(["b"], attention.Items.Select(i => i.ChannelAccountId));
        Assert.Equal(1, attention.Total);
        var history = (await support.GetFromJsonAsync<TransitionList>($"/api/tenants/{Tenant}/connections/a/history", ApiJson))!;
        Assert.Equal(2, history.Items.Count);
        var summary = (await support.GetFromJsonAsync<TenantSummary>($"/api/tenants/{Tenant}/connection-summary", ApiJson))!;
        Assert.Equal((2, 0), (summary.Total, summary.Unreadable));

        var survey = await app.Services.GetRequiredService<TenantStore>().SurveyAsync(Tenant, new ProbeOptions().ShardSize, CancellationToken.None);
        Assert.Equal(["a", "b"], survey.StatusRows.Select(r => r.ChannelAccountId).Order(StringComparer.Ordinal));
        var directory = (await support.GetFromJsonAsync<TenantList>("/api/tenants", ApiJson))!;
        Assert.Equal(1, Assert.Single(directory.Items, t => t.TenantId == Tenant).NeedsAttention);
    }

    [Fact]
    public void TheLargestEventAValidatedReportCanMakeFitsAQueueMessageAndATableProperty()
    {
        // Every character of the longest message one that JSON or the queue's XML body escapes most.
        var summary = new string('&', ReportValidator.MaxErrorMessageLength);
        var state = new ConnectionState(Channel.Line, null, ConnectionStatus.Error, Now, null, Now, Now, ErrorCategory.Unknown, new string('E', ReportValidator.MaxErrorCodeLength), summary, 1, FailureWindow.Empty, CheckHistory.Empty, false, ReportSource.Connector, null, null, null);
        var change = StatusChange.Between(null, state)!;
        var id = new string('t', Identifier.MaxLength);
        var health = HealthEvaluator.Evaluate(state, false, Now, new ActionTexts());
        var json = CloudEventJson.Of(AccountEvents.Of(AccountEventKind.StatusChanged, id, id, Guid.NewGuid().ToString("N"), long.MaxValue, long.MaxValue, null, state, change, health));

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(System.Security.SecurityElement.Escape(json)) < EventsQueueSink.MaxMessageBytes);
        Assert.True(json.Length * 2 < 64 * 1024, "a table string property holds 64 KiB of UTF-16");
        Assert.Equal(summary, JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("errorSummary").GetString());
    }

    /// <summary>A sink beside the queue's that records what it took, in order, and refuses what <see cref="Refuse"/> picks.</summary>
    private sealed class RecordingSink : IEventSink
    {
        private readonly ConcurrentQueue<OutgoingEvent> _accepted = new();

        public Func<OutgoingEvent, bool>? Refuse { get; set; }

        public IReadOnlyList<OutgoingEvent> Accepted => [.. _accepted];

        public Task AcceptAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken)
        {
            if (Refuse is { } refuse && events.Any(refuse))
            {
                throw new InvalidOperationException("This receiver is down.");
            }

            foreach (var e in events)
            {
                _accepted.Enqueue(e);
            }

            return Task.CompletedTask;
        }
    }
}
