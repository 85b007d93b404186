using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.App.Triggers;

public static class TriggerExtensions
{
    public static IServiceCollection AddTriggers(this IServiceCollection services)
    {
        services.AddOptions<TriggerOptions>().BindConfiguration(TriggerOptions.SectionName);
        services.AddOptions<FailureQueueOptions>()
            .BindConfiguration(FailureQueueOptions.SectionName)
            .Configure<IConfiguration>((o, c) => o.Name = c[FailureQueueOptions.NameSetting] ?? o.Name)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ProbeOptions>()
            .BindConfiguration(ProbeOptions.SectionName)
            .Configure<IConfiguration>((o, c) => o.Schedule = c[ProbeOptions.ScheduleSetting] ?? o.Schedule)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProbeOptions>, ProbeOptionsValidator>();

        services.AddHttpClient(ProbeRunner.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<FailureReportAbsorber>();
        services.AddSingleton<ProbeRunner>();
        services.AddSingleton<TickClaims>();
        services.AddHostedService<FailureQueueListener>();
        services.AddHostedService<ProbeScheduler>();
        return services;
    }

    public static IEndpointRouteBuilder MapTriggerInvocations(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<TriggerOptions>>().Value.HostInvocations)
        {
            app.MapHostInvocations();
        }

        return app;
    }

    /// <summary>Names each problem in the start-up failure.</summary>
    private sealed class ProbeOptionsValidator : IValidateOptions<ProbeOptions>
    {
        public ValidateOptionsResult Validate(string? name, ProbeOptions options)
        {
            var failures = options.Validate().ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
