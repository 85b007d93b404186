using System.ComponentModel.DataAnnotations;

namespace ConnectionStatusFunctions.App.Storage;

/// <summary>Names of the tables and the lease container, and how hard a write tries before giving up.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The Azure Functions convention: one storage account for the app and its triggers.</summary>
    public const string ConnectionSetting = "AzureWebJobsStorage";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string ConnectionsTable { get; set; } = "ConnectionStatus";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string TenantsTable { get; set; } = "Tenants";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string ChannelHealthTable { get; set; } = "ChannelHealth";

    [Required, RegularExpression("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    public string LeaseContainer { get; set; } = "connection-status-leases";

    /// <summary>Read-transition-write attempts on a contended row before answering 503.</summary>
    [Range(1, 50)]
    public int WriteAttempts { get; set; } = 8;
}
