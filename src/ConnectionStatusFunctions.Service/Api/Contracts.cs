using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>One channel account as admins and support see it. Storage entities never leave the app.</summary>
public sealed record ConnectionView(
    string TenantId,
    string ChannelAccountId,
    Channel Channel,
    string? DisplayName,
    ConnectionStatus Status,
    DateTimeOffset LastCheckedAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset StatusChangedAt,
    ErrorCategory? ErrorCategory,
    string? ErrorCode,
    string? ErrorSummary,
    int ConsecutiveFailures,
    int FailuresInLast24Hours,
    bool IsFlapping,
    ReportSource LastSource,
    HealthState HealthState,
    int HealthScore,
    IReadOnlyList<HealthReason> HealthReasons,
    bool NeedsAttention,
    string? RecommendedAction,
    Uri? RunbookUrl,
    DateTimeOffset? AttentionSince);

public sealed record ReportResponse(TransitionKind Outcome, ConnectionView Connection);

/// <summary>
/// A page of accounts; rows of this page that cannot be read are listed apart, so one bad row never
/// hides the others. <see cref="Total"/> is set on the needs-attention list only: how many accounts
/// that list would answer over all its pages, with the same filters, if read when this page was read.
/// <see cref="ProviderOutages"/> names the channels whose provider has an outage now, whichever accounts are on the
/// page: a tenant-scoped reader, who may not read /api/channels/health, still learns of it, and no counts leak.
/// <see cref="Known"/> is false for a tenant never registered (no account of it ever written), as the
/// summary and the directory say: an empty page of a mistyped tenant is unknown, not healthy.
/// </summary>
public sealed record ConnectionList(IReadOnlyList<ConnectionView> Items, string? ContinuationToken, IReadOnlyList<UnreadableConnection> Unreadable, int? Total = null, IReadOnlyList<Channel>? ProviderOutages = null, bool Known = true);

/// <summary>A stored row the service cannot read (a value it never writes, typed in by hand): which account, and what is wrong.</summary>
public sealed record UnreadableConnection(string ChannelAccountId, string Reason);

/// <summary>One status change of an account: when, from what (null for its first state), to what, and the error that came with it.</summary>
public sealed record TransitionView(
    DateTimeOffset At,
    ConnectionStatus? From,
    ConnectionStatus To,
    ErrorCategory? ErrorCategory,
    string? ErrorCode,
    string? ErrorSummary,
    ReportSource Source)
{
    public static TransitionView Of(StatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.At, change.From, change.To, change.ErrorCategory, change.ErrorCode, change.ErrorSummary, change.Source);
    }
}

/// <summary>A page of an account's transitions, newest first.</summary>
public sealed record TransitionList(IReadOnlyList<TransitionView> Items, string? ContinuationToken);

/// <summary>
/// One tenant of the directory. <see cref="NeedsAttention"/> counts its attention index entries
/// (entries lapsed but not yet removed by a list included); <see cref="Badge"/> is red when it is
/// above zero, else green, and null for a tenant never registered (<see cref="Known"/> false), which
/// is unknown rather than healthy. <see cref="Accounts"/> is what the last hourly survey counted,
/// at <see cref="AccountsCountedAt"/>; both null until the tenant is surveyed.
/// </summary>
public sealed record TenantEntry(string TenantId, bool Known, int NeedsAttention, Badge? Badge, int? Accounts, DateTimeOffset? AccountsCountedAt);

/// <summary>A page of the tenant directory, in tenant id order.</summary>
public sealed record TenantList(IReadOnlyList<TenantEntry> Items, string? ContinuationToken);
