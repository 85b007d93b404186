using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Benchmarks.StorageBenchmarks;

namespace ConnectionStatusFunctions.Benchmarks;

/// <summary>
/// The needs-attention list over a tenant of 10,000 accounts of which 2,000 need attention: against
/// a plain list of the same size (2,000 accounts in pages of 1,000), and against the raw SDK reading
/// the same index range with all its columns.
/// </summary>
internal static class AttentionBenchmarks
{
    private const int Accounts = 10_000;
    private const int NeedingAttention = 2_000;
    private const int PageSize = 1_000;

    /// <summary>Against the plain list of a tenant of 2,000 accounts: what answering from the index (with its total) costs over a plain page.</summary>
    public static async Task<Row> AgainstPlainListAsync(string storage)
    {
        using var app = new StatusApplication(storage, settings: Unlimited);
        var table = await SeedAsync(app, "tenant-attention", Accounts);
        await SeedAsync(app, "tenant-plain", NeedingAttention, table);
        var support = app.ClientWithKey(StatusApplication.SupportKey);
        var (attention, plain) = await CompareAsync(
            () => ReadAllAsync(support, "tenant-attention", "needsAttention=true&", NeedingAttention),
            () => ReadAllAsync(support, "tenant-plain", string.Empty, NeedingAttention));
        var ratio = attention / plain;
        return new Row("attention list, 2,000 of 10,000 vs plain 2,000", Ms(attention), Ms(plain) + " (plain)", ratio, "(measured)", true);
    }

    /// <summary>Against the raw SDK reading the index range of the same tenant, every column, in pages of 1,000.</summary>
    public static async Task<Row> AgainstRawIndexAsync(string storage)
    {
        using var app = new StatusApplication(storage, settings: Unlimited);
        var table = await SeedAsync(app, "tenant-attention", Accounts);
        var support = app.ClientWithKey(StatusApplication.SupportKey);

        async Task<TimeSpan> Raw()
        {
            var watch = Stopwatch.StartNew();
            var count = 0;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"tenant-attention"} and RowKey ge {StatusRowKeys.AttentionRowKeyPrefix} and RowKey lt {StatusRowKeys.AttentionRowKeyEnd}");
            await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: PageSize))
            {
                count++;
            }

            Check(count == NeedingAttention, $"queried {count} index rows");
            return watch.Elapsed;
        }

        var (ours, raw) = await CompareAsync(() => ReadAllAsync(support, "tenant-attention", "needsAttention=true&", NeedingAttention), Raw);
        var ratio = ours / raw;
        return new Row("attention list 2,000 vs raw index range", Ms(ours), Ms(raw), ratio, "(measured)", true);
    }

    private static async Task<TimeSpan> ReadAllAsync(HttpClient support, string tenant, string query, int expected)
    {
        var watch = Stopwatch.StartNew();
        var count = 0;
        string? token = null;
        do
        {
            var url = $"/api/tenants/{tenant}/connections?{query}pageSize={PageSize}" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            // As a user's client does: every page parsed into the API's own records.
            var page = JsonSerializer.Deserialize<ConnectionList>(await support.GetByteArrayAsync(url), StatusApplication.ApiJson)!;
            count += page.Items.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);

        Check(count == expected, $"listed {count} accounts of {tenant}");
        return watch.Elapsed;
    }

    /// <summary>
    /// The tenant's rows as the app writes them, in transactions of 100: every fifth account in
    /// error (broken at its own minute) with its index row, the others connected.
    /// </summary>
    private static async Task<TableClient> SeedAsync(StatusApplication app, string tenant, int accounts, TableClient? existing = null)
    {
        _ = app.CreateClient();
        var table = existing ?? new TableClient(app.ConnectionString, app.ConnectionsTable);
        await table.CreateIfNotExistsAsync();
        var now = DateTimeOffset.UtcNow;
        var policy = new StatusPolicy();
        var connected = StatusTransition.Apply(null, new ConnectionReport(ConnectionStatus.Connected, now.AddMinutes(-1), ReportSource.Connector, Channel: Channel.Line), policy).State!;
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts).Chunk(50), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
        {
            var actions = new List<TableTransactionAction>();
            foreach (var i in chunk)
            {
                var key = new ConnectionKey(tenant, $"acct-{i:D5}");
                var broken = accounts == Accounts && i % 5 == 0;
                if (!broken)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ConnectionEntity.From(key, connected, transitionCount: 1)));
                    continue;
                }

                var since = now.AddHours(-6).AddMinutes(i % 360);
                var state = StatusTransition.Apply(null, new ConnectionReport(ConnectionStatus.Error, since, ReportSource.Probe, ErrorCategory.RateLimit, "HTTP_429", "429 Too Many Requests", Channel: Channel.Shopee), policy).State!;
                var entity = ConnectionEntity.From(key, state, transitionCount: 1);
                entity.AttentionRowKey = StatusRowKeys.AttentionRowKey(since, key.ChannelAccountId);
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, entity));
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, entity.ToAttentionRow(since)));
            }

            await table.SubmitTransactionAsync(actions, ct);
        });
        return table;
    }

    private static string Ms(TimeSpan total) => $"{total.TotalMilliseconds:0} ms";
}
