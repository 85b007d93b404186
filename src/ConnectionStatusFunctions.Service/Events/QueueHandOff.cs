namespace ConnectionStatusFunctions.Service.Events;

/// <summary>The Functions app's hand-off: a dispatch request on the queue, visible at once, which the DispatchEvents function takes.</summary>
public sealed class QueueHandOff(DispatchRequestHandler requests, ILogger<QueueHandOff> logger) : IEventHandOff
{
    public async Task HandOffAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            await requests.RequestAsync(tenantId, TimeSpan.Zero, cancellationToken);
        }
        catch (Exception e)
        {
            // The type only: storage's text can repeat what a request was signed with.
            logger.LogWarning("Could not request the dispatch of {TenantId}'s events ({Error}); the sweep publishes them", tenantId, e.GetType().Name);
        }
    }
}
