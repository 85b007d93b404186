using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectionStatusFunctions.App.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// The app against the test assembly's Azurite, with tables and queues of its own so no test sees
/// another's rows, and API keys for each role.
/// </summary>
public sealed class StatusApplication(string storageConnectionString, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null, string? sharedStorageName = null)
    : WebApplicationFactory<Program>
{
    public const string ConnectorKey = "test-connector-key";
    public const string SupportKey = "test-support-key";
    public const string AdminKey = "test-admin-key";
    public const string ScopedConnectorKey = "test-scoped-connector-key";
    public const string ScopedTenant = "tenant-scoped";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    // Apps built with the same sharedStorageName share tables, queues and leases, like processes on one storage account.
    private readonly string _suffix = sharedStorageName ?? Guid.NewGuid().ToString("N")[..12];

    public FakeTimeProvider? Clock { get; private set; }

    public string ConnectionsTable => "status" + _suffix;
    public string TenantsTable => "tenants" + _suffix;
    public string ChannelHealthTable => "channels" + _suffix;
    public string FailureQueue => "failures-" + _suffix;
    public string PoisonQueue => FailureQueue + "-poison";
    public string LeaseContainer => "leases-" + _suffix;
    public string ConnectionString => storageConnectionString;

    public StatusApplication UseClock(DateTimeOffset now)
    {
        Clock = new FakeTimeProvider(now);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("AzureWebJobsStorage", storageConnectionString);
        builder.UseSetting("Storage:ConnectionsTable", ConnectionsTable);
        builder.UseSetting("Storage:TenantsTable", TenantsTable);
        builder.UseSetting("Storage:ChannelHealthTable", ChannelHealthTable);
        builder.UseSetting("FailureQueueName", FailureQueue);
        builder.UseSetting("Storage:LeaseContainer", LeaseContainer);
        // Triggers are driven by each test: the host's invocation payloads, or the standalone loop where a test turns it on.
        builder.UseSetting("Triggers:Standalone", "false");
        builder.UseSetting("Triggers:HostInvocations", "true");
        var keys = new (string Name, string Key, string Role, string Tenant)[]
        {
            ("connector", ConnectorKey, Roles.Connector, "*"),
            ("support", SupportKey, Roles.Support, "*"),
            ("admin", AdminKey, Roles.Admin, "*"),
            ("scoped-connector", ScopedConnectorKey, Roles.Connector, ScopedTenant),
        };
        for (var i = 0; i < keys.Length; i++)
        {
            builder.UseSetting($"ApiKeys:Keys:{i}:Name", keys[i].Name);
            builder.UseSetting($"ApiKeys:Keys:{i}:Sha256", ApiKeyOptions.HashOf(keys[i].Key));
            builder.UseSetting($"ApiKeys:Keys:{i}:Role", keys[i].Role);
            builder.UseSetting($"ApiKeys:Keys:{i}:Tenants:0", keys[i].Tenant);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(s =>
        {
            if (Clock is not null)
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(Clock);
            }

            services?.Invoke(s);
        });
    }

    public HttpClient ClientWithKey(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }

        return client;
    }

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string tenant, string account, object report) =>
        client.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{account}", report, Json);
}
