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

[Description("What a report did, and the account as it stands after it.")]
public sealed record ReportResponse(
    [Description("`applied` when the report was newer than the stored state; `stale` when it was older (nothing changes), or observed not after the account's deletion plus StatusPolicy:MaxClockSkew; `duplicate` when it equals the stored one or repeats the last applied reportId (nothing changes; also the answer to a request whose own write was applied but whose storage answer was lost and retried: the report is applied either way).")] TransitionKind Outcome,
    [Description("The account after the report, as a GET of it answers; null when the account was deleted and the report was observed no later than the deletion plus StatusPolicy:MaxClockSkew (outcome `stale`: the report created nothing).")] ConnectionView? Connection);

/// <summary>
/// A page of accounts; rows of this page that cannot be read are listed apart, so one bad row never
/// hides the others. <see cref="Total"/> is set on the needs-attention list only: how many accounts
/// that list would answer over all its pages, with the same filters, if read when this page was read.
/// <see cref="ProviderOutages"/> names the channels whose provider has an outage now, whichever accounts are on the
/// page: a tenant-scoped reader, who may not read /api/channels/health, still learns of it, and no counts leak.
/// <see cref="Known"/> is false for a tenant never registered (no account of it ever written) or deleted, as
/// the summary and the directory say: an empty page of a mistyped tenant is unknown, not healthy.
/// </summary>
[Description("A page of a tenant's accounts.")]
public sealed record ConnectionList(
    [Description("The accounts of this page that could be read.")] IReadOnlyList<ConnectionView> Items,
    [Description("Pass it back as the continuationToken parameter for the next page; null on the last page.")] string? ContinuationToken,
    [Description("Rows of this page that could not be read (edited by hand); the other rows are listed as usual.")] IReadOnlyList<UnreadableConnection> Unreadable,
    [Description("With needsAttention=true: how many accounts the whole list, with the same filters, would hold if read now; otherwise null.")] int? Total = null,
    [Description("The channels whose provider has an outage now, whichever accounts are on the page; null when none has.")] IReadOnlyList<Channel>? ProviderOutages = null,
    [Description("False when the tenant has never been registered (no account of it has ever reported) or was deleted (its list is then empty, even while its rows are being removed): unknown, not healthy.")] bool Known = true);

/// <summary>A stored row the service cannot read (a value it never writes, typed in by hand): which account, and what is wrong.</summary>
[Description("A stored row the service cannot read.")]
public sealed record UnreadableConnection(
    [Description("The account whose row cannot be read.")] string ChannelAccountId,
    [Description("Which column holds a value the service never writes, and what is wrong with it.")] string Reason);

/// <summary>One status change of an account: when, from what (null for its first state), to what, and the error that came with it.</summary>
[Description("One change of an account's status or error category.")]
public sealed record TransitionView(
    [Description("When it changed: the checkedAt of the report that changed it, or when the silence began.")] DateTimeOffset At,
    [Description("The status before; null for the account's first state.")] ConnectionStatus? From,
    [Description("The status after.")] ConnectionStatus To,
    [Description("The error's category, for a change to `error`; else null.")] ErrorCategory? ErrorCategory,
    [Description("The error's code, for a change to `error` when one was given; else null.")] string? ErrorCode,
    [Description("The redacted error message, for a change to `error` when one was given; else null.")] string? ErrorSummary,
    [Description("What caused the change.")] ReportSource Source)
{
    public static TransitionView Of(StatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.At, change.From, change.To, change.ErrorCategory, change.ErrorCode, change.ErrorSummary, change.Source);
    }
}

/// <summary>A page of an account's transitions, newest first.</summary>
[Description("A page of an account's transitions, newest first.")]
public sealed record TransitionList(
    [Description("The transitions of this page, newest first.")] IReadOnlyList<TransitionView> Items,
    [Description("Pass it back as the continuationToken parameter for the next page; null on the last page.")] string? ContinuationToken);

/// <summary>
/// One tenant of the directory. <see cref="NeedsAttention"/> counts its attention index entries
/// (entries lapsed but not yet removed by a list included); <see cref="Badge"/> is red when it is
/// above zero, else green, and null for a tenant never registered (<see cref="Known"/> false), which
/// is unknown rather than healthy. <see cref="Accounts"/> is what the last hourly survey counted,
/// at <see cref="AccountsCountedAt"/>; both null until the tenant is surveyed.
/// </summary>
[Description("One tenant of the directory.")]
public sealed record TenantEntry(
    [Description("The tenant's id.")] string TenantId,
    [Description("False for a tenant the key names but that was never registered (no account of it ever written) or was deleted.")] bool Known,
    [Description("The number of the tenant's attention index entries: accounts that need attention.")] int NeedsAttention,
    [Description("`red` when needsAttention is above zero, else `green`; null for a tenant never registered.")] Badge? Badge,
    [Description("The number of accounts the last hourly survey counted; null until the tenant is surveyed.")] int? Accounts,
    [Description("When that survey counted them; null until the tenant is surveyed.")] DateTimeOffset? AccountsCountedAt);

/// <summary>
/// A page of the tenant directory, in tenant id order. <see cref="EveryTenant"/> says whether the
/// key reads every tenant (the directory is its way in) or only the tenants it names (a key of one
/// tenant has nothing to choose: the status page opens that tenant).
/// </summary>
[Description("A page of the tenant directory, in tenant id order.")]
public sealed record TenantList(
    [Description("The tenants of this page.")] IReadOnlyList<TenantEntry> Items,
    [Description("Pass it back as the continuationToken parameter for the next page; null on the last page.")] string? ContinuationToken,
    [Description("Whether the key reads every tenant; false when it reads only the tenants it names.")] bool EveryTenant);
