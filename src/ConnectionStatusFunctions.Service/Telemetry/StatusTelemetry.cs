using System.Diagnostics;
using System.Diagnostics.Metrics;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Telemetry;

/// <summary>
/// What the service counts and traces, under one name for both hosts. Tags are low-cardinality
/// words (outcome, source, status, category, result); tenant and account ids go to traces and
/// structured logs only, and no tag or span ever carries report text.
/// </summary>
public sealed class StatusTelemetry
{
    public const string Name = "ConnectionStatusFunctions";

    public static readonly ActivitySource Traces = new(Name);

    /// <summary>
    /// Seconds, from a run with nothing due (a query) to one that spends Probes:TimeBudget (25 s by
    /// default) and a little past it: OpenTelemetry's default boundaries are for milliseconds (0, 5,
    /// 10, 25... 10000), so every run fell in the first bucket.
    /// </summary>
    public static readonly IReadOnlyList<double> ProbeRunBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 20, 25, 30, 60];

    private readonly Counter<long> _reports;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _writeRetries;
    private readonly Counter<long> _contended;
    private readonly Histogram<double> _probeRuns;
    private readonly Counter<long> _probes;
    private readonly Counter<long> _queueMessages;
    private readonly Counter<long> _eventsPublished;
    private readonly Counter<long> _eventsSuppressed;
    private readonly Counter<long> _eventSinkFailures;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Meter _meter;

    public StatusTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = _meter = meters.Create(Name);
        _reports = meter.CreateCounter<long>("connection_status.reports", "{report}", "Reports offered to the engine, by outcome (applied, stale, duplicate) and source.");
        _transitions = meter.CreateCounter<long>("connection_status.transitions", "{transition}", "Applied reports that changed an account's status or error category, by new status and (for errors) category.");
        _writeRetries = meter.CreateCounter<long>("connection_status.write_retries", "{retry}", "Conditional writes that lost the race and were tried again.");
        _contended = meter.CreateCounter<long>("connection_status.contention_failures", "{report}", "Reports given up on after every write attempt lost the race (answered 503 or retried by the queue).");
        _probeRuns = meter.CreateHistogram<double>(
            "connection_status.probe_run.duration",
            "s",
            "How long a probe run took, scan included.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = ProbeRunBoundaries });
        _probes = meter.CreateCounter<long>("connection_status.probes", "{probe}", "Probes by result (connected, error, skipped).");
        _queueMessages = meter.CreateCounter<long>("connection_status.queue_messages", "{message}", "Failure-report queue messages by outcome (applied, stale, duplicate, poisoned).");
        _eventsPublished = meter.CreateCounter<long>("connection_status.events.published", "{event}", "Events a sink took, by sink (its class name).");
        _eventsSuppressed = meter.CreateCounter<long>("connection_status.events.suppressed", "{transition}", "Transitions recorded while the account was flapping, which no event announces.");
        _eventSinkFailures = meter.CreateCounter<long>("connection_status.events.sink_failures", "{call}", "Sink calls that failed, by sink; their events wait in the outbox.");
        _webhookDeliveries = meter.CreateCounter<long>("connection_status.webhook_deliveries", "{attempt}", "Webhook delivery attempts by outcome (delivered; retried: failed, tried again later; failed: given up).");
    }

    /// <summary>A report's outcome; <paramref name="state"/> is the account after it, null for a report on a deleted account (counted as stale).</summary>
    public void Reported(TransitionKind outcome, ReportSource source, bool isTransition, ConnectionState? state)
    {
        _reports.Add(1, new("outcome", WireName.Of(outcome)), new("source", WireName.Of(source)));
        if (isTransition && state is not null)
        {
            // A recovered account keeps its last error for display; the transition's category is the new error's, if any.
            var category = state.Status == ConnectionStatus.Error && state.ErrorCategory is { } error ? WireName.Of(error) : "none";
            _transitions.Add(1, new("status", WireName.Of(state.Status)), new("category", category));
        }
    }

    public void WriteRetried() => _writeRetries.Add(1);

    public void WriteContended() => _contended.Add(1);

    public void ProbeRunFinished(TimeSpan duration) => _probeRuns.Record(duration.TotalSeconds);

    public void Probed(string result) => _probes.Add(1, new KeyValuePair<string, object?>("result", result));

    public void QueueMessageHandled(string outcome) => _queueMessages.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void EventsPublished(string sink, int count) => _eventsPublished.Add(count, new KeyValuePair<string, object?>("sink", sink));

    public void EventSuppressed() => _eventsSuppressed.Add(1);

    public void EventSinkFailed(string sink) => _eventSinkFailures.Add(1, new KeyValuePair<string, object?>("sink", sink));

    public void WebhookDelivery(string outcome) => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>
    /// Publishes how many webhook lanes this process holds, <paramref name="count"/> read at each collection: a count that
    /// only grows would be lanes never forgotten, memory held for every subscription ever sent to.
    /// </summary>
    public void ObserveWebhookLanes(Func<int> count) =>
        _meter.CreateObservableGauge("connection_status.webhook_lanes", count, "{lane}", "Webhook lanes this process holds: subscriptions with a run under way, deliveries pending or a retry timer set.");
}
