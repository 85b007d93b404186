using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Deletion;
using ConnectionStatusFunctions.Service.Demo;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Page;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Telemetry;
using ConnectionStatusFunctions.Service.Webhooks;

namespace ConnectionStatusFunctions.Service;

public static class ServiceRegistration
{
    /// <summary>Everything both hosts share; each feature folder registers its own settings and services.</summary>
    public static IServiceCollection AddConnectionStatusService(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        var appEnvironment = AppEnvironment.Of(environment, configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(appEnvironment);
        services.AddHostedService<EnvironmentDisagreementWarning>();
        services.AddStatusTelemetry(configuration);
        return services
            .AddStatusStorage(configuration, appEnvironment)
            .AddReportIntake()
            .AddEvents()
            .AddProbes()
            .AddDemoTenant(appEnvironment)
            .AddStatusApi()
            .AddSingleton<StatusPage>()
            .AddStatusSecurity(configuration, appEnvironment)
            .AddWebhooks(configuration, appEnvironment)
            .AddTenantDeletion();
    }
}
