using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Security;

namespace ConnectionStatusFunctions.Service.Storage;

public static class StorageRegistration
{
    /// <summary>One storage account for tables, queues and leases, and the stores over it.</summary>
    public static IServiceCollection AddStatusStorage(this IServiceCollection services, IConfiguration configuration, AppEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        services.AddSettings<StorageOptions, StorageOptionsValidator>(StorageOptions.SectionName, o => o.Validate());
        var storage = StorageConnection.Read(configuration, environment.IsDevelopment);
        services.AddSingleton(storage.Tables());
        services.AddSingleton(storage.Queues(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }));
        services.AddSingleton(storage.Blobs());
        services.AddSingleton<StatusRowReader>();
        services.AddSingleton<ConnectionStore>();
        services.AddSingleton<AccountDeletionStore>();
        services.AddSingleton<ConnectionLists>();
        services.AddSingleton<AttentionIndexStore>();
        services.AddSingleton<ConnectionHistory>();
        services.AddSingleton<TenantStore>();
        services.AddSingleton<StatusRowScans>();
        services.AddSingleton<ChannelHealthStore>();
        services.AddSingleton<ProbeCountStore>();
        services.AddSingleton<QueuedShardStore>();
        services.AddSingleton<ChannelPauseStore>();
        services.AddSingleton<StorageReachability>();
        services.AddSingleton<PoisonRecords>();
        return services;
    }
}
