using System.ComponentModel.DataAnnotations;
using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.Options;

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

/// <summary>Checks the range annotations (<see cref="QueueOptions"/>' and this queue's <see cref="FailureQueueOptions.Concurrency"/>); written by the options source generator.</summary>
[OptionsValidator]
internal sealed partial class FailureQueueOptionsValidator : IValidateOptions<FailureQueueOptions>;
