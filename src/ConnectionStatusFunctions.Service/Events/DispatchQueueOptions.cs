using System.ComponentModel.DataAnnotations;
using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Events;

/// <summary>The queue of dispatch requests: each names a tenant whose outbox rows any instance may publish.</summary>
public sealed class DispatchQueueOptions : QueueOptions
{
    public const string SectionName = "DispatchQueue";

    /// <summary>The top-level app setting the queue trigger reads as %DispatchQueueName%.</summary>
    public const string NameSetting = "DispatchQueueName";

    public override string Section => SectionName;

    public override string NameSettingName => NameSetting;

    public override string Name { get; internal set; } = "connection-status-dispatch";

    [Range(1, 64)]
    public override int Concurrency { get; set; } = 4;
}

/// <summary>Checks the range annotations (<see cref="QueueOptions"/>' and this queue's <see cref="DispatchQueueOptions.Concurrency"/>); written by the options source generator.</summary>
[OptionsValidator]
internal sealed partial class DispatchQueueOptionsValidator : IValidateOptions<DispatchQueueOptions>;
