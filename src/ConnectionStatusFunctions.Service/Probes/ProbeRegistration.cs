using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Probes;

public static class ProbeRegistration
{
    /// <summary>The probe timer's distributor, the probe-request queue's worker, and the HTTP client they probe with.</summary>
    public static IServiceCollection AddProbes(this IServiceCollection services)
    {
        services.AddSettings<ProbeOptions, ProbeOptionsValidator>(ProbeOptions.SectionName, o => o.Validate())
            .Configure<IConfiguration>((o, c) => o.Schedule = c[ProbeOptions.ScheduleSetting] ?? o.Schedule);
        services.AddSingleton(s => s.GetRequiredService<IOptions<ProbeOptions>>().Value.ToOutagePolicy());
        services.AddSettings<ProbeQueueOptions, ProbeQueueOptionsValidator>(ProbeQueueOptions.SectionName, o => o.Validate())
            .Configure<IConfiguration>((o, c) => o.Name = c[ProbeQueueOptions.NameSetting] ?? o.Name)
            .Validate<IOptions<ProbeOptions>>(
                (queue, probes) => Settings.WhenValid(probes, p => p.TimeBudget < queue.VisibilityTimeout),
                $"{ProbeOptions.SectionName}:TimeBudget must be shorter than {ProbeQueueOptions.SectionName}:VisibilityTimeout: a standalone listener cancels a request that outlives its visibility.");
        services.AddOptions<StatusPolicy>()
            .Validate<IOptions<ProbeOptions>>(
                (policy, probes) => Settings.WhenValid(probes, p => ProbedBeforeStale(policy, p)),
                $"{StatusPolicy.SectionName}:StaleAfter (or StaleAfterByChannel) of a channel with a {ProbeOptions.SectionName}:Urls template must be at least {ProbeOptions.SectionName}:Interval plus one {ProbeOptions.ScheduleSetting} tick: a silent account of a probed channel is probed before it can go stale.");

        services.AddSingleton<ProbeClient>();
        services.AddSingleton<ProbeBackoff>();
        services.AddSingleton<ChannelTally>();
        services.AddSingleton<ProbeDistributor>();
        services.AddSingleton<TenantSurvey>();
        services.AddSingleton<ProbeWorker>();
        services.AddSingleton<IQueueMessageHandler<ProbeQueueOptions>>(s => s.GetRequiredService<ProbeWorker>());
        // No HTTP client log records: four per probe where the host does not filter them (the
        // Functions worker), each with the probe's URL; the probe's outcome is in the account's row.
        services.AddHttpClient(ProbeClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(ProbeClient.CreateHandler)
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>Each probed channel's silence limit leaves room for one probe.</summary>
    private static bool ProbedBeforeStale(StatusPolicy policy, ProbeOptions probes)
    {
        var leastLimit = probes.Interval + probes.TickPeriod;
        return probes.Urls.Keys.All(name => !WireName.TryParse<Channel>(name, out var channel) || policy.StaleAfterFor(channel) >= leastLimit);
    }
}
