namespace ConnectionStatusFunctions.Core;

/// <summary>
/// A validated observation of one channel account. The connector's raw error message never gets
/// this far: <see cref="ErrorSummary"/> is already redacted.
/// </summary>
public sealed record ConnectionReport(
    ConnectionStatus Status,
    DateTimeOffset CheckedAt,
    ReportSource Source,
    ErrorCategory? ErrorCategory = null,
    string? ErrorCode = null,
    string? ErrorSummary = null,
    string? ReportId = null,
    Channel? Channel = null,
    string? DisplayName = null);
