namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// The event types a subscription may filter on: the CloudEvents <c>type</c> of each event the
/// outbox publishes. A filter naming any other type would never match, so it is refused.
/// </summary>
public static class WebhookEventTypes
{
    public const string StatusChanged = "com.connectionstatus.connection.status_changed";
    public const string FlappingStarted = "com.connectionstatus.connection.flapping_started";
    public const string FlappingStopped = "com.connectionstatus.connection.flapping_stopped";

    public static IReadOnlyList<string> Known { get; } = [StatusChanged, FlappingStarted, FlappingStopped];
}
