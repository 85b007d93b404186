using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Benchmarks.StorageBenchmarks;

namespace ConnectionStatusFunctions.Benchmarks;

/// <summary>The list's searches over a 10,000-account tenant: a name search against the raw SDK reading the same columns, and an id-prefix page against a plain page.</summary>
internal static class ListBenchmarks
{
    private const int Accounts = 10_000;

    // The columns the list reads for an in-memory filter (ConnectionLists' view columns): the raw side reads the same.
    private static readonly string[] ViewColumns =
        ["PartitionKey", "RowKey", "Channel", "DisplayName", "Status", "LastCheckedAt", "LastSuccessAt", "LastErrorAt", "StatusChangedAt",
         "ErrorCategory", "ErrorCode", "ErrorSummary", "ConsecutiveFailures", "FailuresByHour", "IsFlapping", "LastSource"];

    /// <summary>A tenant of <paramref name="accounts"/> accounts "acct-00000"..., every one in the same error, named by <paramref name="name"/>.</summary>
    public static async Task SeedAsync(TableClient table, string tenant, int accounts, Func<int, string?> name)
    {
        await table.CreateIfNotExistsAsync();
        var state = StatusTransition.Apply(null, new ConnectionReport(ConnectionStatus.Error, DateTimeOffset.UtcNow.AddHours(-6), ReportSource.Probe, ErrorCategory.RateLimit, "HTTP_429", "429 Too Many Requests", Channel: Channel.Shopee), new StatusPolicy()).State!;
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts).Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
            await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, ConnectionEntity.From(new ConnectionKey(tenant, $"acct-{i:D5}"), state with { DisplayName = name(i) }, transitionCount: 0))), ct));
    }

    private static string? ShopName(int i) => i % 100 == 42 ? $"Siam Special {i}" : $"Shop {i}";

    /// <summary>A name search (every page, in memory over the whole tenant) versus the raw SDK reading the same columns of the whole partition and matching the names.</summary>
    public static async Task<Row> NameSearchAsync(string storage)
    {
        using var app = new StatusApplication(storage, settings: Unlimited);
        var support = app.ClientWithKey(StatusApplication.SupportKey);
        var table = new TableClient(storage, app.ConnectionsTable);
        await SeedAsync(table, "tenant-search", Accounts, ShopName);

        async Task<TimeSpan> Ours()
        {
            var watch = Stopwatch.StartNew();
            var count = await CountPagesAsync(support, "/api/tenants/tenant-search/connections?q=special&pageSize=1000");
            Check(count == Accounts / 100, $"found {count} accounts");
            return watch.Elapsed;
        }

        async Task<TimeSpan> Raw()
        {
            var watch = Stopwatch.StartNew();
            var count = 0;
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"tenant-search"}"), maxPerPage: 1000, select: ViewColumns))
            {
                count += row.GetString("DisplayName")?.Contains("special", StringComparison.OrdinalIgnoreCase) == true ? 1 : 0;
            }

            Check(count == Accounts / 100, $"matched {count} accounts");
            return watch.Elapsed;
        }

        var (ours, rawTime) = await CompareAsync(Ours, Raw);
        var ratio = ours / rawTime;
        return new Row("name search, 10,000 accounts (100 found)", Ms(ours), Ms(rawTime), ratio, "<= 1.5", ratio <= 1.5);
    }

    /// <summary>The first page of 100 of an id-prefix search (1,000 ids match) versus a plain first page of 100, both through the API, 50 of each.</summary>
    public static async Task<Row> IdPrefixAsync(string storage)
    {
        const int requests = 50;
        using var app = new StatusApplication(storage, settings: Unlimited);
        var support = app.ClientWithKey(StatusApplication.SupportKey);
        await SeedAsync(new TableClient(storage, app.ConnectionsTable), "tenant-prefix", Accounts, ShopName);

        async Task<TimeSpan> Pages(string query)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < requests; i++)
            {
                var page = JsonSerializer.Deserialize<ConnectionList>(await support.GetByteArrayAsync($"/api/tenants/tenant-prefix/connections?pageSize=100{query}"), StatusApplication.ApiJson)!;
                Check(page.Items.Count == 100, $"a page of {page.Items.Count}");
            }

            return watch.Elapsed;
        }

        var (ours, plain) = await CompareAsync(() => Pages("&q=acct-03"), () => Pages(string.Empty));
        var ratio = ours / plain;
        return new Row("id-prefix page vs plain page (of 100)", PerRequest(ours, requests), PerRequest(plain, requests), ratio, "<= 1.5", ratio <= 1.5);
    }

    private static async Task<int> CountPagesAsync(HttpClient client, string url)
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = JsonSerializer.Deserialize<ConnectionList>(await client.GetByteArrayAsync(url + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token))), StatusApplication.ApiJson)!;
            count += page.Items.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);

        return count;
    }

    private static string Ms(TimeSpan total) => $"{total.TotalMilliseconds:0} ms";

    private static string PerRequest(TimeSpan total, int requests) => $"{total.TotalMilliseconds / requests:0.0} ms/page";
}
