using ConnectionStatusFunctions.Service.Deletion;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Probes;

namespace ConnectionStatusFunctions.Standalone.Triggers;

public static class TriggerRegistration
{
    /// <summary>What the Functions host would otherwise drive: the probe timer (one tick per storage account), the failure-report queue, the probe-request queue, the dispatch queue and the tenant deletion queue; and the in-process hand-off of events.</summary>
    public static IServiceCollection AddStandaloneTriggers(this IServiceCollection services)
    {
        services.AddSingleton<TickClaims>();
        services.AddHostedService<ProbeScheduler>();
        services.AddHostedService<QueueListener<FailureQueueOptions>>();
        services.AddHostedService<QueueListener<ProbeQueueOptions>>();
        services.AddHostedService<QueueListener<DispatchQueueOptions>>();
        services.AddHostedService<QueueListener<TenantDeletionQueueOptions>>();
        services.UseInProcessHandOff();
        return services;
    }
}
