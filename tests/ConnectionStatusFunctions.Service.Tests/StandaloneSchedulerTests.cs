using System.Net;
using System.Net.Http.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The standalone host's own timer: several processes on one storage account.</summary>
[Collection(SerialCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class StandaloneSchedulerTests(Azurite azurite) : IClassFixture<Azurite>
{
    /// <summary>The app's own timer on <paramref name="schedule"/>, probing LINE accounts at the fake connector.</summary>
    private static Dictionary<string, string?> Probing(FakeConnector connector, string schedule) => new()
    {
        ["ProbeSchedule"] = schedule,
        ["Probes:Interval"] = "00:00:01",
        ["Probes:Urls:line"] = connector.Template,
    };

    [Fact]
    public async Task TwoProcessesOnOneStorageAccountRunEachTickOnce()
    {
        await using var connector = await FakeConnector.StartAsync();
        var environment = AppProcess.OwnStorage(azurite.ConnectionString, "ticks");
        // A request taken well within its tick, not after the listener's default idle back-off of up to 2 s.
        environment["ProbeQueue__MaxPollingInterval"] = "00:00:00.200";
        environment["Logging__LogLevel__ConnectionStatusFunctions.Standalone.Triggers.ProbeScheduler"] = "Debug";
        // Every second second: four ticks are the test's wait, and at every fifth second they took 20 s of the serial collection.
        foreach (var (name, value) in Probing(connector, "*/2 * * * * *"))
        {
            environment[name.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        var (first, second) = await AppProcess.StartPairAsync(environment);
        await using var disposeFirst = first;
        await using var disposeSecond = second;
        using var seed = new HttpRequestMessage(HttpMethod.Patch, "/api/tenants/tenant-s/connections/acct")
        {
            Content = JsonContent.Create(new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"), channel = "line" }),
        };
        seed.Headers.Add("X-Api-Key", "dev-connector-key");
        Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(seed)).StatusCode);

        // Every tick finds the account due again (its interval is a second); bounded wait for 4 of them.
        var deadline = DateTime.UtcNow.AddSeconds(90); // returns as soon as it holds; a loaded two-core machine can take tens of seconds
        while (connector.Calls.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        // Each process says which ticks it claimed. Grouping the connector's calls by the tick their arrival falls in
        // could not tell a doubled tick from a late one (at load average 30-40 a tick's probe ran past the next tick),
        // so the ticks are counted from what the processes claimed: no tick claimed twice, and no more calls than
        // ticks. A call's claim is logged before it is made, but the console writes a moment later: wait for it.
        var calls = connector.Calls.Count;
        var claimed = ClaimedTicks(first, second);
        var logged = DateTime.UtcNow.AddSeconds(15);
        while (claimed.Count < calls && DateTime.UtcNow < logged)
        {
            await Task.Delay(200);
            claimed = ClaimedTicks(first, second);
        }

        Assert.True(claimed.Count >= 4, $"only {claimed.Count} ticks were claimed");
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.InRange(calls, 4, claimed.Count);
    }

    private static List<string> ClaimedTicks(params AppProcess[] processes) =>
        processes.SelectMany(process => process.Output)
            .Select(line => line.IndexOf(ClaimedTick, StringComparison.Ordinal) is >= 0 and var at ? line[(at + ClaimedTick.Length)..].Trim() : null)
            .OfType<string>()
            .ToList();

    private const string ClaimedTick = "Claimed probe tick ";

    [Fact]
    public async Task TwoProcessesShareTheProbeQueueAndTheNewerObservationWins()
    {
        await using var connector = await FakeConnector.StartAsync();
        connector.Default = new FakeConnector.Reply(401);
        var environment = AppProcess.OwnStorage(azurite.ConnectionString, "shared");
        var probeQueue = environment["ProbeQueueName"];
        environment["ProbeQueue__MaxPollingInterval"] = "00:00:00.200";
        environment["ProbeSchedule"] = "*/2 * * * * *";
        // Each account is due once in this test: a second probe of one could only come from two workers at once.
        environment["Probes__Interval"] = "01:00:00";
        // The accounts were last heard of two hours ago: not silent long enough to be stale meanwhile.
        environment["StatusPolicy__StaleAfter"] = "1.00:00:00";
        environment["Probes__Urls__line"] = connector.Template;

        var (first, second) = await AppProcess.StartPairAsync(environment);
        await using var disposeFirst = first;
        await using var disposeSecond = second;
        var accounts = Enumerable.Range(0, 30).Select(i => (Tenant: $"tenant-{i % 6}", Account: $"acct-{i:D2}")).ToList();
        foreach (var (tenant, account) in accounts)
        {
            using var seed = new HttpRequestMessage(HttpMethod.Patch, $"/api/tenants/{tenant}/connections/{account}")
            {
                Content = JsonContent.Create(new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O"), channel = "line" }),
            };
            seed.Headers.Add("X-Api-Key", "dev-connector-key");
            Assert.Equal(HttpStatusCode.OK, (await (accounts.IndexOf((tenant, account)) % 2 == 0 ? first : second).Client.SendAsync(seed)).StatusCode);
        }

        // A malformed request on the same queue: poisoned by whichever process takes it.
        var queue = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, probeQueue);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("{\"tenantId\":\"tenant-0\",\"round\":\"not a time\"}");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (connector.Calls.Select(c => c.Account).Distinct().Count() < accounts.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(4)); // two more ticks: nothing is due any more
        var poison = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, probeQueue + "-poison");
        Assert.True(await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length == 1, "the malformed request was not poisoned");
        foreach (var (tenant, account) in accounts)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/tenants/{tenant}/connections/{account}");
            get.Headers.Add("X-Api-Key", "dev-support-key");
            using var document = System.Text.Json.JsonDocument.Parse(await (await second.Client.SendAsync(get)).Content.ReadAsStringAsync());
            var row = document.RootElement;
            var calls = connector.Calls.Where(c => c.Account == account).Select(c => c.At).ToList();
            Assert.True(calls.Count >= 1, $"{account} was never probed");
            Assert.Equal(("error", "probe"), (row.GetProperty("status").GetString(), row.GetProperty("lastSource").GetString()));
            // Probed twice by two workers at once or not, the stored check is the newest answer's.
            Assert.True(row.GetProperty("lastCheckedAt").GetDateTimeOffset() >= calls.Max(), $"{account}: an older probe result replaced a newer one");
        }

        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task ATickThatFailsDoesNotStopTheSchedule()
    {
        await using var connector = await FakeConnector.StartAsync();
        var settings = Probing(connector, "* * * * * *");
        // The first claim fails the way the Azure SDK gives up after its own retries; later ones reach Azurite.
        var real = new BlobServiceClient(azurite.ConnectionString);
        var blip = new StorageBlip();
        using var app = new StatusApplication(azurite.ConnectionString, services =>
        {
            services.RemoveAll<BlobServiceClient>();
            var blobs = new Mock<BlobServiceClient>();
            blobs.Setup(b => b.GetBlobContainerClient(It.IsAny<string>())).Returns((string name) => blip.Pass(() => real.GetBlobContainerClient(name)));
            services.AddSingleton(blobs.Object);
        }, settings, withTriggerLoops: true);
        var seeded = await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-f", "acct", new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"), channel = "line" });
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(60); // returns as soon as it holds; a loaded two-core machine can take tens of seconds
        while (connector.Calls.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(blip.Calls >= 2, $"{blip.Calls} claims");
        Assert.False(connector.Calls.IsEmpty, "no tick ran after the failed one");
    }
}
