namespace ConnectionStatusFunctions.Core;

// Every enum here travels as lower-case snake_case text (API, queue messages, table columns),
// so the names below are part of the contract: renaming a member renames the wire value.

public enum ConnectionStatus
{
    Connected,
    Error,
    Disconnected,

    /// <summary>Never reported: the service records it when a connected account stays silent past its StaleAfter.</summary>
    Stale,
}

public enum ErrorCategory
{
    AuthError,
    WebhookError,
    RateLimit,
    Unknown,
}

public enum HealthState
{
    Healthy,
    Degraded,
    Error,
    Disconnected,
    RequiresReauth,
    Stale,
}

public enum ReportSource
{
    Connector,
    Queue,
    Probe,

    /// <summary>The service itself, recording that no report came for an account's StaleAfter.</summary>
    Silence,
}
