using ConnectionStatusFunctions.Service.Queues;

namespace ConnectionStatusFunctions.Service.Deletion;

public static class TenantDeletionRegistration
{
    /// <summary>The DELETE of a tenant and its status route, the deletion queue's settings, its handler (both hosts' trigger calls it) and the queue's creation.</summary>
    public static IServiceCollection AddTenantDeletion(this IServiceCollection services)
    {
        services.AddSettings<TenantDeletionQueueOptions, TenantDeletionQueueOptionsValidator>(TenantDeletionQueueOptions.SectionName, o => o.Validate())
            .Configure<IConfiguration>((o, c) => o.Name = c[TenantDeletionQueueOptions.NameSetting] ?? o.Name);
        services.AddSingleton<TenantDeletionHandler>();
        services.AddSingleton<IQueueMessageHandler<TenantDeletionQueueOptions>>(s => s.GetRequiredService<TenantDeletionHandler>());
        services.AddSingleton<TenantDeletionApi>();
        services.AddHostedService<TenantDeletionQueueCreation>();
        return services;
    }
}
