using System.Diagnostics.Metrics;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Service.Telemetry;
using ConnectionStatusFunctions.Service.Webhooks;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using static ConnectionStatusFunctions.Service.Tests.WebhookTesting;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The sink and its delivery runs against a receiver on 127.0.0.1, on a fake clock: in order per
/// account, retried with the same webhook-id, signed (checked with the StandardWebhooks library's
/// verifier), given up, and a subscription that keeps failing disabled.
/// Long because ordering, retries, signatures, giving up and disabling are observed at a real receiver on a fake clock, each with its own receiver set-up.
/// </summary>
public sealed class WebhookDeliveryTests(Azurite azurite) : IClassFixture<Azurite>
{
    /// <summary>The shortest waits the settings allow, so a test moves its clock by minutes, within the verifier's five-minute tolerance of the real time the signature is checked at.</summary>
    private static readonly Dictionary<string, string?> QuickRetries = new()
    {
        ["Webhooks:FirstRetryDelay"] = "00:00:30",
        ["Webhooks:MaxRetryDelay"] = "00:01:00",
        ["Webhooks:GiveUpAfter"] = "00:01:00",
    };

    // The verifier checks webhook-timestamp against the real clock, so the fake one starts there.
    private StatusApplication App() => new StatusApplication(azurite.ConnectionString, settings: QuickRetries).UseClock(DateTimeOffset.UtcNow);

    [Fact]
    public async Task AReceiverAnswering500Then200GetsTheSameIdAgainAndNothingAfterItJumpsAhead()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = App();
        var (id, secret) = await SubscribeAsync(app, "tenant-order", receiver.Url("a"));
        receiver.AnswerWith(500);
        var deliveries = app.Services.GetRequiredService<WebhookDeliveries>();

        await app.Services.GetRequiredService<WebhookSink>().AcceptAsync([Event("tenant-order", "acct-1", 1), Event("tenant-order", "acct-1", 2)], CancellationToken.None);
        await receiver.WaitForAsync(1);
        // Waits for the sink's run to end; the second event waits behind the first's retry.
        await deliveries.DeliverDueAsync("tenant-order", CancellationToken.None);
        Assert.Single(receiver.Received);
        var failed = await SubscriptionAsync(app, "tenant-order", id);
        Assert.Equal((1, "HTTP 500"), (failed["consecutiveFailures"]!.GetValue<int>(), failed["lastFailureReason"]!.GetValue<string>()));

        app.Clock!.Advance(TimeSpan.FromMinutes(1));
        await deliveries.DeliverDueAsync("tenant-order", CancellationToken.None);

        var received = await receiver.WaitForAsync(3);
        Assert.Equal(["tenant-order/acct-1/1/1", "tenant-order/acct-1/1/1", "tenant-order/acct-1/1/2"], received.Select(d => d.Id));
        Assert.Equal([500, 200, 200], received.Select(d => d.AnsweredWith));
        var verifier = new StandardWebhook(secret);
        foreach (var delivery in received)
        {
            verifier.Verify(delivery.Body, delivery.Headers);
            Assert.Equal("application/cloudevents+json; charset=utf-8", delivery.Headers.ContentType.ToString());
        }

        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(received[2].Body.Replace("\"transition\":2", "\"transition\":3", StringComparison.Ordinal), received[2].Headers));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(WebhookSecret.Create()).Verify(received[2].Body, received[2].Headers));
        var healthy = await SubscriptionAsync(app, "tenant-order", id);
        Assert.Equal(0, healthy["consecutiveFailures"]!.GetValue<int>());
        Assert.NotNull(healthy["lastSuccessAt"]);
    }

    /// <summary>
    /// A receiver is someone else's server: with tracing on (a listener sampling every span of the app, as an exporter
    /// does), a delivery still carries the documented headers and no trace context of ours.
    /// </summary>
    [Fact]
    public async Task ADeliveryCarriesNoTraceContextWhenTracingIsOn()
    {
        const string Tenant = "tenant-no-trace";
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = App();
        await SubscribeAsync(app, Tenant, receiver.Url("a"));
        var sampled = 0;
        using var tracing = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == StatusTelemetry.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> options) =>
                options.Name == WebhookDeliveries.RunSpan && options.Tags?.Any(t => t.Key == "tenant.id" && Equals(t.Value, Tenant)) == true
                    ? System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded
                    : System.Diagnostics.ActivitySamplingResult.None,
            ActivityStarted = _ => Interlocked.Increment(ref sampled),
        };
        System.Diagnostics.ActivitySource.AddActivityListener(tracing);

        await app.Services.GetRequiredService<WebhookSink>().AcceptAsync([Event(Tenant, "acct-1", 1)], CancellationToken.None);
        var delivery = Assert.Single(await receiver.WaitForAsync(1));

        Assert.True(sampled > 0, "the delivery ran inside a sampled span");
        Assert.Equal("tenant-no-trace/acct-1/1/1", delivery.Id);
        string[] traceHeaders = ["traceparent", "tracestate", "baggage", "Request-Id", "Correlation-Context"];
        Assert.All(traceHeaders, header => Assert.False(delivery.Headers.ContainsKey(header), $"the delivery carried {header}"));
    }

    /// <summary>
    /// End to end: reports over HTTP, their outbox rows, the dispatcher and the sink, the delivery run, the receiver.
    /// A break and a recovery are exactly two signed deliveries, in order; a duplicate and a stale report add none.
    /// </summary>
    [Fact]
    public async Task ABreakAndARecoveryReportedOverHttpReachTheReceiverAsTwoSignedEventsInOrder()
    {
        const string Tenant = "tenant-e2e";
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = App();
        var now = app.Clock!.GetUtcNow();
        var connector = app.ClientWithKey(StatusApplication.ConnectorKey);
        var dispatcher = app.Services.GetRequiredService<Service.Events.EventDispatcher>();
        var deliveries = app.Services.GetRequiredService<WebhookDeliveries>();
        async Task PatchAsync(object report) =>
            Assert.Equal(System.Net.HttpStatusCode.OK, (await StatusApplication.PatchAsync(connector, Tenant, "line-1", report)).StatusCode);

        await PatchAsync(ReportBodies.Report("connected", now.AddMinutes(-30)));
        await dispatcher.DispatchTenantAsync(Tenant, CancellationToken.None);
        var (_, secret) = await SubscribeAsync(app, Tenant, receiver.Url("a"));

        var broken = ReportBodies.Report("error", now.AddMinutes(-20), "auth_error", "401 token revoked", reportId: "r-break");
        await PatchAsync(broken);
        await PatchAsync(ReportBodies.Report("connected", now.AddMinutes(-10)));
        await PatchAsync(broken);
        await PatchAsync(ReportBodies.Report("error", now.AddMinutes(-15), "unknown"));
        await dispatcher.DispatchTenantAsync(Tenant, CancellationToken.None);
        await deliveries.DeliverDueAsync(Tenant, CancellationToken.None);

        var received = await receiver.WaitForAsync(2);
        Assert.Equal(2, received.Count);
        var verifier = new StandardWebhook(secret);
        foreach (var delivery in received)
        {
            verifier.Verify(delivery.Body, delivery.Headers);
        }

        var bodies = received.Select(d => System.Text.Json.JsonDocument.Parse(d.Body).RootElement).ToList();
        Assert.Equal([2L, 3L], bodies.Select(b => b.GetProperty("data").GetProperty("transition").GetInt64()));
        Assert.Equal(["error", "connected"], bodies.Select(b => b.GetProperty("data").GetProperty("to").GetString()));
        Assert.All(bodies, b => Assert.Equal(WebhookEventTypes.StatusChanged, b.GetProperty("type").GetString()));
        Assert.Equal(received.Select(d => d.Id), bodies.Select(b => b.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task AnEventOfferedAgainWritesNothingNewAndIsSentOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = App();
        await SubscribeAsync(app, "tenant-twice", receiver.Url("a"));
        var sink = app.Services.GetRequiredService<WebhookSink>();

        await sink.AcceptAsync([Event("tenant-twice", "acct-1", 1)], CancellationToken.None);
        await sink.AcceptAsync([Event("tenant-twice", "acct-1", 1)], CancellationToken.None);
        await receiver.WaitForAsync(1);
        await app.Services.GetRequiredService<WebhookDeliveries>().DeliverDueAsync("tenant-twice", CancellationToken.None);

        Assert.Single(receiver.Received);
        var rows = new TableClient(azurite.ConnectionString, app.WebhooksTable).QueryAsync<TableEntity>(r => r.PartitionKey == "tenant-twice");
        Assert.Equal(1, await rows.CountAsync(r => r.RowKey.StartsWith("d|", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A delivery row that is already there and pending when its event is offered (its first insert landed with its answer
    /// lost, and the retry met the row): the lane is nudged all the same, so the event goes at once, not at the sweep.
    /// </summary>
    [Fact]
    public async Task AnEventWhoseDeliveryRowIsAlreadyThereAndPendingIsSentWithoutTheSweep()
    {
        const string Tenant = "tenant-row-there";
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = App();
        await SubscribeAsync(app, Tenant, receiver.Url("a"));
        var store = app.Services.GetRequiredService<WebhookStore>();
        // The row as the lost insert left it: written, no lane nudged.
        await store.AddDeliveriesAsync(await store.ListAsync(Tenant, CancellationToken.None), [Event(Tenant, "acct-1", 1)], CancellationToken.None);

        await app.Services.GetRequiredService<WebhookSink>().AcceptAsync([Event(Tenant, "acct-1", 1)], CancellationToken.None);

        var received = await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30));
        Assert.Equal($"{Tenant}/acct-1/1/1", Assert.Single(received).Id);
    }

    [Fact]
    public async Task OnlySubscriptionsWhoseFiltersMatchGetTheEvent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = App();
        await SubscribeAsync(app, "tenant-filter", receiver.Url("every"));
        await SubscribeAsync(app, "tenant-filter", receiver.Url("facebook"), channels: ["facebook"]);
        await SubscribeAsync(app, "tenant-filter", receiver.Url("flapping"), eventTypes: [WebhookEventTypes.FlappingStarted]);
        await SubscribeAsync(app, "tenant-filter", receiver.Url("line-changes"), eventTypes: [WebhookEventTypes.StatusChanged], channels: ["line"]);

        await app.Services.GetRequiredService<WebhookSink>().AcceptAsync([Event("tenant-filter", "acct-1", 1)], CancellationToken.None);
        await receiver.WaitForAsync(2);
        await app.Services.GetRequiredService<WebhookDeliveries>().DeliverDueAsync("tenant-filter", CancellationToken.None);

        Assert.Equal(["/hooks/every", "/hooks/line-changes"], receiver.Received.Select(d => d.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ADeliveryStillFailingAfterGiveUpAfterIsGivenUpAndDisablesASubscriptionThatNeverSucceededSinceWhichThenGetsNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = App();
        var counted = CountDeliveries(app);
        var (id, _) = await SubscribeAsync(app, "tenant-dead", receiver.Url("a"));
        receiver.AnswerWith(500, 500);
        var deliveries = app.Services.GetRequiredService<WebhookDeliveries>();
        var sink = app.Services.GetRequiredService<WebhookSink>();

        await sink.AcceptAsync([Event("tenant-dead", "acct-1", 1), Event("tenant-dead", "acct-1", 2)], CancellationToken.None);
        await receiver.WaitForAsync(1);
        await deliveries.DeliverDueAsync("tenant-dead", CancellationToken.None);
        // The second failure's next wait would end past Webhooks:GiveUpAfter (one minute) from the first attempt.
        app.Clock!.Advance(TimeSpan.FromMinutes(1));
        await deliveries.DeliverDueAsync("tenant-dead", CancellationToken.None);

        var disabled = await SubscriptionAsync(app, "tenant-dead", id);
        Assert.Equal("disabled", disabled["state"]!.GetValue<string>());
        Assert.Equal((2, "HTTP 500"), (disabled["consecutiveFailures"]!.GetValue<int>(), disabled["lastFailureReason"]!.GetValue<string>()));
        Assert.NotNull(disabled["disabledAt"]);
        Assert.Null(disabled["lastSuccessAt"]);

        await sink.AcceptAsync([Event("tenant-dead", "acct-1", 3), Event("tenant-dead", "acct-2", 1)], CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await deliveries.DeliverDueAsync("tenant-dead", CancellationToken.None);

        Assert.Equal(["tenant-dead/acct-1/1/1", "tenant-dead/acct-1/1/1"], receiver.Received.Select(d => d.Id));
        Assert.Equal((0L, 1L, 1L), (counted("delivered"), counted("retried"), counted("failed")));
    }

    [Fact]
    public async Task DeletingASubscriptionDropsItsPendingDeliveries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = App();
        var (id, _) = await SubscribeAsync(app, "tenant-gone", receiver.Url("a"));
        receiver.AnswerWith(500);
        await app.Services.GetRequiredService<WebhookSink>().AcceptAsync([Event("tenant-gone", "acct-1", 1), Event("tenant-gone", "acct-1", 2)], CancellationToken.None);
        await receiver.WaitForAsync(1);
        var store = app.Services.GetRequiredService<WebhookStore>();
        // Waits for the sink's run; both deliveries stay pending behind the failed first one.
        await app.Services.GetRequiredService<WebhookDeliveries>().DeliverDueAsync("tenant-gone", CancellationToken.None);
        Assert.Equal(2, (await store.ListPendingAsync("tenant-gone", CancellationToken.None)).Count);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await app.ClientWithKey(StatusApplication.AdminKey).DeleteAsync($"/api/tenants/tenant-gone/webhooks/{id}")).StatusCode);

        Assert.Empty(await store.ListPendingAsync("tenant-gone", CancellationToken.None));
    }

    [Fact]
    public async Task TheSweepSendsWhatAProcessLeftBehind()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = App();
        var (id, _) = await SubscribeAsync(app, "tenant-left", receiver.Url("a"));
        // A delivery row written as the sink writes it, by a process that died before its run.
        var subscription = await app.Services.GetRequiredService<WebhookStore>().GetAsync("tenant-left", id, CancellationToken.None);
        await app.Services.GetRequiredService<WebhookStore>().AddDeliveriesAsync([subscription!], [Event("tenant-left", "acct-1", 1)], CancellationToken.None);

        await app.Services.GetRequiredService<WebhookSweep>().RunAsync(CancellationToken.None);

        Assert.Equal(["tenant-left/acct-1/1/1"], receiver.Received.Select(d => d.Id));
    }

    /// <summary>The app's own webhook delivery counter, by outcome; other apps' meters are not listened to.</summary>
    private static Func<string, long> CountDeliveries(StatusApplication app)
    {
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StatusTelemetry.Name && instrument.Name == "connection_status.webhook_deliveries" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    counts.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
                }
            }
        });
        listener.Start();
        _ = app.Services.GetRequiredService<StatusTelemetry>();
        return outcome => counts.GetValueOrDefault(outcome);
    }

    [Fact]
    public async Task AReceiverThatHangsDoesNotHoldUpAnotherSubscriptionOfItsTenant()
    {
        const string Tenant = "tenant-lanes";
        await using var hanging = await WebhookReceiver.StartAsync();
        await using var healthy = await WebhookReceiver.StartAsync();
        // Held open far past the longest timeout the settings allow: while it hangs, the other receiver gets everything.
        hanging.AnswerAfter = TimeSpan.FromMinutes(5);
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>(QuickRetries) { ["Webhooks:DeliveryTimeout"] = "00:01:00" }).UseClock(DateTimeOffset.UtcNow);
        await SubscribeAsync(app, Tenant, hanging.Url("hangs"));
        await SubscribeAsync(app, Tenant, healthy.Url("answers"));

        await app.Services.GetRequiredService<WebhookSink>().AcceptAsync([.. Enumerable.Range(1, 6).Select(i => Event(Tenant, $"acct-{i}", 1))], CancellationToken.None);

        var delivered = await healthy.WaitForAsync(6);
        Assert.Equal(6, delivered.Select(d => d.Id).Distinct().Count());
        Assert.InRange(hanging.Received.Count, 0, WebhookDeliveries.AccountsAtOnce);
    }

    /// <summary>
    /// Each subscription's deliveries run on their own: a receiver still answering (held by the test,
    /// within the longest timeout the settings allow) holds up neither the first nor the next event
    /// of another subscription of its tenant, and the event that came while it was answering is not
    /// left for the sweep but follows as soon as it answers.
    /// </summary>
    [Fact]
    public async Task AReceiverStillAnsweringDoesNotHoldUpTheNextEventToAnotherSubscriptionOfItsTenant()
    {
        const string Tenant = "tenant-lanes-apart";
        await using var slow = await WebhookReceiver.StartAsync();
        await using var quick = await WebhookReceiver.StartAsync();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slow.AnswerWhen = answer.Task;
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>(QuickRetries) { ["Webhooks:DeliveryTimeout"] = "00:01:00" }).UseClock(DateTimeOffset.UtcNow);
        await SubscribeAsync(app, Tenant, slow.Url("slow"));
        await SubscribeAsync(app, Tenant, quick.Url("quick"));
        var sink = app.Services.GetRequiredService<WebhookSink>();

        try
        {
            await sink.AcceptAsync([Event(Tenant, "acct-1", 1)], CancellationToken.None);
            await slow.WaitForAsync(1);
            Assert.Equal([$"{Tenant}/acct-1/1/1"], (await quick.WaitForAsync(1, TimeSpan.FromSeconds(30))).Select(d => d.Id));

            await sink.AcceptAsync([Event(Tenant, "acct-1", 2)], CancellationToken.None);

            // Half the timeout the slow receiver is still answering within: it cannot have ended for the second event to arrive.
            Assert.Equal([$"{Tenant}/acct-1/1/1", $"{Tenant}/acct-1/1/2"], (await quick.WaitForAsync(2, TimeSpan.FromSeconds(30))).Select(d => d.Id));
            Assert.Single(slow.Received);
        }
        finally
        {
            answer.TrySetResult();
        }

        // No sweep and no other call: only the slow lane looking again before it ends sends the second event.
        Assert.Equal([$"{Tenant}/acct-1/1/1", $"{Tenant}/acct-1/1/2"], (await slow.WaitForAsync(2)).Select(d => d.Id));
        Assert.Equal([200, 200], slow.Received.Select(d => d.AnsweredWith));
    }

    [Fact]
    public async Task AReceiverThatFailsCostsOneRoundOfAttemptsPerRunNotOnePerAccount()
    {
        const string Tenant = "tenant-breaker";
        await using var failing = await WebhookReceiver.StartAsync();
        failing.AnswerWith([.. Enumerable.Repeat(500, 100)]);
        using var app = App();
        var (id, _) = await SubscribeAsync(app, Tenant, failing.Url("fails"));
        var deliveries = app.Services.GetRequiredService<WebhookDeliveries>();

        // Written as the sink writes them, without its nudge: one run, the test's own.
        var store = app.Services.GetRequiredService<WebhookStore>();
        await store.AddDeliveriesAsync(await store.ListAsync(Tenant, CancellationToken.None), [.. Enumerable.Range(1, 12).Select(i => Event(Tenant, $"acct-{i}", 1))], CancellationToken.None);
        await deliveries.DeliverDueAsync(Tenant, CancellationToken.None);

        // It stops after AccountsAtOnce errors in a row; as many less one may already be under way by then.
        var attempts = failing.Received.Count;
        Assert.InRange(attempts, WebhookDeliveries.AccountsAtOnce, (2 * WebhookDeliveries.AccountsAtOnce) - 1);
        Assert.Equal(attempts, (await SubscriptionAsync(app, Tenant, id))["consecutiveFailures"]!.GetValue<int>());
        // The deliveries it did not start are still pending, and go out when the receiver answers again.
        app.Clock!.Advance(TimeSpan.FromMinutes(1));
        failing.ClearAnswers();
        while (failing.Received.Count < attempts + 12 && await deliveries.DeliverDueAsync(Tenant, CancellationToken.None) > 0)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(12, failing.Received.Where(d => d.AnsweredWith == 200).Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public async Task AReceiverRefusingOneAccountsEventHoldsUpOnlyThatAccountNotTheOthersOfTheRun()
    {
        const string Tenant = "tenant-one-refused";
        await using var receiver = await WebhookReceiver.StartAsync();
        // The first event to arrive, whichever account's it is, is refused; every other one is taken.
        receiver.AnswerWith(500);
        using var app = App();
        var (id, _) = await SubscribeAsync(app, Tenant, receiver.Url("picky"));
        var store = app.Services.GetRequiredService<WebhookStore>();
        await store.AddDeliveriesAsync(await store.ListAsync(Tenant, CancellationToken.None), [.. Enumerable.Range(1, 12).Select(i => Event(Tenant, $"acct-{i:D2}", 1))], CancellationToken.None);

        Assert.Equal(12, await app.Services.GetRequiredService<WebhookDeliveries>().DeliverDueAsync(Tenant, CancellationToken.None));

        Assert.Equal(12, receiver.Received.Count);
        var refused = Assert.Single(receiver.Received, d => d.AnsweredWith == 500);
        Assert.Equal(11, receiver.Received.Where(d => d.AnsweredWith == 200).Select(d => d.Id).Distinct().Count());
        Assert.DoesNotContain(receiver.Received, d => d.AnsweredWith == 200 && d.Id == refused.Id);
        Assert.Equal("active", (await SubscriptionAsync(app, Tenant, id))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARetryGoesWhenItIsDueWithoutWaitingForTheSweep()
    {
        const string Tenant = "tenant-retry-timer";
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerWith(500);
        using var app = App();

        await SubscribeAsync(app, Tenant, receiver.Url("a"));
        await app.Services.GetRequiredService<WebhookSink>().AcceptAsync([Event(Tenant, "acct-1", 1)], CancellationToken.None);
        await receiver.WaitForAsync(1);
        // The first run ends (the failure recorded, the retry scheduled) before the clock moves.
        await app.Services.GetRequiredService<WebhookDeliveries>().DeliverDueAsync(Tenant, CancellationToken.None);

        // No sweep, no new event: only the retry's own timer can send it again.
        app.Clock!.Advance(TimeSpan.FromSeconds(30));

        var received = await receiver.WaitForAsync(2);
        Assert.Equal([500, 200], received.Select(d => d.AnsweredWith));
        Assert.Equal(received[0].Id, received[1].Id);
    }

    /// <summary>
    /// Two accounts' retries in one lane, at their own jittered times: the lane's one timer waits for
    /// the earlier, and the run it starts, meeting the later one not yet due, sets the timer for it,
    /// so that retry too goes at its time without the sweep.
    /// </summary>
    [Fact]
    public async Task EachRetryOfALaneGoesWhenItIsDueWithoutWaitingForTheSweep()
    {
        const string Tenant = "tenant-retry-each";
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerWith(500, 500);
        using var app = App();
        await SubscribeAsync(app, Tenant, receiver.Url("a"));
        var store = app.Services.GetRequiredService<WebhookStore>();
        var deliveries = app.Services.GetRequiredService<WebhookDeliveries>();

        // Written as the sink writes them, without its nudge, one account per run: each run's one attempt fails.
        foreach (var account in new[] { "acct-1", "acct-2" })
        {
            await store.AddDeliveriesAsync(await store.ListAsync(Tenant, CancellationToken.None), [Event(Tenant, account, 1)], CancellationToken.None);
            await deliveries.DeliverDueAsync(Tenant, CancellationToken.None);
        }

        var retries = (await store.ListPendingAsync(Tenant, CancellationToken.None)).Select(d => d.NextAttemptAt).Order().ToList();
        Assert.Equal(2, retries.Count);

        // A millisecond past each: the table may keep the time less finely than the timer's.
        app.Clock!.Advance(retries[0] - app.Clock.GetUtcNow() + TimeSpan.FromMilliseconds(1));
        await receiver.WaitForAsync(3);
        // The timer's run has ended (its one retry sent, the other met not yet due) before the clock moves on.
        await deliveries.DeliverDueAsync(Tenant, CancellationToken.None);
        Assert.Equal(3, receiver.Received.Count);
        app.Clock.Advance(retries[1] - app.Clock.GetUtcNow() + TimeSpan.FromMilliseconds(1));

        var received = await receiver.WaitForAsync(4, TimeSpan.FromSeconds(30));
        Assert.Equal([500, 500, 200, 200], received.Select(d => d.AnsweredWith));
        Assert.Equal([$"{Tenant}/acct-1/1/1", $"{Tenant}/acct-2/1/1"], received.Skip(2).Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A run serves its accounts in rounds, each account's next delivery per round, oldest pending
    /// first: an account with one event, written after every event of four busier accounts with
    /// smaller ids, goes in the first round, not after all of theirs; each account's still go in order.
    /// </summary>
    [Fact]
    public async Task AQuietAccountsOneEventGoesInTheRunsFirstRoundNotAfterEveryEventOfBusierAccounts()
    {
        const string Tenant = "tenant-fair";
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>(QuickRetries) { ["Webhooks:DeliveryTimeout"] = "00:01:00" }).UseClock(DateTimeOffset.UtcNow);
        await SubscribeAsync(app, Tenant, receiver.Url("a"));
        var store = app.Services.GetRequiredService<WebhookStore>();
        var subscriptions = await store.ListAsync(Tenant, CancellationToken.None);
        string[] busy = ["acct-01", "acct-02", "acct-03", "acct-04"];
        // Written as the sink writes them, without its nudge: one run, the test's own.
        await store.AddDeliveriesAsync(subscriptions, [.. busy.SelectMany(account => Enumerable.Range(1, 10).Select(n => Event(Tenant, account, n)))], CancellationToken.None);
        app.Clock!.Advance(TimeSpan.FromSeconds(1));
        await store.AddDeliveriesAsync(subscriptions, [Event(Tenant, "acct-99", 1)], CancellationToken.None);

        Assert.Equal(41, await app.Services.GetRequiredService<WebhookDeliveries>().DeliverDueAsync(Tenant, CancellationToken.None));

        var received = receiver.Received.Select(d => d.Id).ToList();
        Assert.Equal(41, received.Count);
        Assert.Contains($"{Tenant}/acct-99/1/1", received.Take(busy.Length + 1));
        foreach (var account in busy)
        {
            Assert.Equal(Enumerable.Range(1, 10).Select(n => $"{Tenant}/{account}/1/{n}"), received.Where(id => id.Contains($"/{account}/", StringComparison.Ordinal)));
        }
    }

    /// <summary>
    /// A quiet account's event written while a run is serving a busy account (the sink's nudge asks the lane to look
    /// again) joins the run at its next round, rather than waiting for every event the run listed when it started.
    /// </summary>
    [Fact]
    public async Task AQuietAccountsEventWrittenDuringARunJoinsItsNextRoundNotItsEnd()
    {
        const string Tenant = "tenant-joins";
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerAfter = TimeSpan.FromMilliseconds(100);
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>(QuickRetries) { ["Webhooks:DeliveryTimeout"] = "00:01:00" }).UseClock(DateTimeOffset.UtcNow);
        var (id, _) = await SubscribeAsync(app, Tenant, receiver.Url("a"));
        var store = app.Services.GetRequiredService<WebhookStore>();
        var deliveries = app.Services.GetRequiredService<WebhookDeliveries>();
        var subscriptions = await store.ListAsync(Tenant, CancellationToken.None);
        await store.AddDeliveriesAsync(subscriptions, [.. Enumerable.Range(1, 20).Select(n => Event(Tenant, "acct-busy", n))], CancellationToken.None);

        var run = deliveries.DeliverDueAsync(Tenant, CancellationToken.None);
        await receiver.WaitForAsync(2);
        app.Clock!.Advance(TimeSpan.FromSeconds(1));
        await store.AddDeliveriesAsync(subscriptions, [Event(Tenant, "acct-quiet", 1)], CancellationToken.None);
        deliveries.Nudge(Tenant, [id]);
        await run;

        var received = (await receiver.WaitForAsync(21, TimeSpan.FromSeconds(60))).Select(d => d.Id).ToList();
        Assert.InRange(received.IndexOf($"{Tenant}/acct-quiet/1/1"), 2, 10);
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"{Tenant}/acct-busy/1/{n}"), received.Where(r => r.Contains("/acct-busy/", StringComparison.Ordinal)));
    }

    /// <summary>
    /// An account's retry whose timer fires while a run is serving a busy account (the run had met the retry not yet due
    /// and stopped the account): the run's mid-run listing answers the timer's ask but cannot restart the account, so the
    /// lane runs once more after it and the retry goes then, not at the sweep.
    /// </summary>
    [Fact]
    public async Task ARetryFallingDueDuringABusyRunGoesRightAfterItNotAtTheSweep()
    {
        const string Tenant = "tenant-retry-mid-run";
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerWith(500);
        receiver.AnswerAfter = TimeSpan.FromMilliseconds(100);
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>(QuickRetries) { ["Webhooks:DeliveryTimeout"] = "00:01:00" }).UseClock(DateTimeOffset.UtcNow);
        await SubscribeAsync(app, Tenant, receiver.Url("a"));
        var store = app.Services.GetRequiredService<WebhookStore>();
        var deliveries = app.Services.GetRequiredService<WebhookDeliveries>();
        var subscriptions = await store.ListAsync(Tenant, CancellationToken.None);
        // Written as the sink writes them, without its nudge: the runs are the test's own.
        await store.AddDeliveriesAsync(subscriptions, [Event(Tenant, "acct-retry", 1)], CancellationToken.None);
        await deliveries.DeliverDueAsync(Tenant, CancellationToken.None);
        var retryAt = Assert.Single(await store.ListPendingAsync(Tenant, CancellationToken.None)).NextAttemptAt;
        await store.AddDeliveriesAsync(subscriptions, [.. Enumerable.Range(1, 20).Select(n => Event(Tenant, "acct-busy", n))], CancellationToken.None);

        var run = deliveries.DeliverDueAsync(Tenant, CancellationToken.None);
        await receiver.WaitForAsync(3);
        // A millisecond past it: the table may keep the time less finely than the timer's.
        app.Clock!.Advance(retryAt - app.Clock.GetUtcNow() + TimeSpan.FromMilliseconds(1));
        await run;

        // No sweep from here on: only a run the lane starts itself can send the retry.
        var received = await receiver.WaitForAsync(22, TimeSpan.FromSeconds(30));
        Assert.Equal([500, 200], received.Where(d => d.Id == $"{Tenant}/acct-retry/1/1").Select(d => d.AnsweredWith));
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"{Tenant}/acct-busy/1/{n}"), received.Select(d => d.Id).Where(id => id.Contains("/acct-busy/", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Forty deliveries in one run, four accounts at once: the subscription's health is written once for
    /// the run, not once per delivery, so the run does not contend with itself for the row.
    /// </summary>
    [Fact]
    public async Task ABurstOfFortyDeliveriesInOneRunRecordsTheSubscriptionsHealthOnce()
    {
        const string Tenant = "tenant-burst";
        var healthWrites = 0;
        var logs = new CapturedLogs();
        StatusApplication app = null!;
        app = new StatusApplication(azurite.ConnectionString, services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == app.WebhooksTable, (counted, table) =>
                counted.Setup(t => t.UpdateEntityAsync(It.IsAny<TableEntity>(), It.IsAny<Azure.ETag>(), It.IsAny<TableUpdateMode>(), It.IsAny<CancellationToken>()))
                    .Returns((TableEntity entity, Azure.ETag ifMatch, TableUpdateMode mode, CancellationToken token) =>
                    {
                        if (entity.RowKey.StartsWith("s|", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref healthWrites);
                        }

                        return table.UpdateEntityAsync(entity, ifMatch, mode, token);
                    }));
        }, settings: new Dictionary<string, string?>(QuickRetries) { ["Webhooks:DeliveryTimeout"] = "00:01:00" }).UseClock(DateTimeOffset.UtcNow);
        using var disposeApp = app;
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, _) = await SubscribeAsync(app, Tenant, receiver.Url("a"));
        var store = app.Services.GetRequiredService<WebhookStore>();
        await store.AddDeliveriesAsync(await store.ListAsync(Tenant, CancellationToken.None), [.. Enumerable.Range(1, 40).Select(i => Event(Tenant, $"acct-{i:D2}", 1))], CancellationToken.None);

        Assert.Equal(40, await app.Services.GetRequiredService<WebhookDeliveries>().DeliverDueAsync(Tenant, CancellationToken.None));

        Assert.Equal(40, receiver.Received.Select(d => d.Id).Distinct().Count());
        Assert.Equal(1, Volatile.Read(ref healthWrites));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("was not recorded", StringComparison.Ordinal));
        var health = await SubscriptionAsync(app, Tenant, id);
        Assert.Equal(0, health["consecutiveFailures"]!.GetValue<int>());
        Assert.NotNull(health["lastSuccessAt"]);
    }

    /// <summary>
    /// The subscription is deleted while its receiver is answering a delivery, and then accepts it: the
    /// delivery is recorded delivered (the deletion drops only what no attempt holds), and the log says
    /// the subscription went during the run, not that the delivery changed under its lease.
    /// </summary>
    [Fact]
    public async Task ADeliveryAcceptedWhileItsSubscriptionWasBeingDeletedIsRecordedDeliveredNotDropped()
    {
        const string Tenant = "tenant-deleted-mid-run";
        var logs = new CapturedLogs();
        await using var receiver = await WebhookReceiver.StartAsync();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.AnswerWhen = answer.Task;
        using var app = new StatusApplication(azurite.ConnectionString, services => services.AddSingleton<ILoggerProvider>(logs), settings: new Dictionary<string, string?>(QuickRetries) { ["Webhooks:DeliveryTimeout"] = "00:01:00" }).UseClock(DateTimeOffset.UtcNow);
        var (id, _) = await SubscribeAsync(app, Tenant, receiver.Url("a"));
        try
        {
            await app.Services.GetRequiredService<WebhookSink>().AcceptAsync([Event(Tenant, "acct-1", 1)], CancellationToken.None);
            await receiver.WaitForAsync(1);
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await app.ClientWithKey(StatusApplication.AdminKey).DeleteAsync($"/api/tenants/{Tenant}/webhooks/{id}")).StatusCode);
        }
        finally
        {
            answer.TrySetResult();
        }

        // Waits for the sink's run, which the receiver has now answered.
        await app.Services.GetRequiredService<WebhookDeliveries>().DeliverDueAsync(Tenant, CancellationToken.None);

        var rows = new TableClient(azurite.ConnectionString, app.WebhooksTable).QueryAsync<TableEntity>(r => r.PartitionKey == Tenant);
        var delivery = Assert.Single(await rows.Where(r => r.RowKey.StartsWith("d|", StringComparison.Ordinal)).ToListAsync());
        Assert.Equal(("finished", "delivered"), (delivery.GetString("State"), delivery.GetString("Outcome")));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("changed under its lease", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("was deleted while its run was sending: the deliveries its receiver accepted (1) are recorded delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAccountDeletedAndCreatedAgainReachesTheReceiverInTheOrderItsEventsWereWritten()
    {
        const string Tenant = "tenant-reborn";
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = App();
        var now = app.Clock!.GetUtcNow();
        var connector = app.ClientWithKey(StatusApplication.ConnectorKey);
        await SubscribeAsync(app, Tenant, receiver.Url("a"));
        async Task PatchAsync(object report) =>
            Assert.Equal(System.Net.HttpStatusCode.OK, (await StatusApplication.PatchAsync(connector, Tenant, "acct", report)).StatusCode);

        await PatchAsync(ReportBodies.Report("connected", now.AddMinutes(-1)));
        await PatchAsync(ReportBodies.Report("error", now.AddSeconds(-30), "auth_error"));
        // Observed by a connector whose clock runs 20 s ahead (within the allowed skew): later than the deletion below, written before it.
        await PatchAsync(ReportBodies.Report("disconnected", now.AddSeconds(20)));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await app.ClientWithKey(StatusApplication.AdminKey).DeleteAsync($"/api/tenants/{Tenant}/connections/acct")).StatusCode);
        // Created again, by a report observed past the deletion and the allowed skew: a new incarnation, whose transitions count from 1 again.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await PatchAsync(ReportBodies.Report("connected", now.AddSeconds(31)));
        await PatchAsync(ReportBodies.Report("error", now.AddSeconds(33), "auth_error"));
        var outbox = new TableClient(azurite.ConnectionString, app.ConnectionsTable);
        var written = await outbox.QueryAsync<TableEntity>($"PartitionKey eq '{Tenant}' and RowKey ge '~~outbox~' and RowKey lt '~~outbox~~'").Select(row => row.GetString("EventId")).ToListAsync();
        Assert.Equal(6, written.Count);

        await app.Services.GetRequiredService<Service.Events.EventDispatcher>().DispatchTenantAsync(Tenant, CancellationToken.None);
        await app.Services.GetRequiredService<WebhookDeliveries>().DeliverDueAsync(Tenant, CancellationToken.None);

        Assert.Equal(written, (await receiver.WaitForAsync(6)).Select(d => d.Id));
    }
}
