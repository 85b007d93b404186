using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Intake;

/// <summary>A queued connector report: the PATCH body plus the account it is about.</summary>
public sealed record QueuedReport(
    string? TenantId,
    string? ChannelAccountId,
    string? Status,
    string? CheckedAt,
    string? ErrorCategory = null,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    string? ReportId = null,
    string? Channel = null,
    string? DisplayName = null)
{
    public ReportInput ToInput() => new(Status, CheckedAt, ErrorCategory, ErrorCode, ErrorMessage, ReportId, Channel, DisplayName);
}
