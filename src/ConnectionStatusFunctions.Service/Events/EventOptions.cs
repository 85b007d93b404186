using System.ComponentModel.DataAnnotations;
using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Events;

/// <summary>Where events go and when the sweep takes over from the hand-off.</summary>
public sealed class EventOptions
{
    public const string SectionName = "Events";

    /// <summary>The top-level app setting naming the events queue, beside the other queue names.</summary>
    public const string QueueNameSetting = "EventsQueueName";

    /// <summary>The queue every event is sent to, as its CloudEvents JSON. Read only from <see cref="QueueNameSetting"/>.</summary>
    public string QueueName { get; internal set; } = "connection-status-events";

    /// <summary>
    /// How old an outbox row must be before the sweep hands its tenant to the dispatch queue: the
    /// hand-off publishes a row within a second or two, so a sweep of younger rows would only race it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan SweepAfter { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<string> Validate()
    {
        if (!QueueOptions.IsQueueName(QueueName))
        {
            yield return $"{QueueNameSetting} '{QueueName}' is not a queue name: 3-56 lower-case letters, digits and single hyphens.";
        }
    }
}

/// <summary>Checks <see cref="EventOptions"/>' range annotations; written by the options source generator.</summary>
[OptionsValidator]
internal sealed partial class EventOptionsValidator : IValidateOptions<EventOptions>;
