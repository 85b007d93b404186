using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ConnectionStatusFunctions.Core;

// Every enum here travels as lower-case snake_case text (API, queue messages, table columns),
// so the names below are part of the contract: renaming a member renames the wire value.

[Description("An account's status: what its latest report said, or `stale`, which no report may say: the service records it when a connected account stays silent past StatusPolicy:StaleAfter.")]
[JsonConverter(typeof(WireNameJsonConverter<ConnectionStatus>))]
public enum ConnectionStatus
{
    Connected,
    Error,
    Disconnected,

    /// <summary>Never reported: the service records it when a connected account stays silent past its StaleAfter.</summary>
    Stale,
}

[Description("What kind of error a connector observed: `auth_error` (authorization expired or revoked), `webhook_error` (webhook deliveries failing), `rate_limit` (the channel throttles the account), `unknown`.")]
[JsonConverter(typeof(WireNameJsonConverter<ErrorCategory>))]
public enum ErrorCategory
{
    AuthError,
    WebhookError,
    RateLimit,
    Unknown,
}

[Description("An account's health as of the request, from its status, error category, silence and flapping (docs/status-engine.md).")]
[JsonConverter(typeof(WireNameJsonConverter<HealthState>))]
public enum HealthState
{
    Healthy,
    Degraded,
    Error,
    Disconnected,
    RequiresReauth,
    Stale,
}

[Description("Where a report came from: a connector over HTTP (`connector`) or the failure-report queue (`queue`), the service's probe (`probe`), or the service itself recording a silence (`silence`).")]
[JsonConverter(typeof(WireNameJsonConverter<ReportSource>))]
public enum ReportSource
{
    Connector,
    Queue,
    Probe,

    /// <summary>The service itself, recording that no report came for an account's StaleAfter.</summary>
    Silence,
}
