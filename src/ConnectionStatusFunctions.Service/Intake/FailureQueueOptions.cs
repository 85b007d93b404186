using System.ComponentModel.DataAnnotations;
using ConnectionStatusFunctions.Service.Queues;

namespace ConnectionStatusFunctions.Service.Intake;

/// <summary>The queue of connector failure reports.</summary>
public sealed class FailureQueueOptions : QueueOptions
{
    public const string SectionName = "FailureQueue";

    /// <summary>The top-level app setting the queue trigger reads as %FailureQueueName%.</summary>
    public const string NameSetting = "FailureQueueName";

    public override string Section => SectionName;

    public override string NameSettingName => NameSetting;

    public override string Name { get; internal set; } = "connection-failure-reports";

    [Range(1, 64)]
    public override int Concurrency { get; set; } = 8;
}
