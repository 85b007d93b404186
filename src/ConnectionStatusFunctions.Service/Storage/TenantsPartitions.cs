namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>The Tenants table's partitions, named once (Storage Explorer shows these as PartitionKey); its only owner is <see cref="TenantStore"/>.</summary>
internal static class TenantsPartitions
{
    /// <summary>One row per tenant ever written (RowKey the tenant id), with its first sighting and its last shard survey.</summary>
    public const string Tenant = "tenant";
}
