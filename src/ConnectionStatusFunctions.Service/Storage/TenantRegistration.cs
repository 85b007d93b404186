namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>What the registry holds for a tenant: nothing, a live row, or a tombstone.</summary>
public enum TenantRegistration
{
    None,
    Live,
    Deleted,
}
