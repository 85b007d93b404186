using ConnectionStatusFunctions.Core;

using ConnectionStatusFunctions.Service.Queues;

namespace ConnectionStatusFunctions.Service.Intake;

public static class IntakeRegistration
{
    /// <summary>Reports from every source (HTTP, the failure-report queue, silence) and the status policy they are applied with.</summary>
    public static IServiceCollection AddReportIntake(this IServiceCollection services)
    {
        services.AddSettings<StatusPolicy>(StatusPolicy.SectionName, o => o.Validate());
        services.AddSettings<FailureQueueOptions, FailureQueueOptionsValidator>(FailureQueueOptions.SectionName, o => o.Validate())
            .Configure<IConfiguration>((o, c) => o.Name = c[FailureQueueOptions.NameSetting] ?? o.Name);
        services.AddSingleton<ReportIntake>();
        services.AddSingleton<SilenceSweep>();
        services.AddSingleton<QueuedReportHandler>();
        services.AddSingleton<IQueueMessageHandler<FailureQueueOptions>>(s => s.GetRequiredService<QueuedReportHandler>());
        services.AddHostedService<FailureQueueCreation>();
        return services;
    }
}
