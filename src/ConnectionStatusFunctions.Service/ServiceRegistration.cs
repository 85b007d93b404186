using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Demo;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Page;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service;

public static class ServiceRegistration
{
    /// <summary>Everything both hosts share: settings, storage clients, intake, handlers, security, probes.</summary>
    public static IServiceCollection AddConnectionStatusService(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        var appEnvironment = AppEnvironment.Of(environment, configuration);

        // Settings: each stops start-up with messages that name the offending setting.
        services.AddSettings<StorageOptions>(StorageOptions.SectionName, o => o.Validate());
        services.AddSettings<StatusPolicy>(StatusPolicy.SectionName, o => o.Validate())
            .Validate<IOptions<ProbeOptions>>(
                (policy, probes) => ProbedBeforeStale(policy, probes),
                $"{StatusPolicy.SectionName}:StaleAfter (or StaleAfterByChannel) of a channel with a {ProbeOptions.SectionName}:Urls template must be at least {ProbeOptions.SectionName}:Interval plus one {ProbeOptions.ScheduleSetting} tick: a silent account of a probed channel is probed before it can go stale.");
        services.AddSettings<ActionTexts>(ActionTexts.SectionName, o => o.Validate());
        services.AddSettings<OutagePolicy>(OutagePolicy.SectionName, o => o.Validate());
        services.AddSettings<ApiKeyOptions>(ApiKeyOptions.SectionName, o => o.Validate(appEnvironment));
        services.AddSettings<RateLimitOptions>(RateLimitOptions.SectionName, o => o.Validate());
        services.AddSettings<EntraIdOptions>(EntraIdOptions.SectionName, o => o.Validate());
        services.AddSettings<ProbeOptions>(ProbeOptions.SectionName, o => o.Validate())
            .Configure<IConfiguration>((o, c) => o.Schedule = c[ProbeOptions.ScheduleSetting] ?? o.Schedule);
        services.AddSettings<FailureQueueOptions>(FailureQueueOptions.SectionName, o => o.Validate())
            .Configure<IConfiguration>((o, c) => o.Name = c[FailureQueueOptions.NameSetting] ?? o.Name);
        services.AddSettings<ProbeQueueOptions>(ProbeQueueOptions.SectionName, o => o.Validate())
            .Configure<IConfiguration>((o, c) => o.Name = c[ProbeQueueOptions.NameSetting] ?? o.Name)
            .Validate<IOptions<ProbeOptions>>(
                (queue, probes) => BudgetFitsVisibility(queue, probes),
                $"{ProbeOptions.SectionName}:TimeBudget must be shorter than {ProbeQueueOptions.SectionName}:VisibilityTimeout: a standalone listener cancels a request that outlives its visibility.");
        services.AddSettings<DemoOptions>(DemoOptions.SectionName, o => o.Validate(appEnvironment));

        // Storage: one account for tables, queues and leases.
        var storage = StorageConnection.Read(configuration, appEnvironment.IsDevelopment);
        services.AddSingleton(storage.Tables());
        services.AddSingleton(storage.Queues(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }));
        services.AddSingleton(storage.Blobs());
        services.AddSingleton(TimeProvider.System);
        services.AddStatusTelemetry(configuration);
        services.AddSingleton<ConnectionStore>();
        services.AddSingleton<ChannelHealthStore>();
        services.AddSingleton<StorageReachability>();

        // Reports from every source, and the probes that produce some of them.
        services.AddSingleton<ReportIntake>();
        services.AddSingleton<SilenceSweep>();
        services.AddSingleton<FailureReportAbsorber>();
        services.AddSingleton<IQueueMessageHandler<FailureQueueOptions>>(s => s.GetRequiredService<FailureReportAbsorber>());
        services.AddSingleton<ProbeClient>();
        services.AddSingleton<ProbeBackoff>();
        services.AddSingleton<ChannelTally>();
        services.AddSingleton<ProbeDistributor>();
        services.AddSingleton<ProbeWorker>();
        services.AddSingleton<IQueueMessageHandler<ProbeQueueOptions>>(s => s.GetRequiredService<ProbeWorker>());
        // No HTTP client log records: four per probe where the host does not filter them (the
        // Functions worker), each with the probe's URL; the probe's outcome is in the account's row.
        services.AddHttpClient(ProbeClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(ProbeClient.CreateHandler)
            .RemoveAllLoggers();
        services.AddSingleton<DemoSeeder>();

        // HTTP: JSON contract, problems, handlers and who may call them.
        services.ConfigureHttpJsonOptions(o => ServiceJson.Apply(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddSingleton<ProblemMapping>();
        services.AddSingleton<RequestBudget>();
        services.AddSingleton<ConnectionViews>();
        services.AddSingleton<ConnectionsApi>();
        services.AddSingleton<ChannelsApi>();
        services.AddSingleton<AppHealthApi>();
        services.AddSingleton<ApiContract>();
        services.AddSingleton<StatusPage>();
        services.AddSingleton<AccessCheck>();
        services.AddSingleton<RateLimits>();
        var authentication = services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var entraId = configuration.GetSection(EntraIdOptions.SectionName).Get<EntraIdOptions>() ?? new EntraIdOptions();
        if (entraId.Enabled)
        {
            authentication.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, entraId.Configure);
        }

        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.RolesByPolicy)
            {
                o.AddPolicy(policy, p => p.RequireRole(roles));
            }
        });
        return services;
    }

    /// <summary>Invalid probe settings are reported once, by their own rules; this checks only how two valid ones relate.</summary>
    private static bool BudgetFitsVisibility(ProbeQueueOptions queue, IOptions<ProbeOptions> probes)
    {
        try
        {
            return probes.Value.TimeBudget < queue.VisibilityTimeout;
        }
        catch (OptionsValidationException)
        {
            return true;
        }
    }

    /// <summary>Each probed channel's silence limit leaves room for one probe; invalid probe settings are reported by their own rules.</summary>
    private static bool ProbedBeforeStale(StatusPolicy policy, IOptions<ProbeOptions> probes)
    {
        try
        {
            var leastLimit = probes.Value.Interval + probes.Value.TickPeriod;
            return probes.Value.Urls.Keys.All(name => !WireName.TryParse<Channel>(name, out var channel) || policy.StaleAfterFor(channel) >= leastLimit);
        }
        catch (OptionsValidationException)
        {
            return true;
        }
    }

    /// <summary>Binds a settings class from its section and validates it at start-up with its own rules.</summary>
    private static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section, Func<T, IEnumerable<string>> rules) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SettingsRules<T>(rules));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private sealed class SettingsRules<T>(Func<T, IEnumerable<string>> rules) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = rules(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
