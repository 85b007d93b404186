using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Telemetry;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static ConnectionStatusFunctions.Testing.ReportBodies;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The service's metrics, read through OpenTelemetry's in-memory exporter after a scripted set of reports.</summary>
[Collection(SerialCollection.Name)]
public sealed class TelemetryTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static long Sum(IEnumerable<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        metrics.Where(m => m.Name == name)
            .SelectMany(m => m.MetricPoints)
            .Where(p => tags.All(t => Tags(p).TryGetValue(t.Key, out var value) && value == t.Value))
            .Sum(p => p.GetSumLong());

    private static Dictionary<string, string?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, string?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value?.ToString();
        }

        return tags;
    }

    [Fact]
    public async Task ReportsTransitionsQueueMessagesAndProbesAreCounted()
    {
        var exported = new List<MetricSnapshot>();
        await using var connector = await FakeConnector.StartAsync();
        connector.Answer("probed", new FakeConnector.Reply(401));
        using var app = new StatusApplication(
            azurite.ConnectionString,
            services => services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported)),
            new Dictionary<string, string?> { ["Probes:Urls:line"] = connector.Template });
        var connector1 = app.ClientWithKey(ConnectorKey);

        // Connector: two transitions (new error, then recovery), one stale, one duplicate, one invalid.
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector1, "tenant-m", "a", Report("error", Now.AddMinutes(-4), "webhook_error", reportId: "r1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector1, "tenant-m", "a", Report("connected", Now.AddMinutes(-2), reportId: "r2"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector1, "tenant-m", "a", Report("error", Now.AddMinutes(-20), "auth_error", reportId: "r0"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector1, "tenant-m", "a", Report("connected", Now.AddMinutes(-2), reportId: "r2"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PatchAsync(connector1, "tenant-m", "a", Report("error", Now.AddMinutes(-1), "timeout"))).StatusCode);
        // Queue: one applied (a new account in error), one poisoned.
        var absorber = app.Services.GetRequiredService<QueuedReportHandler>();
        var queued = JsonSerializer.Serialize(new { tenantId = "tenant-m", channelAccountId = "q", status = "error", checkedAt = Now.AddMinutes(-3).ToString("O"), errorCategory = "rate_limit", channel = "line" });
        Assert.Equal(QueuedReportOutcome.Applied, await absorber.HandleAsync(queued, 1, CancellationToken.None));
        Assert.Equal(QueuedReportOutcome.Poisoned, await absorber.HandleAsync("not json", 1, CancellationToken.None));
        // Probe: the one account last checked more than Probes:Interval (5 minutes) ago is due; it answers 401.
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector1, "tenant-m", "probed", Report("connected", Now.AddMinutes(-30)))).StatusCode);
        await app.ProbeRoundAsync();

        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());
        const string reports = "connection_status.reports";
        Assert.Equal(3, Sum(exported, reports, ("outcome", "applied"), ("source", "connector")));
        Assert.Equal(1, Sum(exported, reports, ("outcome", "stale"), ("source", "connector")));
        Assert.Equal(1, Sum(exported, reports, ("outcome", "duplicate"), ("source", "connector")));
        Assert.Equal(1, Sum(exported, reports, ("outcome", "applied"), ("source", "queue")));
        Assert.Equal(1, Sum(exported, reports, ("outcome", "applied"), ("source", "probe")));
        Assert.Equal(1, Sum(exported, "connection_status.transitions", ("status", "error"), ("category", "webhook_error")));
        Assert.Equal(1, Sum(exported, "connection_status.transitions", ("status", "error"), ("category", "rate_limit")));
        Assert.Equal(1, Sum(exported, "connection_status.transitions", ("status", "error"), ("category", "auth_error")));
        Assert.Equal(2, Sum(exported, "connection_status.transitions", ("status", "connected"), ("category", "none")));
        Assert.Equal(1, Sum(exported, "connection_status.queue_messages", ("outcome", "applied")));
        Assert.Equal(1, Sum(exported, "connection_status.queue_messages", ("outcome", "poisoned")));
        Assert.Equal(1, Sum(exported, "connection_status.probes", ("result", "error")));
        Assert.Equal(0, Sum(exported, "connection_status.probes", ("result", "connected")));
        Assert.Contains(exported, m => m.Name == "connection_status.probe_run.duration" && m.MetricPoints.Sum(p => p.GetHistogramCount()) == 1);
        Assert.Equal(0, Sum(exported, "connection_status.contention_failures"));
    }

    [Fact]
    public async Task EventsPublishedPerSinkSuppressedAndSinkFailuresAreCounted()
    {
        var exported = new List<MetricSnapshot>();
        using var app = new StatusApplication(
            azurite.ConnectionString,
            services => services
                .AddSingleton<Events.IEventSink, RefusingSink>()
                .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported)));
        var client = app.ClientWithKey(ConnectorKey);

        // An account that starts and stops flapping; the transitions in between are suppressed, as the engine's rule decides them.
        Core.ConnectionState? state = null;
        var suppressed = 0;
        var pattern = "CECECECECECECE" + new string('C', 30);
        for (var i = 0; i < pattern.Length; i++)
        {
            var at = Now.AddHours(-10).AddMinutes(i * 5);
            var failed = pattern[i] == 'E';
            Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, "tenant-ev", "flappy", failed ? Report("error", at, "unknown") : Report("connected", at))).StatusCode);
            var next = Core.StatusTransition.Apply(state, new Core.ConnectionReport(failed ? Core.ConnectionStatus.Error : Core.ConnectionStatus.Connected, at, Core.ReportSource.Connector, failed ? Core.ErrorCategory.Unknown : null, Channel: Core.Channel.Line), new Core.StatusPolicy()).State!;
            suppressed += Core.AccountEvents.Decide(state, next, Core.StatusChange.Between(state, next)).Suppressed ? 1 : 0;
            state = next;
        }

        // One account the second sink refuses.
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, "tenant-ev", "bad", Report("connected", Now.AddMinutes(-3)))).StatusCode);
        var summary = await app.Services.GetRequiredService<Events.EventDispatcher>().DispatchTenantAsync("tenant-ev", CancellationToken.None);

        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());
        Assert.True(suppressed > 0);
        Assert.Equal(suppressed, Sum(exported, "connection_status.events.suppressed"));
        // The queue's sink took every event, the bad account's too; the refusing one all but the bad account's.
        Assert.Equal(summary.Published + 1, Sum(exported, "connection_status.events.published", ("sink", nameof(Events.EventsQueueSink))));
        Assert.Equal(summary.Published, Sum(exported, "connection_status.events.published", ("sink", nameof(RefusingSink))));
        Assert.Equal(1, Sum(exported, "connection_status.events.sink_failures", ("sink", nameof(RefusingSink))));
    }

    /// <summary>A receiver that is down for the account named "bad" and takes everything else.</summary>
    private sealed class RefusingSink : Events.IEventSink
    {
        public Task AcceptAsync(IReadOnlyList<Events.OutgoingEvent> events, CancellationToken cancellationToken) =>
            events.Any(e => e.ChannelAccountId == "bad") ? throw new InvalidOperationException("down") : Task.CompletedTask;
    }

    [Fact]
    public async Task AReportSentOverHttpWithoutTraceparentHasItsSpanAndACallersSamplingDecisionIsKept()
    {
        var spans = new List<Activity>();
        using var app = new StatusApplication(azurite.ConnectionString, services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var client = app.ClientWithKey(ConnectorKey);
        // Its own tenant: activity listeners are process-wide, so spans of other apps may be exported here too.
        var tenant = "tenant-trace-" + Guid.NewGuid().ToString("N")[..8];
        var sampled = ActivityTraceId.CreateRandom();
        var notSampled = ActivityTraceId.CreateRandom();

        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, tenant, "no-traceparent", Report("connected", Now.AddMinutes(-1)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchWithTraceparentAsync(client, tenant, "sampled", $"00-{sampled}-{ActivitySpanId.CreateRandom()}-01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchWithTraceparentAsync(client, tenant, "not-sampled", $"00-{notSampled}-{ActivitySpanId.CreateRandom()}-00")).StatusCode);
        // Not a traceparent at all (a zero trace id, then plain garbage): ignored, so the request starts a trace of its own.
        Assert.Equal(HttpStatusCode.OK, (await PatchWithTraceparentAsync(client, tenant, "zero-trace", $"00-{default(ActivityTraceId)}-{ActivitySpanId.CreateRandom()}-01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchWithTraceparentAsync(client, tenant, "malformed", "not-a-traceparent")).StatusCode);

        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush());
        var applied = spans.Where(s => s.DisplayName == "ApplyReport" && (string?)s.GetTagItem("tenant.id") == tenant)
            .ToDictionary(s => (string)s.GetTagItem("channel_account.id")!);
        Assert.Equal(["malformed", "no-traceparent", "sampled", "zero-trace"], applied.Keys.Order(StringComparer.Ordinal));
        Assert.NotEqual(default, applied["zero-trace"].TraceId);
        Assert.Equal("connector", applied["no-traceparent"].GetTagItem("report.source"));
        Assert.Equal("applied", applied["no-traceparent"].GetTagItem("report.outcome"));
        // The caller's trace goes on; a span of our own starts one where the caller sent none.
        Assert.Equal(sampled, applied["sampled"].TraceId);
        Assert.NotEqual(default, applied["no-traceparent"].ParentSpanId);
    }

    [Fact]
    public async Task ProbeRunDurationsFallInBucketsMadeForSeconds()
    {
        var exported = new List<MetricSnapshot>();
        await using var connector = await FakeConnector.StartAsync();
        // A run that takes at least this long: the probe's answer waits for it.
        var slowAnswer = TimeSpan.FromMilliseconds(300);
        connector.Answer("slow", new FakeConnector.Reply(200, Delay: slowAnswer));
        using var app = new StatusApplication(
            azurite.ConnectionString,
            services => services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported)),
            new Dictionary<string, string?> { ["Probes:Urls:line"] = connector.Template });
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-h", "slow", Report("connected", Now.AddMinutes(-30)))).StatusCode);

        await app.ProbeRoundAsync();

        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());
        var point = exported.Where(m => m.Name == "connection_status.probe_run.duration").SelectMany(m => m.MetricPoints).Single(p => p.GetHistogramCount() == 1);
        var buckets = new List<(double Upper, long Count)>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            buckets.Add((bucket.ExplicitBound, bucket.BucketCount));
        }

        // Seconds from a bare query to past the probe budget, not the default milliseconds.
        Assert.Equal(StatusTelemetry.ProbeRunBoundaries, buckets.Select(b => b.Upper).Where(double.IsFinite));
        Assert.True(buckets.Where(b => double.IsFinite(b.Upper)).Max(b => b.Upper) > new ProbeOptions().TimeBudget.TotalSeconds);
        var run = point.GetHistogramSum();
        Assert.True(run >= slowAnswer.TotalSeconds, $"{run} s");
        var at = buckets.FindIndex(b => b.Count == 1);
        Assert.True(at > 0, "The run fell in the first bucket.");
        // The bucket it fell in is its own: the one whose bounds enclose the measured seconds.
        Assert.True(buckets[at - 1].Upper < run && run <= buckets[at].Upper, $"{run} s in ({buckets[at - 1].Upper}, {buckets[at].Upper}]");
    }

    private static Task<HttpResponseMessage> PatchWithTraceparentAsync(HttpClient client, string tenant, string account, string traceparent)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/tenants/{tenant}/connections/{account}")
        {
            Content = JsonContent.Create(Report("connected", Now.AddMinutes(-1)), options: ApiJson),
        };
        request.Headers.Add("traceparent", traceparent);
        return client.SendAsync(request);
    }
}
