using System.ComponentModel;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Api;

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
