using System.Security.Claims;

namespace ConnectionStatusFunctions.Service.Security;

public static class Policies
{
    public const string ReportStatus = nameof(ReportStatus);
    public const string ReadStatus = nameof(ReadStatus);

    /// <summary>Creates and deletes a tenant's webhook subscriptions.</summary>
    public const string ManageWebhooks = nameof(ManageWebhooks);

    /// <summary>Deletes a tenant's accounts.</summary>
    public const string ManageConnections = nameof(ManageConnections);

    /// <summary>Deletes a whole tenant and reads its deletion; its routes also need a scope of every tenant.</summary>
    public const string ManageTenants = nameof(ManageTenants);

    /// <summary>The tenant scope that covers every tenant.</summary>
    public const string EveryTenant = "*";

    /// <summary>The roles each policy admits: what the authorization setup enforces and the API contract documents.</summary>
    public static IReadOnlyDictionary<string, string[]> RolesByPolicy { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [ReportStatus] = [Roles.Connector],
        [ReadStatus] = [Roles.Support, Roles.Admin, Roles.TenantAdmin],
        [ManageWebhooks] = [Roles.Admin, Roles.TenantAdmin],
        [ManageConnections] = [Roles.Admin, Roles.TenantAdmin],
        [ManageTenants] = [Roles.Admin],
    };

    /// <summary>Whether the caller's scope covers the tenant; a tenant_admin only ever covers the tenants it names.</summary>
    public static bool MayAccessTenant(this ClaimsPrincipal user, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(user);
        var tenantAdmin = user.IsInRole(Roles.TenantAdmin);
        return user.FindAll(ApiKeyAuthenticationHandler.TenantClaim).Any(c => (c.Value == EveryTenant && !tenantAdmin) || (c.Value == tenantId && tenantId != EveryTenant));
    }
}
