namespace ConnectionStatusFunctions.Service.Deletion;

/// <summary>A report reached a tenant that carries a tombstone (its deletion is under way, or the report was observed before it or within StatusPolicy:MaxClockSkew after it); nothing was written.</summary>
public sealed class TenantDeletedException(string tenantId, DateTimeOffset deletedAt)
    : Exception($"Tenant '{tenantId}' was deleted at {deletedAt:O}.")
{
    public string TenantId { get; } = tenantId;

    public DateTimeOffset DeletedAt { get; } = deletedAt;
}
