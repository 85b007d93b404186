using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Probes;

namespace ConnectionStatusFunctions.Standalone.Triggers;

public static class TriggerRegistration
{
    /// <summary>What the Functions host would otherwise drive: the probe timer (one tick per storage account), the failure-report queue and the probe-request queue.</summary>
    public static IServiceCollection AddStandaloneTriggers(this IServiceCollection services)
    {
        services.AddSingleton<TickClaims>();
        services.AddHostedService<ProbeScheduler>();
        services.AddHostedService<QueueListener<FailureQueueOptions>>();
        services.AddHostedService<QueueListener<ProbeQueueOptions>>();
        return services;
    }
}
