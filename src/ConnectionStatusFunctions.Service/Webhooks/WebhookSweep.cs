namespace ConnectionStatusFunctions.Service.Webhooks;

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
