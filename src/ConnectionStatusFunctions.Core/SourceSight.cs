namespace ConnectionStatusFunctions.Core;

/// <summary>
/// Which error categories each source of reports can observe, so that a success from a source ends
/// only errors it could have seen (docs/status-engine.md has the table).
/// </summary>
public static class SourceSight
{
    /// <summary>
    /// Connectors (over HTTP or the queue) run the channel's traffic and see every kind of failure.
    /// The probe asks a health URL: its answer shows reachability, authorization and throttling,
    /// but an inbound webhook delivery never passes through it, so its success says nothing of one.
    /// </summary>
    public static bool Observes(ReportSource source, ErrorCategory category) => (source, category) switch
    {
        (ReportSource.Probe, ErrorCategory.WebhookError) => false,
        _ => true,
    };
}
