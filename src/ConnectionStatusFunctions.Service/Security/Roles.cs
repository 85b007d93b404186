namespace ConnectionStatusFunctions.Service.Security;

public static class Roles
{
    public const string Connector = "connector";
    public const string Support = "support";
    public const string Admin = "admin";

    /// <summary>Reads its own tenants only: never every tenant, never provider health.</summary>
    public const string TenantAdmin = "tenant_admin";

    public static readonly string[] All = [Connector, Support, Admin, TenantAdmin];
}
