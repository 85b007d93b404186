using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Service;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Benchmarks.StorageBenchmarks;

namespace ConnectionStatusFunctions.Benchmarks;

/// <summary>
/// Where the plain list of 10,000 accounts spends its time, step by step (no profiler is installed
/// here): the raw SDK reading every column and only the view's, the store's pages, the views, the
/// JSON, the HTTP round trips and the client's parse; then, on rows already read, the CPU of each
/// step alone (rows to states, health, views with their health, JSON, the client's parse). Prints a median per step; its table row carries no ratio.
/// </summary>
internal static class ListProfile
{
    private const string Tenant = "tenant-profile";

    // The view's columns as ConnectionLists reads them for an in-memory filter.
    private static readonly string[] ViewColumns =
        ["PartitionKey", "RowKey", "Channel", "DisplayName", "Status", "LastCheckedAt", "LastSuccessAt", "LastErrorAt", "StatusChangedAt",
         "ErrorCategory", "ErrorCode", "ErrorSummary", "ConsecutiveFailures", "FailuresByHour", "IsFlapping", "LastSource"];

    public static async Task<Row> RunAsync(string storage)
    {
        // Two hosts of one app on the same tables: the in-memory test server and Kestrel at 127.0.0.1.
        var tables = Guid.NewGuid().ToString("N")[..12];
        using var app = new StatusApplication(storage, settings: Unlimited, sharedStorageName: tables);
        using var onKestrel = new StatusApplication(storage, settings: Unlimited, sharedStorageName: tables);
        onKestrel.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var support = app.ClientWithKey(StatusApplication.SupportKey);
        var supportOnKestrel = onKestrel.ClientWithKey(StatusApplication.SupportKey);
        var table = new TableClient(storage, app.ConnectionsTable);
        await ListBenchmarks.SeedAsync(table, Tenant, 10_000, _ => null);
        var lists = app.Services.GetRequiredService<ConnectionLists>();
        var views = app.Services.GetRequiredService<ConnectionViews>();
        var reader = app.Services.GetRequiredService<StatusRowReader>();
        var partition = TableClient.CreateQueryFilter($"PartitionKey eq {Tenant}");
        var statusRows = TableClient.CreateQueryFilter($"PartitionKey eq {Tenant} and RowKey lt {"~"}");
        var rows = await table.QueryAsync<TableEntity>(partition, maxPerPage: 1000).ToListAsync();
        var lens = await views.AsOfNowAsync(CancellationToken.None);
        var onePage = await support.GetByteArrayAsync($"/api/tenants/{Tenant}/connections?pageSize=1000");
        Console.WriteLine($"One page of 1,000 accounts: {onePage.Length:N0} bytes of JSON.");

        // The same ten pages of views written by the generated serializer (the service's) and by the reflection-based one
        // with the enum converter in its options (as the service wrote them before), interleaved in the rounds below.
        var viewPages = rows.Chunk(1000).Select(page => new ConnectionList(page.Select(row => reader.TryRead(row, out var stored, out _, out _) ? lens.View(stored!) : null!).ToList(), null, [])).ToList();
        var readRows = rows.Select(row => reader.TryRead(row, out var connection, out _, out _) ? connection! : null!).ToList();
        var reflectionJson = new JsonSerializerOptions(ServiceJson.Options)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        var steps = new (string Name, Func<Task> Run)[]
        {
            ("raw SDK, every column", async () => await table.QueryAsync<TableEntity>(partition, maxPerPage: 1000).CountAsync()),
            ("raw SDK, every column, RowKey lt '~'", async () => await table.QueryAsync<TableEntity>(statusRows, maxPerPage: 1000).CountAsync()),
            ("raw SDK, view columns", async () => await table.QueryAsync<TableEntity>(partition, maxPerPage: 1000, select: ViewColumns).CountAsync()),
            ("store pages", async () => await lists.ListAllAsync(Tenant, CancellationToken.None).CountAsync()),
            ("store pages + views", async () => await lists.ListAllAsync(Tenant, CancellationToken.None).SelectMany(p => p.Items.Select(lens.View).ToAsyncEnumerable()).CountAsync()),
            ("store pages + views + JSON", async () => await lists.ListAllAsync(Tenant, CancellationToken.None).Select(p => JsonSerializer.SerializeToUtf8Bytes(new ConnectionList(p.Items.Select(lens.View).ToList(), p.ContinuationToken, []), ServiceJson.Options)).CountAsync()),
            ("HTTP pages, bytes only", () => PagesAsync(support, bytes => JsonDocument.Parse(bytes).RootElement.GetProperty("continuationToken").GetString())),
            ("HTTP pages, client parse", () => PagesAsync(support, bytes => JsonSerializer.Deserialize<ConnectionList>(bytes, StatusApplication.ApiJson)!.ContinuationToken)),
            ("HTTP pages, streamed parse", () => StreamedPagesAsync(support)),
            ("Kestrel pages, client parse", () => PagesAsync(supportOnKestrel, bytes => JsonSerializer.Deserialize<ConnectionList>(bytes, StatusApplication.ApiJson)!.ContinuationToken)),
            ("Kestrel pages, streamed parse", () => StreamedPagesAsync(supportOnKestrel)),
            ("HTTP, 10 pages of 1 account", async () =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await support.GetByteArrayAsync($"/api/tenants/{Tenant}/connections?pageSize=1");
                }
            }),
            ("CPU: read rows", () => Each(rows, row => reader.TryRead(row, out _, out _, out _))),
            ("CPU: read rows + views", () => Each(rows, row => reader.TryRead(row, out var stored, out _, out _) && lens.View(stored!) is not null)),
            ("CPU: health of rows read", () => Each(readRows, connection => lens.Health(connection) is not null)),
            ("CPU: views of rows read", () => Each(readRows, connection => lens.View(connection) is not null)),
            ("CPU: views to JSON", () => Each(rows.Chunk(1000), page => JsonSerializer.SerializeToUtf8Bytes(new ConnectionList(page.Select(row => reader.TryRead(row, out var stored, out _, out _) ? lens.View(stored!) : null!).ToList(), null, []), ServiceJson.Options).Length > 0)),
            ("CPU: 10 pages of views to JSON, generated", () => Each(viewPages, page => JsonSerializer.SerializeToUtf8Bytes(page, ServiceJson.Options).Length > 0)),
            ("CPU: 10 pages of views to JSON, reflection", () => Each(viewPages, page => JsonSerializer.SerializeToUtf8Bytes(page, reflectionJson).Length > 0)),
            ("CPU: client parse of 10 pages", () => Each(Enumerable.Range(0, 10), _ => JsonSerializer.Deserialize<ConnectionList>(onePage, StatusApplication.ApiJson) is not null)),
        };

        foreach (var (_, run) in steps)
        {
            await run(); // warm-up
        }

        // Wall time swings with the machine's load; this process's CPU time much less (Azurite's own is not in it).
        var times = steps.ToDictionary(s => s.Name, _ => new List<double>());
        var cpu = steps.ToDictionary(s => s.Name, _ => new List<double>());
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < 5; round++)
        {
            foreach (var (name, run) in steps)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                await run();
                times[name].Add(watch.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu[name].Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            }
        }

        foreach (var (name, measured) in times)
        {
            Console.WriteLine($"{name,-40} median {Median(measured),6:0} ms, CPU {Median(cpu[name]),6:0} ms   ({string.Join(", ", measured.Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))})");
        }

        return new Row("list profile (see the steps above)", "-", "-", double.NaN, "-", true);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task PagesAsync(HttpClient client, Func<byte[], string?> tokenOf)
    {
        string? token = null;
        do
        {
            token = tokenOf(await client.GetByteArrayAsync($"/api/tenants/{Tenant}/connections?pageSize=1000" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token))));
        }
        while (token is not null);
    }

    private static async Task StreamedPagesAsync(HttpClient client)
    {
        string? token = null;
        do
        {
            token = (await client.GetFromJsonAsync<ConnectionList>($"/api/tenants/{Tenant}/connections?pageSize=1000" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)), StatusApplication.ApiJson))!.ContinuationToken;
        }
        while (token is not null);
    }

    private static Task Each<T>(IEnumerable<T> items, Func<T, bool> step)
    {
        var kept = items.Count(step);
        Check(kept > 0, "a step kept nothing");
        return Task.CompletedTask;
    }
}
