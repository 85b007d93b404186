using ConnectionStatusFunctions.Service.Events;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// The webhook sink: writes a delivery row per event per matching active subscription of the
/// tenant, durably and idempotently (an event offered again writes nothing new), then hands the
/// tenant to this process's delivery run; the sweep covers a process that dies before sending.
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

            if (await store.AddDeliveriesAsync(subscriptions, [.. tenant], cancellationToken))
            {
                deliveries.Nudge(tenant.Key);
            }
        }
    }
}

/// <summary>
/// Runs every few minutes on the probe tick in both hosts: each tenant with subscriptions gets a
/// delivery run (due retries, and deliveries a process left when it died) and its finished rows
/// past their retention removed. One query for the tenants, two per tenant.
/// </summary>
public sealed class WebhookSweep(WebhookStore store, WebhookDeliveries deliveries, ILogger<WebhookSweep> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var tenantId in await store.ListTenantsAsync(cancellationToken))
        {
            try
            {
                await deliveries.DeliverDueAsync(tenantId, cancellationToken);
                await store.PruneFinishedAsync(tenantId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One tenant's failure (its secret unreadable, storage busy) must not stop the others.
                logger.LogWarning("Webhook sweep of tenant {TenantId} failed ({Reason}); the next sweep tries again", tenantId, e.GetType().Name);
            }
        }
    }
}
