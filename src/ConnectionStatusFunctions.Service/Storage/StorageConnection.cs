using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The storage account, read the way Azure Functions reads its <c>AzureWebJobsStorage</c> setting:
/// either a connection string, or an identity-based connection (<c>AzureWebJobsStorage__accountName</c>,
/// or the three <c>__tableServiceUri</c>, <c>__queueServiceUri</c>, <c>__blobServiceUri</c>, with
/// <c>__credential</c> = <c>managedidentity</c> and an optional <c>__clientId</c>), so no account key
/// need be configured. Tables, queues and the tick lease all use the same account.
/// </summary>
public sealed record StorageConnection(string? ConnectionString, Uri? TableUri, Uri? QueueUri, Uri? BlobUri, string? Credential, string? ClientId)
{
    public const string Setting = StorageOptions.ConnectionSetting;
    public const string Emulator = "UseDevelopmentStorage=true";

    public bool UsesIdentity => ConnectionString is null;

    /// <summary>Reads the setting; a missing or incomplete one throws with a message that names what is missing.</summary>
    public static StorageConnection Read(IConfiguration configuration, bool isDevelopment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Setting);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return FromConnectionString(section.Value);
        }

        var accountName = section["accountName"];
        var tableUri = ServiceUri(section, "tableServiceUri", accountName, "table");
        var queueUri = ServiceUri(section, "queueServiceUri", accountName, "queue");
        var blobUri = ServiceUri(section, "blobServiceUri", accountName, "blob");
        var credential = section["credential"];
        var clientId = section["clientId"];
        if (tableUri is null && queueUri is null && blobUri is null && credential is null && clientId is null)
        {
            // The emulator is a sensible default on a laptop; anywhere else a missing setting is a mistake to stop on.
            return isDevelopment
                ? FromConnectionString(Emulator)
                : throw new InvalidOperationException($"{Setting} is not set: give the storage account's connection string, or {Setting}__accountName for a managed identity ({Emulator} only in Development).");
        }

        var missing = new[] { ("tableServiceUri", tableUri), ("queueServiceUri", queueUri), ("blobServiceUri", blobUri) }
            .Where(s => s.Item2 is null)
            .Select(s => $"{Setting}__{s.Item1}")
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{Setting} is an identity-based connection without {string.Join(", ", missing)}: set {Setting}__accountName, or all three service URIs.");
        }

        if (credential is not null && !string.Equals(credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{Setting}__credential '{credential}' is not supported: use 'managedidentity', or leave it unset for the default Azure credential.");
        }

        if (clientId is not null && credential is null)
        {
            throw new InvalidOperationException($"{Setting}__clientId is set without {Setting}__credential = managedidentity.");
        }

        return new StorageConnection(null, tableUri, queueUri, blobUri, credential, clientId);
    }

    public TableServiceClient Tables()
    {
        var options = FailFast(new TableClientOptions());
        return ConnectionString is not null ? new TableServiceClient(ConnectionString, options) : new TableServiceClient(TableUri, TokenCredential(), options);
    }

    public QueueServiceClient Queues(QueueClientOptions options)
    {
        FailFast(options);
        return ConnectionString is not null ? new QueueServiceClient(ConnectionString, options) : new QueueServiceClient(QueueUri, TokenCredential(), options);
    }

    public BlobServiceClient Blobs()
    {
        var options = FailFast(new BlobClientOptions());
        return ConnectionString is not null ? new BlobServiceClient(ConnectionString, options) : new BlobServiceClient(BlobUri, TokenCredential(), options);
    }

    /// <summary>
    /// Two quick retries instead of the SDK's default three with 0.8 s exponential delays (about
    /// 5.5 s on refused connections): a caller gets its 503 with Retry-After within a second and
    /// retries itself, and the trigger loops back off on their own. The 30 s network timeout per try
    /// is the triggers' budget; an HTTP request is cut shorter by its <see cref="Api.RequestBudget"/>,
    /// which the request's first call to storage starts and every successful answer from storage
    /// (status below 500, not 408) restarts.
    /// </summary>
    private static T FailFast<T>(T options) where T : ClientOptions
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.AddPolicy(new StorageAnswers(), HttpPipelinePosition.PerRetry);
        return options;
    }

    private sealed class StorageAnswers : HttpPipelineSynchronousPolicy
    {
        // The budget counts from the request's first call to storage, not from its start.
        public override void OnSendingRequest(HttpMessage message) => Api.RequestBudget.StorageCalled();

        // A 5xx (or 408) is storage failing, not working: counting it would let a store that fails
        // slowly hold a caller for the budget once per SDK try.
        public override void OnReceivedResponse(HttpMessage message)
        {
            if (message.Response.Status is not (408 or >= 500))
            {
                Api.RequestBudget.StorageAnswered();
            }
        }
    }

    /// <summary>A managed identity (system-assigned, or the user-assigned one named by its client id), else the default chain.</summary>
    public TokenCredential TokenCredential() => Credential is null
        ? new DefaultAzureCredential()
        : new ManagedIdentityCredential(ClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(ClientId));

    private static StorageConnection FromConnectionString(string connectionString) => new(connectionString, null, null, null, null, null);

    private static Uri? ServiceUri(IConfigurationSection section, string key, string? accountName, string service)
    {
        var text = section[key] ?? (string.IsNullOrWhiteSpace(accountName) ? null : $"https://{accountName}.{service}.core.windows.net");
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new InvalidOperationException($"{Setting}__{key} '{text}' is not an absolute http(s) URI.");
    }
}
