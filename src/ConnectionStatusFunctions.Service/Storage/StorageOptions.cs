using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>Names of the tables and the lease container, and how hard a write tries before giving up.</summary>
public sealed partial class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The Azure Functions convention: one storage account for the app and its triggers.</summary>
    public const string ConnectionSetting = "AzureWebJobsStorage";

    public string ConnectionsTable { get; set; } = "ConnectionStatus";

    public string TenantsTable { get; set; } = "Tenants";

    public string ChannelHealthTable { get; set; } = "ChannelHealth";

    /// <summary>Webhook subscriptions and their deliveries, partitioned by tenant.</summary>
    public string WebhooksTable { get; set; } = "WebhookSubscriptions";

    public string LeaseContainer { get; set; } = "connection-status-leases";

    /// <summary>Read-transition-write attempts on a contended row before answering 503.</summary>
    [Range(1, 50)]
    public int WriteAttempts { get; set; } = 8;

    /// <summary>
    /// Longest an HTTP request waits for storage to answer, counted again from each answer, before
    /// it is answered 503 with Retry-After. Long enough for one page or one transaction on a busy
    /// machine, short enough that a caller waits for it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an instance trusts that a tenant it has written is not deleted before it reads the
    /// registry again: another instance's tenant deletion reaches its reports within this much
    /// time, and the deletion job makes its last pass only once it has passed (docs/status-engine.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KnownTenantRecheck { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The names, which Azure restricts; the ranges are the annotations above (<see cref="StorageOptionsValidator"/>).</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var (setting, table) in new[] { ("ConnectionsTable", ConnectionsTable), ("TenantsTable", TenantsTable), ("ChannelHealthTable", ChannelHealthTable), ("WebhooksTable", WebhooksTable) })
        {
            if (table is null || !TableName().IsMatch(table))
            {
                yield return $"{SectionName}:{setting} '{table}' is not a table name: 3-63 letters and digits, starting with a letter.";
            }
        }

        if (LeaseContainer is null || !ContainerName().IsMatch(LeaseContainer))
        {
            yield return $"{SectionName}:LeaseContainer '{LeaseContainer}' is not a container name: 3-63 lower-case letters, digits and single hyphens.";
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerName();
}

[OptionsValidator]
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
