namespace ConnectionStatusFunctions.Standalone.Triggers;

public static class TriggerRegistration
{
    /// <summary>What the Functions host would otherwise drive: the probe timer (one tick per storage account) and the failure-report queue.</summary>
    public static IServiceCollection AddStandaloneTriggers(this IServiceCollection services)
    {
        services.AddSingleton<TickClaims>();
        services.AddHostedService<ProbeScheduler>();
        services.AddHostedService<FailureQueueListener>();
        return services;
    }
}
