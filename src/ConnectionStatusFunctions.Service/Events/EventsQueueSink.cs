using System.Text;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// The events queue: one message per event, its CloudEvents JSON as the body, for any Azure
/// consumer to trigger on. Storage queues do not keep order, so consumers order by the event's
/// transition number and dedupe on its id (docs/events.md).
/// </summary>
public sealed class EventsQueueSink(QueueServiceClient queues, IOptions<EventOptions> options) : IEventSink
{
    /// <summary>Storage's limit for a message, in bytes of its text as sent (no encoding is added).</summary>
    public const int MaxMessageBytes = 64 * 1024;

    private readonly QueueClient _queue = queues.GetQueueClient(options.Value.QueueName);

    public async Task AcceptAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var outgoing in events)
        {
            // Validated reports keep every event far below this (docs/events.md, "Limits"): one
            // beyond it could only come from a hand-edited row, and is held back rather than cut.
            if (Encoding.UTF8.GetByteCount(outgoing.CloudEventJson) > MaxMessageBytes)
            {
                throw new InvalidOperationException($"Event {outgoing.Id} is larger than a queue message may be.");
            }

            // A queue deleted by hand since start-up is created again rather than hold every account back.
            await _queue.SendCreatingIfMissingAsync(outgoing.CloudEventJson, visibilityDelay: null, cancellationToken);
        }
    }
}
