using System.ComponentModel.DataAnnotations;
using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Deletion;

/// <summary>The queue of tenant deletion jobs: each message names a tombstoned tenant whose rows any instance may remove.</summary>
public sealed class TenantDeletionQueueOptions : QueueOptions
{
    public const string SectionName = "TenantDeletionQueue";

    /// <summary>The top-level app setting the queue trigger reads as %TenantDeletionQueueName%.</summary>
    public const string NameSetting = "TenantDeletionQueueName";

    public override string Section => SectionName;

    public override string NameSettingName => NameSetting;

    public override string Name { get; internal set; } = "connection-status-tenant-deletions";

    /// <summary>Deletions are rare and each is long: one at a time leaves the storage account's throughput to reports.</summary>
    [Range(1, 16)]
    public override int Concurrency { get; set; } = 1;

    /// <summary>
    /// Transactions of 100 deletes one message makes before it queues its continuation and returns,
    /// so a message is done with well inside its visibility timeout, whatever the tenant's size.
    /// </summary>
    [Range(1, 1000)]
    public int BatchesPerMessage { get; set; } = 50;
}

/// <summary>Checks the range annotations at start-up; written by the options source generator.</summary>
[OptionsValidator]
internal sealed partial class TenantDeletionQueueOptionsValidator : IValidateOptions<TenantDeletionQueueOptions>;
