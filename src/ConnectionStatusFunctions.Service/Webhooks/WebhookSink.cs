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

/// <summary>
/// Runs every few minutes on the probe tick in both hosts: each tenant with subscriptions gets a
/// delivery run of each subscription's lane with pending deliveries (due retries, and deliveries a
/// process left when it died) and its finished rows past their retention removed. One query for the
/// tenants, two per tenant and one per lane with pending deliveries. Tenants go side by side, and so
/// do a tenant's lanes; a lane whose run is already under way in this process is left to it, so the
/// tick waits at most about twice the delivery timeout, however many receivers hang or answer slowly.
/// </summary>
public sealed class WebhookSweep(WebhookStore store, WebhookDeliveries deliveries, ILogger<WebhookSweep> logger)
{
    /// <summary>Tenants swept at once.</summary>
    public const int Concurrency = 16;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var tenants = await store.ListTenantsAsync(cancellationToken);
        await Parallel.ForEachAsync(tenants, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (tenantId, token) =>
        {
            try
            {
                await deliveries.DeliverDueUnlessRunningAsync(tenantId, token);
                await store.PruneFinishedAsync(tenantId, token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One tenant's failure (its secret unreadable, storage busy) must not stop the others.
                logger.LogWarning("Webhook sweep of tenant {TenantId} failed ({Reason}); the next sweep tries again", tenantId, e.GetType().Name);
            }
        });
    }
}
