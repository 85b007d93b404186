using System.ComponentModel.DataAnnotations;
using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>The queue of probe requests the timer fills and the probe workers drain.</summary>
public sealed class ProbeQueueOptions : QueueOptions
{
    public const string SectionName = "ProbeQueue";

    /// <summary>The top-level app setting the queue trigger reads as %ProbeQueueName%.</summary>
    public const string NameSetting = "ProbeQueueName";

    public override string Section => SectionName;

    public override string NameSettingName => NameSetting;

    public override string Name { get; internal set; } = "connection-probe-requests";

    /// <summary>Requests one standalone process works on at once, each with up to Probes:Concurrency probes.</summary>
    [Range(1, 64)]
    public override int Concurrency { get; set; } = 2;
}

/// <summary>Checks the range annotations (<see cref="QueueOptions"/>' and this queue's <see cref="ProbeQueueOptions.Concurrency"/>); written by the options source generator.</summary>
[OptionsValidator]
internal sealed partial class ProbeQueueOptionsValidator : IValidateOptions<ProbeQueueOptions>;
