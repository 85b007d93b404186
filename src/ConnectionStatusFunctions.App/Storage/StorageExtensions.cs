using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.App.Api;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.App.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddStatusStorage(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StatusPolicy>().BindConfiguration(StatusPolicy.SectionName)
            .Validate(p => !p.Validate().Any(), "StatusPolicy is invalid: see docs/status-engine.md for the allowed ranges.")
            .ValidateOnStart();
        services.AddOptions<ActionTexts>().BindConfiguration(ActionTexts.SectionName)
            .Validate(t => !t.Validate().Any(), "Actions is invalid: RunbookLinks keys must be error categories or 'disconnected', values absolute http(s) URLs.")
            .ValidateOnStart();

        var connection = configuration[StorageOptions.ConnectionSetting];
        if (string.IsNullOrWhiteSpace(connection))
        {
            // The emulator is a sensible default on a laptop; anywhere else a missing setting is a mistake to stop on.
            connection = environment.IsDevelopment()
                ? "UseDevelopmentStorage=true"
                : throw new InvalidOperationException($"{StorageOptions.ConnectionSetting} is not set: give the storage account's connection string (UseDevelopmentStorage=true only in Development).");
        }

        services.AddSingleton(new TableServiceClient(connection));
        services.AddSingleton(new QueueServiceClient(connection, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }));
        services.AddSingleton(new BlobServiceClient(connection));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ConnectionStore>();
        services.AddSingleton<ChannelHealthStore>();
        services.AddSingleton<ReportIntake>();
        services.AddSingleton<ConnectionViews>();
        return services;
    }
}
