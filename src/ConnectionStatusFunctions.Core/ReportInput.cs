namespace ConnectionStatusFunctions.Core;

/// <summary>A report as a connector sends it, every field still unchecked text.</summary>
public sealed record ReportInput(
    string? Status,
    string? CheckedAt,
    string? ErrorCategory = null,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    string? ReportId = null,
    string? Channel = null,
    string? DisplayName = null);
