using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// A webhook delivery whose process dies while it sends, sent by the next process on the same storage
/// account. It waits out the dead process's lease (twice the delivery timeout and 30 s: about 50 s)
/// with nothing of its own running, so it is not in the <see cref="SerialCollection"/> (where it held
/// the whole tier for that long) but beside the parallel classes, as <see cref="RunScriptTests"/> is:
/// it only starts processes and waits for them with bounds of minutes.
/// </summary>
[Trait("Tier", "Slow")]
public sealed class KilledDeliveryProcessTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task AnEventWhoseProcessWasKilledMidDeliveryIsDeliveredByTheNextProcess()
    {
        // The receiver holds the first delivery open, so the process is killed while it sends: the delivery row is
        // left pending, leased by the dead process for twice the delivery timeout and 30 s.
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerAfter = TimeSpan.FromMinutes(5);
        var environment = AppProcess.OwnStorage(azurite.ConnectionString, "killed");
        environment["DispatchQueue__MaxPollingInterval"] = "00:00:00.200";
        environment["ProbeSchedule"] = "*/5 * * * * *";

        var first = await AppProcess.StartAsync(environment);
        using var subscribe = new HttpRequestMessage(HttpMethod.Post, "/api/tenants/tenant-k/webhooks") { Content = JsonContent.Create(new { url = receiver.Url("killed") }) };
        subscribe.Headers.Add("X-Api-Key", "dev-admin-key");
        using var report = new HttpRequestMessage(HttpMethod.Patch, "/api/tenants/tenant-k/connections/acct")
        {
            Content = JsonContent.Create(new { status = "error", errorCategory = "auth_error", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), channel = "line" }),
        };
        report.Headers.Add("X-Api-Key", "dev-connector-key");
        await using (first)
        {
            Assert.Equal(HttpStatusCode.Created, (await first.Client.SendAsync(subscribe)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(report)).StatusCode);
            await receiver.WaitForAsync(1);
        }

        var held = Assert.Single(receiver.Received);
        receiver.AnswerAfter = TimeSpan.Zero;
        await using var second = await AppProcess.StartAsync(environment);

        // The second process's tick sweeps the tenant's webhook deliveries (every 5 s here) and sends it once the lease lapses.
        var deliveries = await receiver.WaitForAsync(2, TimeSpan.FromMinutes(3));
        Assert.Equal(held.Id, deliveries[1].Id);
        Assert.Equal(held.Body, deliveries[1].Body);
        Assert.Equal(200, deliveries[1].AnsweredWith);
        var outbox = new TableClient(azurite.ConnectionString, environment["Storage__ConnectionsTable"]);
        Task<bool> OutboxHoldsRowsAsync() => outbox.QueryAsync<TableEntity>("RowKey ge '~~outbox~' and RowKey lt '~~outbox~~'", select: ["RowKey"]).AnyAsync().AsTask();
        var removed = DateTime.UtcNow.AddSeconds(30);
        while (await OutboxHoldsRowsAsync() && DateTime.UtcNow < removed)
        {
            await Task.Delay(200);
        }

        Assert.False(await OutboxHoldsRowsAsync(), "the outbox row was not removed after its publication");
        // At least once, and nothing else.
        Assert.All(receiver.Received, delivery => Assert.Equal(held.Id, delivery.Id));
    }
}
