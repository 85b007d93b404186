using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>What one probe observed, before it becomes a report.</summary>
public sealed record ProbeResult(ConnectionStatus Status, ErrorCategory? Category, string? Code, string? Message, TimeSpan? RetryAfter);
