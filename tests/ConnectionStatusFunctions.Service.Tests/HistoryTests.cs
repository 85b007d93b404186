using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.ReportBodies;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

public sealed class HistoryTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private readonly StatusApplication _app = new StatusApplication(azurite.ConnectionString).UseClock(Now);

    public void Dispose() => _app.Dispose();

    private HttpClient Connector => _app.ClientWithKey(ConnectorKey);
    private HttpClient Support => _app.ClientWithKey(SupportKey);

    private async Task<TransitionList> HistoryAsync(string account, string query = "")
    {
        var response = await Support.GetAsync($"/api/tenants/tenant-h/connections/{account}/history{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        return (await response.Content.ReadFromJsonAsync<TransitionList>(ApiJson))!;
    }

    private async Task<List<TransitionView>> WholeHistoryAsync(string account, int pageSize)
    {
        var all = new List<TransitionView>();
        string? token = null;
        for (var page = 0; page < 10; page++)
        {
            var list = await HistoryAsync(account, $"?pageSize={pageSize}" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"));
            Assert.True(list.Items.Count <= pageSize);
            all.AddRange(list.Items);
            token = list.ContinuationToken;
            if (token is null)
            {
                return all;
            }
        }

        throw new InvalidOperationException("History paging did not end within 10 pages.");
    }

    [Fact]
    public async Task OnlyChangesOfStatusOrCategoryAreRecordedNewestFirstAndRedacted()
    {
        const string Token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl";
        await PatchAsync(Connector, "tenant-h", "line-1", Report("connected", Now.AddMinutes(-60)));
        await PatchAsync(Connector, "tenant-h", "line-1", Report("connected", Now.AddMinutes(-50)));
        await PatchAsync(Connector, "tenant-h", "line-1", Report("error", Now.AddMinutes(-40), "auth_error", $"401, Authorization: Bearer {Token}"));
        await PatchAsync(Connector, "tenant-h", "line-1", Report("error", Now.AddMinutes(-30), "auth_error", "401 again"));
        await PatchAsync(Connector, "tenant-h", "line-1", Report("error", Now.AddMinutes(-20), "webhook_error", "webhook 502"));
        await PatchAsync(Connector, "tenant-h", "line-1", Report("connected", Now.AddMinutes(-10)));

        var history = await HistoryAsync("line-1");

        Assert.Null(history.ContinuationToken);
        Assert.Equal(
            [
                (Now.AddMinutes(-10), (ConnectionStatus?)ConnectionStatus.Error, ConnectionStatus.Connected, (ErrorCategory?)null),
                (Now.AddMinutes(-20), ConnectionStatus.Error, ConnectionStatus.Error, ErrorCategory.WebhookError),
                (Now.AddMinutes(-40), ConnectionStatus.Connected, ConnectionStatus.Error, ErrorCategory.AuthError),
                (Now.AddMinutes(-60), null, ConnectionStatus.Connected, null),
            ],
            history.Items.Select(t => (t.At, t.From, t.To, t.ErrorCategory)));
        Assert.All(history.Items, t => Assert.Equal(ReportSource.Connector, t.Source));
        var authError = history.Items[2];
        Assert.DoesNotContain("c2lnbmF0dXJl", authError.ErrorSummary, StringComparison.Ordinal);
        Assert.StartsWith("401, Authorization: Bearer", authError.ErrorSummary, StringComparison.Ordinal);
        Assert.Null(history.Items[0].ErrorSummary);
    }

    [Fact]
    public async Task AQueuedReportIsRecordedWithItsSource()
    {
        await PatchAsync(Connector, "tenant-h", "queued", Report("connected", Now.AddMinutes(-30)));
        var message = JsonSerializer.Serialize(new { tenantId = "tenant-h", channelAccountId = "queued", status = "error", checkedAt = Now.AddMinutes(-5).ToString("O"), errorCategory = "webhook_error", errorCode = "WH_502" });

        var outcome = await _app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(message, dequeueCount: 1, CancellationToken.None);
        var again = await _app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(message, dequeueCount: 2, CancellationToken.None);

        Assert.Equal((QueuedReportOutcome.Applied, QueuedReportOutcome.Duplicate), (outcome, again));
        var history = await HistoryAsync("queued");
        Assert.Equal(
            [(ReportSource.Queue, (ConnectionStatus?)ConnectionStatus.Connected, ConnectionStatus.Error, "WH_502"), (ReportSource.Connector, null, ConnectionStatus.Connected, null)],
            history.Items.Select(t => (t.Source, t.From, t.To, t.ErrorCode)));
    }

    [Fact]
    public async Task HistoryRowsNeverShowUpAsAccounts()
    {
        await PatchAsync(Connector, "tenant-h", "acct-a", Report("connected", Now.AddMinutes(-30)));
        await PatchAsync(Connector, "tenant-h", "acct-a", Report("error", Now.AddMinutes(-20), "unknown"));
        await PatchAsync(Connector, "tenant-h", "acct-b", Report("error", Now.AddMinutes(-10), "rate_limit"));

        var list = await Support.GetFromJsonAsync<ConnectionList>("/api/tenants/tenant-h/connections", ApiJson);
        var summary = await Support.GetFromJsonAsync<JsonElement>("/api/tenants/tenant-h/connection-summary", ApiJson);

        Assert.Equal(["acct-a", "acct-b"], list!.Items.Select(i => i.ChannelAccountId));
        Assert.Empty(list.Unreadable);
        Assert.Equal(2, summary.GetProperty("total").GetInt32());
        var rows = new TableClient(_app.ConnectionString, _app.ConnectionsTable).Query<TableEntity>(e => e.PartitionKey == "tenant-h").Select(e => e.RowKey).ToList();
        Assert.Equal(["acct-a", "acct-b", "~acct-a~01", "~acct-a~02", "~acct-b~01", $"~~attention~{Now.AddMinutes(-20).UtcTicks:D19}~acct-a", $"~~attention~{Now.AddMinutes(-10).UtcTicks:D19}~acct-b"], rows.Where(key => !key.StartsWith(StatusRowKeys.OutboxRowKeyPrefix, StringComparison.Ordinal)));
        // After them all, one outbox row per transition, not yet published: this app runs no hand-off.
        Assert.Equal(3, rows.Count(key => key.StartsWith(StatusRowKeys.OutboxRowKeyPrefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OnlyTheLastFiftyAreKeptAndPagingWalksThemNewestFirst()
    {
        for (var i = 0; i < 60; i++)
        {
            var response = await PatchAsync(Connector, "tenant-h", "flappy", i % 2 == 0
                ? Report("connected", Now.AddMinutes(-120 + i))
                : Report("error", Now.AddMinutes(-120 + i), "unknown", $"failure {i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var history = await WholeHistoryAsync("flappy", pageSize: 20);

        Assert.Equal(ConnectionStore.HistoryLength, history.Count);
        Assert.Equal(Enumerable.Range(10, 50).Reverse().Select(i => Now.AddMinutes(-120 + i)), history.Select(t => t.At));
        Assert.Equal("failure 59", history[0].ErrorSummary);
        var stored = new TableClient(_app.ConnectionString, _app.ConnectionsTable)
            .Query<TableEntity>(e => e.PartitionKey == "tenant-h" && e.RowKey.CompareTo("~") > 0 && e.RowKey.CompareTo("~~") < 0).Count();
        Assert.Equal(ConnectionStore.HistoryLength, stored);
    }

    [Fact]
    public async Task ConcurrentAndRetriedReportsLeaveAChainWithoutGapsOrRepeats()
    {
        // Forty reports from eight writers at once, every one sent twice (a retry after a lost answer).
        var reports = Enumerable.Range(0, 40)
            .Select(i => i % 3 == 0
                ? Report("connected", Now.AddMinutes(-100 + i), reportId: $"r-{i:D2}")
                : Report("error", Now.AddMinutes(-100 + i), i % 2 == 0 ? "auth_error" : "webhook_error", reportId: $"r-{i:D2}"))
            .SelectMany(r => new[] { r, r })
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        await Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (report, ct) =>
            Assert.Equal(HttpStatusCode.OK, (await PatchAsync(_app.ClientWithKey(ConnectorKey), "tenant-h", "busy", report)).StatusCode));

        var history = await WholeHistoryAsync("busy", pageSize: 50);
        var current = await Support.GetFromJsonAsync<ConnectionView>("/api/tenants/tenant-h/connections/busy", ApiJson);

        Assert.Equal(current!.Status, history[0].To);
        Assert.Equal(current.Status == ConnectionStatus.Error ? current.ErrorCategory : null, history[0].ErrorCategory);
        Assert.Null(history[^1].From);
        for (var i = 0; i < history.Count - 1; i++)
        {
            var (newer, older) = (history[i], history[i + 1]);
            Assert.True(newer.At > older.At, $"entry {i} is not newer than entry {i + 1}");
            Assert.Equal(older.To, newer.From);
            Assert.True(newer.To != older.To || newer.ErrorCategory != older.ErrorCategory, $"entries {i} and {i + 1} record no change");
        }

        var row = await new TableClient(_app.ConnectionString, _app.ConnectionsTable).GetEntityAsync<ConnectionEntity>("tenant-h", "busy");
        Assert.Equal(history.Count, row.Value.TransitionCount);
    }

    [Fact]
    public async Task UnknownAccountIsA404AndBadPagingIsA400NamingTheField()
    {
        await PatchAsync(Connector, "tenant-h", "known", Report("connected", Now.AddMinutes(-2)));
        await PatchAsync(Connector, "tenant-h", "known", Report("error", Now.AddMinutes(-1), "unknown"));
        var firstPage = await HistoryAsync("known", "?pageSize=1");
        Assert.NotNull(firstPage.ContinuationToken);

        var missing = await Support.GetAsync("/api/tenants/tenant-h/connections/nobody/history");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        foreach (var (query, field) in new[]
        {
            ("?pageSize=0", "pageSize"),
            ($"?pageSize={ConnectionStore.HistoryLength + 1}", "pageSize"),
            ("?continuationToken=garbage", "continuationToken"),
            ("?pageSize=1&pageSize=2", "pageSize"),
        })
        {
            var response = await Support.GetAsync($"/api/tenants/tenant-h/connections/known/history{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query} should name {field}");
        }

        // A position issued for one account does not page another one.
        await PatchAsync(Connector, "tenant-h", "other", Report("connected", Now.AddMinutes(-1)));
        var foreign = await Support.GetAsync($"/api/tenants/tenant-h/connections/other/history?continuationToken={Uri.EscapeDataString(firstPage.ContinuationToken!)}");
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }
}
