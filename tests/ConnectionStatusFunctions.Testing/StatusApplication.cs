using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Standalone.Triggers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

using ConnectionStatusFunctions.Service.Queues;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// The standalone app against the test assembly's Azurite, with tables and queues of its own so no
/// test sees another's rows, and API keys for each role. Its timer and queue loops run only when a
/// test asks for them (<paramref name="withTriggerLoops"/>); otherwise tests drive the triggers' shared code.
/// </summary>
public sealed class StatusApplication(string storageConnectionString, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null, string? sharedStorageName = null, bool withTriggerLoops = false)
    : WebApplicationFactory<Program>
{
    public const string ConnectorKey = "test-connector-key";
    public const string SupportKey = "test-support-key";
    public const string AdminKey = "test-admin-key";
    public const string ScopedConnectorKey = "test-scoped-connector-key";
    public const string ScopedSupportKey = "test-scoped-support-key";
    public const string LineConnectorKey = "test-line-connector-key";
    public const string ScopedTenant = "tenant-scoped";

    /// <summary>What every app's status table's name starts with, for a fault that picks that table before the app is built.</summary>
    public const string ConnectionsTablePrefix = "status";

    public static readonly JsonSerializerOptions ApiJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    // Apps built with the same sharedStorageName share tables, queues and leases, like processes on one storage account.
    private readonly string _suffix = sharedStorageName ?? Guid.NewGuid().ToString("N")[..12];
    private readonly Lock _starting = new();

    public FakeTimeProvider? Clock { get; private set; }

    public string ConnectionsTable => ConnectionsTablePrefix + _suffix;
    public string TenantsTable => "tenants" + _suffix;
    public string ChannelHealthTable => "channels" + _suffix;
    public string FailureQueue => "failures-" + _suffix;
    public string PoisonRecords => FailureQueue + "-poison";
    public string ProbeQueue => "probes-" + _suffix;
    public string ProbePoisonRecords => ProbeQueue + "-poison";
    public string EventsQueue => "events-" + _suffix;
    public string DispatchQueue => "dispatch-" + _suffix;
    public string TenantDeletionQueue => "deletions-" + _suffix;
    public string LeaseContainer => "leases-" + _suffix;
    public string WebhooksTable => "webhooks" + _suffix;
    public string ConnectionString => storageConnectionString;

    /// <summary>Every setting this app runs with: its storage names, the test keys, then the test's own.</summary>
    public IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["AzureWebJobsStorage"] = storageConnectionString,
                ["Storage:ConnectionsTable"] = ConnectionsTable,
                ["Storage:TenantsTable"] = TenantsTable,
                ["Storage:ChannelHealthTable"] = ChannelHealthTable,
                ["FailureQueueName"] = FailureQueue,
                ["ProbeQueueName"] = ProbeQueue,
                ["EventsQueueName"] = EventsQueue,
                ["DispatchQueueName"] = DispatchQueue,
                ["TenantDeletionQueueName"] = TenantDeletionQueue,
                ["Storage:LeaseContainer"] = LeaseContainer,
                ["Storage:WebhooksTable"] = WebhooksTable,
                // The longest allowed: a shared test machine under load can keep Azurite past the
                // production 5 s, and a 503 there is noise; the tests of the budget set their own.
                ["Storage:ResponseTimeout"] = "00:01:00",
            };
            var keys = new (string Name, string Key, string Role, string Tenant)[]
            {
                ("connector", ConnectorKey, Roles.Connector, "*"),
                ("support", SupportKey, Roles.Support, "*"),
                ("admin", AdminKey, Roles.Admin, "*"),
                ("scoped-connector", ScopedConnectorKey, Roles.Connector, ScopedTenant),
                ("scoped-support", ScopedSupportKey, Roles.Support, ScopedTenant),
            };
            for (var i = 0; i < keys.Length; i++)
            {
                all[$"ApiKeys:Keys:{i}:Name"] = keys[i].Name;
                all[$"ApiKeys:Keys:{i}:Sha256"] = ApiKeyOptions.HashOf(keys[i].Key);
                all[$"ApiKeys:Keys:{i}:Role"] = keys[i].Role;
                all[$"ApiKeys:Keys:{i}:Tenants:0"] = keys[i].Tenant;
            }

            // A connector limited to LINE accounts.
            all[$"ApiKeys:Keys:{keys.Length}:Name"] = "line-connector";
            all[$"ApiKeys:Keys:{keys.Length}:Sha256"] = ApiKeyOptions.HashOf(LineConnectorKey);
            all[$"ApiKeys:Keys:{keys.Length}:Role"] = Roles.Connector;
            all[$"ApiKeys:Keys:{keys.Length}:Tenants:0"] = "*";
            all[$"ApiKeys:Keys:{keys.Length}:Channels:0"] = "line";

            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                all[key] = value;
            }

            return all;
        }
    }

    public StatusApplication UseClock(DateTimeOffset now)
    {
        Clock = new FakeTimeProvider(now);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(s =>
        {
            if (!withTriggerLoops)
            {
                foreach (var loop in s.Where(d => d.ServiceType == typeof(IHostedService) && (d.ImplementationType == typeof(ProbeScheduler) || d.ImplementationType == typeof(Service.Events.EventHandOffLoop) || d.ImplementationType is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(QueueListener<>))).ToList())
                {
                    s.Remove(loop);
                }
            }

            if (Clock is not null)
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(Clock);
            }

            services?.Invoke(s);
        });
    }

    /// <summary>
    /// One probe round as the triggers run it, in turn: the tick's distribution, then every request
    /// on the probe queue (surveys included) handled by the shared worker and taken off the queue.
    /// </summary>
    public async Task<ProbeRound> ProbeRoundAsync(bool isPastDue = false)
    {
        var tick = await Services.GetRequiredService<ProbeDistributor>().DistributeAsync(isPastDue, CancellationToken.None);
        return new ProbeRound(tick, await DrainProbeQueueAsync());
    }

    /// <summary>
    /// One tick, then every request it queued received first and handled in the order
    /// <paramref name="order"/> puts them in (it gets them sorted by text, so the order is the
    /// test's, not the queue's); a request <paramref name="lose"/> picks is taken off unhandled, as if
    /// lost. Returns the requests the tick sent.
    /// </summary>
    public async Task<IReadOnlyList<ProbeRequest>> ProbeRoundInOrderAsync(Func<Azure.Storage.Queues.Models.QueueMessage[], IEnumerable<Azure.Storage.Queues.Models.QueueMessage>> order, Func<ProbeRequest, bool>? lose = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        await Services.GetRequiredService<ProbeDistributor>().DistributeAsync(isPastDue: false, CancellationToken.None);
        var queue = new QueueClient(storageConnectionString, ProbeQueue);
        var received = new List<Azure.Storage.Queues.Models.QueueMessage>();
        while (await ReceiveForGoodAsync(queue) is { Length: > 0 } batch)
        {
            received.AddRange(batch);
        }

        var worker = Services.GetRequiredService<ProbeWorker>();
        var sent = new List<ProbeRequest>();
        foreach (var message in order([.. received.OrderBy(m => m.MessageText, StringComparer.Ordinal)]))
        {
            var request = JsonSerializer.Deserialize<ProbeRequest>(message.MessageText, Service.ServiceJson.Options)!;
            sent.Add(request);
            if (lose?.Invoke(request) != true)
            {
                await worker.HandleAsync(message.MessageText, message.DequeueCount, CancellationToken.None);
            }
        }

        return sent;
    }

    /// <summary>
    /// Up to 32 requests off the probe queue, none if it does not exist yet, hidden for longer than any test
    /// runs: for the test they are gone, as a trigger's delete makes them (nothing of the product reads the
    /// probe queue but a worker). Not deleting them one by one, nor asking first whether the queue exists,
    /// spares Azurite a call for every request of every round of the probe-round simulations.
    /// </summary>
    private static async Task<Azure.Storage.Queues.Models.QueueMessage[]> ReceiveForGoodAsync(QueueClient queue)
    {
        try
        {
            return (await queue.ReceiveMessagesAsync(32, TimeSpan.FromDays(1))).Value;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    /// <summary>Handles every request waiting on the probe queue with this app's worker, one at a time.</summary>
    public async Task<IReadOnlyList<ProbeShardSummary>> DrainProbeQueueAsync()
    {
        var queue = new QueueClient(storageConnectionString, ProbeQueue);
        var worker = Services.GetRequiredService<ProbeWorker>();
        var handled = new List<ProbeShardSummary>();
        while (await ReceiveForGoodAsync(queue) is { Length: > 0 } batch)
        {
            foreach (var message in batch)
            {
                handled.Add(await worker.HandleAsync(message.MessageText, message.DequeueCount, CancellationToken.None));
            }
        }

        return handled;
    }

    public HttpClient ClientWithKey(string? key)
    {
        HttpClient client;
        // WebApplicationFactory starts its server on the first CreateClient without a lock, so a test
        // whose first requests go out in parallel could be handed a client before the server exists.
        lock (_starting)
        {
            client = CreateClient();
        }

        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }

        return client;
    }

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string tenant, string account, object report) =>
        client.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{account}", report, ApiJson);
}

/// <summary>What one probe round did: the tick, and each request a worker handled.</summary>
public sealed record ProbeRound(ProbeTickSummary Tick, IReadOnlyList<ProbeShardSummary> Requests)
{
    public int Due => Requests.Sum(r => r.Due);
    public int Probed => Requests.Sum(r => r.Probed);
    public int Failed => Requests.Sum(r => r.Failed);
    public int Skipped => Requests.Sum(r => r.Skipped);
    public bool OutOfTime => Requests.Any(r => r.OutOfTime);
}
