using System.ComponentModel;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Api;

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
