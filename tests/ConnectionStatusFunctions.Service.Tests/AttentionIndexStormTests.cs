using System.Net;
using System.Net.Http.Json;
using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Moq;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The attention index under 412 storms, against Azurite: before each conditional write of a status
/// row a rival writer really changes that row, so Azurite itself refuses the write (and every other
/// action of its transaction: the history entry, the index rows); the index must end as the status
/// rows say, whether the storm outlasts the write's attempts (503) or ends before them (applied).
/// </summary>
public sealed class AttentionIndexStormTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private const string Tenant = "tenant-storm";

    private static StatusApplication StormyApp(string connectionString, Func<bool> rivalWrites) =>
        new StatusApplication(connectionString, services => StatusRowStorm.ReplaceTables(services, connectionString, rivalWrites)).UseClock(Now);

    private static async Task<HttpStatusCode> ReportAsync(StatusApplication app, string account, string status, DateTimeOffset at) =>
        (await PatchAsync(app.ClientWithKey(ConnectorKey), Tenant, account, new { status, checkedAt = at.ToString("O"), errorCategory = status == "error" ? "unknown" : null })).StatusCode;

    [Theory]
    [InlineData("error", "disconnected")] // the entry moves: old one deleted, new one added
    [InlineData("error", "connected")] // the entry goes
    [InlineData("connected", "error")] // an entry comes
    [InlineData("error", "error")] // the entry is rewritten in place
    public async Task AStormThatOutlastsTheAttemptsLeavesTheIndexAsItWasAndOneThatEndsLeavesItAsTheNewState(string from, string to)
    {
        var rivals = 0;
        var allowedRivals = 0;
        using var app = StormyApp(azurite.ConnectionString, () => Interlocked.Increment(ref rivals) <= Volatile.Read(ref allowedRivals));
        var table = new TableClient(app.ConnectionString, app.ConnectionsTable);
        Assert.Equal(HttpStatusCode.OK, await ReportAsync(app, "acct", from, Now.AddHours(-2)));
        var indexBefore = (await AttentionIndex.RowsAsync(table, Tenant)).Select(r => r.RowKey).ToList();

        (rivals, allowedRivals) = (0, int.MaxValue);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReportAsync(app, "acct", to, Now.AddHours(-1)));

        Assert.Equal(new StorageOptions().WriteAttempts, rivals);
        Assert.Equal(indexBefore, (await AttentionIndex.RowsAsync(table, Tenant)).Select(r => r.RowKey));
        await AttentionIndex.AssertAgreesAsync(table, Tenant, Now);
        var view = (await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>($"/api/tenants/{Tenant}/connections/acct", ApiJson))!;
        Assert.Equal((WireName.Parse<ConnectionStatus>(from), Now.AddHours(-2)), (view.Status, view.LastCheckedAt));

        // A storm that ends one attempt before the write gives up.
        (rivals, allowedRivals) = (0, new StorageOptions().WriteAttempts - 1);
        Assert.Equal(HttpStatusCode.OK, await ReportAsync(app, "acct", to, Now.AddHours(-1)));

        await AttentionIndex.AssertAgreesAsync(table, Tenant, Now);
        var list = (await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionList>($"/api/tenants/{Tenant}/connections?needsAttention=true", ApiJson))!;
        string[] expected = to == "connected" ? [] : ["acct"];
        Assert.Equal(expected, list.Items.Select(i => i.ChannelAccountId));
        Assert.Equal(expected.Length, list.Total);
        Assert.Equal(to == "connected" ? null : from == "error" && to == "error" ? Now.AddHours(-2) : Now.AddHours(-1), list.Items.SingleOrDefault()?.AttentionSince);
    }

    [Fact]
    public async Task ParallelWritersUnderRivalStormsOnManyAccountsLeaveTheIndexInStepWithTheStatusRows()
    {
        var rivals = 0;
        // Every third conditional write loses to a rival: enough conflicts to retry often, few enough that the attempts suffice.
        using var app = StormyApp(azurite.ConnectionString, () => Interlocked.Increment(ref rivals) % 3 == 0);
        var random = new Random(2026);
        string[] accounts = ["s-1", "s-2", "s-3", "s-4"];
        // Distinct instants, delivered shuffled: statuses that break, disconnect, recover and flap.
        var reports = Enumerable.Range(0, 80).Select(i => (
            Account: accounts[i % accounts.Length],
            Status: random.Next(3) switch { 0 => "connected", 1 => "disconnected", _ => "error" },
            At: Now.AddMinutes(-200 + i))).OrderBy(_ => random.Next()).ToList();

        await Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (r, _) =>
            Assert.Equal(HttpStatusCode.OK, await ReportAsync(app, r.Account, r.Status, r.At)));

        Assert.True(Volatile.Read(ref rivals) > 0);
        var table = new TableClient(app.ConnectionString, app.ConnectionsTable);
        await AttentionIndex.AssertAgreesAsync(table, Tenant, Now);
        var support = app.ClientWithKey(SupportKey);
        foreach (var newest in reports.GroupBy(r => r.Account).Select(g => g.MaxBy(r => r.At)))
        {
            var view = (await support.GetFromJsonAsync<ConnectionView>($"/api/tenants/{Tenant}/connections/{newest.Account}", ApiJson))!;
            Assert.Equal((WireName.Parse<ConnectionStatus>(newest.Status), newest.At), (view.Status, view.LastCheckedAt));
        }

        var list = (await support.GetFromJsonAsync<ConnectionList>($"/api/tenants/{Tenant}/connections?needsAttention=true", ApiJson))!;
        Assert.Equal((await AttentionIndex.RowsAsync(table, Tenant)).Select(r => r.GetString("AttentionOf")), list.Items.Select(i => i.ChannelAccountId));
        Assert.Equal(list.Items.Count, list.Total);
    }
}
