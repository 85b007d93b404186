using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Benchmarks.StorageBenchmarks;

namespace ConnectionStatusFunctions.Benchmarks;

/// <summary>
/// Events on: a PATCH that makes a transition writes status, history and outbox rows in one
/// transaction and hands its tenant to the in-process dispatcher, which publishes to the events
/// queue while the next PATCHes run (docs/events.md).
/// </summary>
internal static class EventBenchmarks
{
    private const string Tenant = "tenant-events";

    /// <summary>The standalone host as deployed: its in-process hand-off running.</summary>
    private static StatusApplication App(string storage) =>
        new(storage, services => services.AddHostedService<EventHandOffLoop>(), settings: Unlimited);

    /// <summary>
    /// PATCHes that are all transitions (each account's error category alternates), with
    /// events on, versus the raw SDK reading the row and submitting the same three-entity transaction
    /// (status row, history row, an outbox row holding a CloudEvent of the same size). The app's side
    /// also publishes every event while it runs: that work is part of "events on".
    /// </summary>
    public static async Task<Row> PatchWithEventsAsync(string storage)
    {
        const int operations = 1000;
        const int accounts = 100;
        using var app = App(storage);
        var client = app.ClientWithKey(StatusApplication.ConnectorKey);
        var raw = new TableClient(storage, "rawevents" + Guid.NewGuid().ToString("N")[..8]);
        await raw.CreateIfNotExistsAsync();
        var baseTime = DateTimeOffset.UtcNow.AddHours(-6);
        // Errors whose category alternates: every report a transition, and none flaps (flapping would suppress the events).
        object Body(int i) => new { status = "error", checkedAt = baseTime.AddSeconds(i).ToString("O", CultureInfo.InvariantCulture), errorCategory = i / accounts % 2 == 0 ? "rate_limit" : "auth_error", errorCode = "HTTP_429", errorMessage = "429 Too Many Requests from https://api.line.me/v2/bot/message/push", channel = "line" };

        var offset = 0;
        async Task<TimeSpan> Ours()
        {
            var start = offset;
            offset += operations;
            var watch = Stopwatch.StartNew();
            for (var i = start; i < start + operations; i++)
            {
                (await StatusApplication.PatchAsync(client, Tenant, $"acct-{i % accounts}", Body(i))).EnsureSuccessStatusCode();
            }

            return watch.Elapsed;
        }

        var rawOffset = 0;
        var sequences = new Dictionary<string, long>();
        var cloudEvent = SampleCloudEvent();
        async Task<TimeSpan> Raw()
        {
            var start = rawOffset;
            rawOffset += operations;
            var watch = Stopwatch.StartNew();
            for (var i = start; i < start + operations; i++)
            {
                var account = $"acct-{i % accounts}";
                var existing = await raw.GetEntityIfExistsAsync<TableEntity>(Tenant, account);
                var entity = RawEntity(Tenant, account, i);
                entity["Status"] = "error";
                entity["ErrorCategory"] = i / accounts % 2 == 0 ? "rate_limit" : "auth_error";
                var sequence = sequences[account] = sequences.GetValueOrDefault(account) + 1;
                var history = RawHistoryRow(Tenant, account, sequence, existing.HasValue ? existing.Value : null, entity);
                var outbox = new TableEntity(Tenant, $"~~outbox~{account}~0195f3c2a1b07d4e8a9b0c1d2e3f4a5b~{sequence:D19}")
                {
                    ["ChannelAccountId"] = account,
                    ["EventId"] = $"{Tenant}/{account}/0195f3c2a1b07d4e8a9b0c1d2e3f4a5b/{sequence}",
                    ["EventType"] = "connectionstatus.account.status_changed",
                    ["Channel"] = "line",
                    ["Transition"] = sequence,
                    ["Time"] = entity.GetDateTimeOffset("LastCheckedAt"),
                    ["WrittenAt"] = DateTimeOffset.UtcNow,
                    ["CloudEvent"] = cloudEvent,
                };
                await raw.SubmitTransactionAsync(
                [
                    existing.HasValue
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, existing.Value!.ETag)
                        : new TableTransactionAction(TableTransactionActionType.Add, entity),
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, history),
                    new TableTransactionAction(TableTransactionActionType.Add, outbox),
                ]);
            }

            return watch.Elapsed;
        }

        var (ours, rawTime) = await CompareAsync(Ours, Raw);
        var ratio = ours / rawTime;
        return new Row("PATCH, all transitions, events on (row + history + outbox)", $"{ours.TotalMilliseconds * 1000 / operations:0} µs/op", $"{rawTime.TotalMilliseconds * 1000 / operations:0} µs/op", ratio, "<= 1.2", ratio <= 1.2);
    }

    /// <summary>
    /// From a PATCH's answer to its event on the events queue, through the in-process hand-off: 300
    /// transitions, one every 20 ms (each on an account of its own, so the event names its PATCH),
    /// while a consumer polls the queue as a queue-triggered function would, at most 10 ms idle.
    /// </summary>
    public static async Task<Row> DeliveryLatencyAsync(string storage)
    {
        const int events = 300;
        using var app = App(storage);
        var client = app.ClientWithKey(StatusApplication.ConnectorKey);
        var queue = new QueueClient(storage, app.EventsQueue);
        await queue.CreateIfNotExistsAsync();
        var answered = new ConcurrentDictionary<string, long>();
        var received = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var consumer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(10), CancellationToken.None)).Value;
                var now = Stopwatch.GetTimestamp();
                foreach (var message in batch)
                {
                    received.TryAdd(JsonDocument.Parse(message.MessageText).RootElement.GetProperty("subject").GetString()!, now);
                }

                if (batch.Length == 0)
                {
                    await Task.Delay(10, CancellationToken.None);
                }
            }
        });

        var checkedAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture);
        for (var i = 0; i < events; i++)
        {
            var account = $"latency-{i}";
            var pacing = Task.Delay(20);
            (await StatusApplication.PatchAsync(client, Tenant, account, new { status = "error", checkedAt, errorCategory = "auth_error", channel = "line" })).EnsureSuccessStatusCode();
            answered[account] = Stopwatch.GetTimestamp();
            await pacing;
        }

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (received.Count < events)
        {
            Check(DateTime.UtcNow < deadline, $"only {received.Count} of {events} events arrived within 2 minutes");
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await consumer;
        var latencies = answered.Select(a => Stopwatch.GetElapsedTime(a.Value, received[a.Key]).TotalMilliseconds).Order().ToList();
        var p50 = latencies[latencies.Count / 2];
        var p95 = latencies[(int)Math.Ceiling(latencies.Count * 0.95) - 1];
        return new Row("event delivery, PATCH answer -> events queue", $"p50 {p50:0} ms", $"p95 {p95:0} ms", double.NaN, "p95 <= 2 s", p95 <= 2000);
    }

    /// <summary>
    /// The same reports with a webhook subscription on the tenant: from each PATCH's answer to the
    /// signed delivery's arrival at a receiver on 127.0.0.1, through the in-process hand-off, the
    /// dispatcher and the webhook sink (the events queue is published to as well, as deployed).
    /// </summary>
    public static async Task<Row> WebhookLatencyAsync(string storage)
    {
        const int events = 300;
        const string tenant = "tenant-webhook-latency";
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = App(storage);
        var created = await app.ClientWithKey(StatusApplication.AdminKey).PostAsJsonAsync($"/api/tenants/{tenant}/webhooks", new { url = receiver.Url("latency") });
        Check(created.StatusCode == System.Net.HttpStatusCode.Created, $"the subscription was not created: {(int)created.StatusCode}");
        var client = app.ClientWithKey(StatusApplication.ConnectorKey);
        var answered = new Dictionary<string, long>();
        var checkedAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture);
        for (var i = 0; i < events; i++)
        {
            var account = $"latency-{i}";
            var pacing = Task.Delay(20);
            (await StatusApplication.PatchAsync(client, tenant, account, new { status = "error", checkedAt, errorCategory = "auth_error", channel = "line" })).EnsureSuccessStatusCode();
            answered[account] = Stopwatch.GetTimestamp();
            await pacing;
        }

        var arrived = new Dictionary<string, long>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (arrived.Count < events)
        {
            Check(DateTime.UtcNow < deadline, $"only {arrived.Count} of {events} deliveries arrived within 2 minutes");
            foreach (var delivery in receiver.Received)
            {
                arrived.TryAdd(JsonDocument.Parse(delivery.Body).RootElement.GetProperty("subject").GetString()!, delivery.ArrivedAt);
            }

            await Task.Delay(20);
        }

        var latencies = answered.Select(a => Stopwatch.GetElapsedTime(a.Value, arrived[a.Key]).TotalMilliseconds).Order().ToList();
        var p50 = latencies[latencies.Count / 2];
        var p95 = latencies[(int)Math.Ceiling(latencies.Count * 0.95) - 1];
        return new Row("webhook delivery, PATCH answer -> receiver", $"p50 {p50:0} ms", $"p95 {p95:0} ms", double.NaN, "p95 <= 2 s", p95 <= 2000);
    }

    /// <summary>A CloudEvent of the size the app writes for the same report.</summary>
    private static string SampleCloudEvent() => JsonSerializer.Serialize(new
    {
        specversion = "1.0",
        id = $"{Tenant}/acct-0/0195f3c2a1b07d4e8a9b0c1d2e3f4a5b/2",
        source = $"/tenants/{Tenant}",
        type = "connectionstatus.account.status_changed",
        subject = "acct-0",
        time = DateTimeOffset.UtcNow,
        datacontenttype = "application/json",
        data = new
        {
            tenantId = Tenant,
            channelAccountId = "acct-0",
            channel = "line",
            transition = 2,
            at = DateTimeOffset.UtcNow,
            from = "connected",
            to = "error",
            errorCategory = "rate_limit",
            errorCode = "HTTP_429",
            errorSummary = "429 Too Many Requests from https://api.line.me/v2/bot/message/push",
            source = "connector",
            health = "error",
            recommendedAction = "The channel is rate limiting requests. Wait for the limit to reset; if it keeps happening, lower the sync frequency.",
            isFlapping = false,
        },
    });
}
