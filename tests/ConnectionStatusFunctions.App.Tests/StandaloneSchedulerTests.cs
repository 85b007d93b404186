using System.Net;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.App.Tests;

/// <summary>The timer as the app drives it itself: several processes on one storage account.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StandaloneSchedulerTests(Azurite azurite)
{
    [Fact]
    public async Task TwoProcessesOnOneStorageAccountRunEachTickOnce()
    {
        await using var connector = await FakeConnector.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Triggers:Standalone"] = "true",
            ["ProbeSchedule"] = "*/2 * * * * *",
            ["Probes:Interval"] = "00:00:01",
            ["Probes:Urls:line"] = connector.Template,
        };
        var shared = Guid.NewGuid().ToString("N")[..12];
        using var first = new StatusApplication(azurite.ConnectionString, settings: settings, sharedStorageName: shared);
        using var second = new StatusApplication(azurite.ConnectionString, settings: settings, sharedStorageName: shared);
        var seeded = await PatchAsync(first.ClientWithKey(ConnectorKey), "tenant-s", "acct", new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"), channel = "line" });
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        _ = second.CreateClient(); // both schedulers now run

        // Every tick (each even second) finds the account due again; bounded wait for 4 of them.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (connector.Calls.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        await first.DisposeAsync();
        await second.DisposeAsync();
        var perTick = connector.Calls
            .GroupBy(c => c.At.ToUnixTimeSeconds() / 2)
            .Select(g => g.Count())
            .ToList();
        Assert.True(perTick.Count >= 4, $"only {perTick.Count} ticks ran");
        Assert.All(perTick, count => Assert.Equal(1, count));
    }
}
