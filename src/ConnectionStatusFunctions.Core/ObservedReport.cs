namespace ConnectionStatusFunctions.Core;

/// <summary>
/// A report from a source inside the service (a probe, the demo seeder), its fields already typed:
/// nothing is written out as text only to be parsed back. Still unchecked: the validator applies
/// the same rules as to a connector's report, and redacts and bounds <see cref="ErrorMessage"/>.
/// </summary>
public sealed record ObservedReport(
    ConnectionStatus Status,
    DateTimeOffset CheckedAt,
    ErrorCategory? ErrorCategory = null,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    string? ReportId = null,
    Channel? Channel = null,
    string? DisplayName = null);
