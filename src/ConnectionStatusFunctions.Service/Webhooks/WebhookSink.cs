using ConnectionStatusFunctions.Service.Events;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// The webhook sink: writes a delivery row per event per matching active subscription of the
/// tenant, durably and idempotently (an event offered again writes nothing new), then nudges the
/// delivery lane of each subscription that got a new row in this process; the sweep covers a process
/// that dies before sending.
/// </summary>
public sealed class WebhookSink(WebhookStore store, WebhookDeliveries deliveries) : IEventSink
{
    public async Task AcceptAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var tenant in events.GroupBy(e => e.TenantId, StringComparer.Ordinal))
        {
            var subscriptions = await store.ListAsync(tenant.Key, cancellationToken);
            if (subscriptions.All(s => s.View.State != WebhookState.Active))
            {
                continue;
            }

            deliveries.Nudge(tenant.Key, await store.AddDeliveriesAsync(subscriptions, [.. tenant], cancellationToken));
        }
    }
}
