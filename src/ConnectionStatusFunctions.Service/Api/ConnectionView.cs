using System.ComponentModel;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>One channel account as admins and support see it. Storage entities never leave the app.</summary>
[Description("One channel account of a tenant as support sees it: its status, since when, its last error, its health as of the request and what to do.")]
public sealed record ConnectionView(
    [Description("The tenant the account belongs to.")] string TenantId,
    [Description("The account's id within the tenant, as the connector names it.")] string ChannelAccountId,
    [Description("The account's channel: from its reports, `other` if none named one.")] Channel Channel,
    [Description("The account's name as its connector last gave it; null if none did.")] string? DisplayName,
    [Description("The status of the latest applied report, or `stale` when a connected account has been silent past StatusPolicy:StaleAfter.")] ConnectionStatus Status,
    [Description("The checkedAt of the latest applied report.")] DateTimeOffset LastCheckedAt,
    [Description("When a report last said `connected`; null if none ever did.")] DateTimeOffset? LastSuccessAt,
    [Description("When a report last said `error`; null if none ever did.")] DateTimeOffset? LastErrorAt,
    [Description("When the status last changed (the start of a silence for `stale`).")] DateTimeOffset StatusChangedAt,
    [Description("The category of the current error, or of the last one after a recovery; null if the account never failed.")] ErrorCategory? ErrorCategory,
    [Description("The connector's code for that error; null when it gave none.")] string? ErrorCode,
    [Description("The error message with secrets redacted, at most 512 characters; null when none was given.")] string? ErrorSummary,
    [Description("Error reports in a row, reset by `connected` or `disconnected`.")] int ConsecutiveFailures,
    [Description("Error reports in the 24 UTC hours ending with the current hour.")] int FailuresInLast24Hours,
    [Description("Whether the status changed often enough lately to count as flapping (docs/status-engine.md).")] bool IsFlapping,
    [Description("Where the latest applied report came from.")] ReportSource LastSource,
    [Description("The account's health as of the request, from its status, error category, silence and flapping.")] HealthState HealthState,
    [Description("0-100, higher is healthier: the lowest ceiling of healthReasons, 100 when none applies.")] int HealthScore,
    [Description("Each condition that held the score down, with the ceiling it imposed; empty for a healthy account.")] IReadOnlyList<HealthReason> HealthReasons,
    [Description("Whether the account needs attention now: error, requires_reauth, disconnected, stale or flapping.")] bool NeedsAttention,
    [Description("What support should do about the account's state; null when nothing is needed.")] string? RecommendedAction,
    [Description("A runbook for the account's state, when the Actions:RunbookLinks setting names one; else null.")] Uri? RunbookUrl,
    [Description("Since when the account needs attention; null when it does not.")] DateTimeOffset? AttentionSince);
