using System.Net;
using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The probe judges the connector's own answer, reads a bounded part of it, and calls the URL its
/// template means for each id: against connectors on raw sockets on 127.0.0.1 that write every byte.
/// </summary>
public sealed class ProbeHttpTruthTests(Azurite azurite, ITestOutputHelper output) : IClassFixture<Azurite>, IAsyncLifetime
{
    /// <summary>
    /// What the two ends' socket buffers may hold beyond what the client read: the sender's 16 KiB
    /// and the receiver's, which Linux grows only as fast as the reader consumes (about 64 KiB more
    /// after a 64 KiB read, measured). A wide margin; an unbounded read takes the whole <see cref="EndlessCap"/>.
    /// </summary>
    private const long SocketSlack = 8L * 1024 * 1024;

    /// <summary>Where the "endless" body stops, so that a client that reads it all still finishes.</summary>
    private const long EndlessCap = 64L * 1024 * 1024;

    private RawConnector? _raw;
    private FakeConnector _elsewhere = null!;

    public async Task InitializeAsync() => _elsewhere = await FakeConnector.StartAsync();

    public async Task DisposeAsync()
    {
        if (_raw is not null)
        {
            await _raw.DisposeAsync();
        }

        await _elsewhere.DisposeAsync();
    }

    private StatusApplication App(params (string Channel, string Path)[] templates) =>
        new(azurite.ConnectionString, settings: templates
            .Select(t => KeyValuePair.Create($"Probes:Urls:{t.Channel}", (string?)(_raw!.BaseUrl + t.Path)))
            .Append(KeyValuePair.Create("Probes:Timeout", (string?)"00:00:30"))
            .ToDictionary());

    private static async Task SeedAsync(StatusApplication app, string tenant, string account, object report)
    {
        var response = await PatchAsync(app.ClientWithKey(ConnectorKey), tenant, account, report);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string MinutesAgo(int minutes) => DateTimeOffset.UtcNow.AddMinutes(-minutes).ToString("O");

    private static async Task<ConnectionView> GetAsync(StatusApplication app, string tenant, string account) =>
        (await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>($"/api/tenants/{tenant}/connections/{account}", ApiJson))!;

    [Fact]
    public async Task ARedirectIsAnErrorWithItsOwnCodeAndIsNotFollowed()
    {
        var reasons = new Dictionary<string, string> { ["301"] = "Moved Permanently", ["302"] = "Found", ["303"] = "See Other", ["307"] = "Temporary Redirect", ["308"] = "Permanent Redirect" };
        // Each account's health URL points at a page on another port that answers 200, like a sign-in page.
        _raw = RawConnector.Start(exchange =>
        {
            var code = exchange.Target[^3..];
            return exchange.HeadAsync($"{code} {reasons[code]}", $"Location: {_elsewhere.BaseUrl}/health/tenant-r/signed-in", "Content-Length: 0");
        });
        using var app = App(("line", "/health/{tenantId}/{channelAccountId}"));
        foreach (var code in reasons.Keys)
        {
            await SeedAsync(app, "tenant-r", "r" + code, new { status = "error", checkedAt = MinutesAgo(10), errorCategory = "auth_error", errorCode = "LINE_401", channel = "line" });
        }

        var round = await app.ProbeRoundAsync();

        Assert.Equal(reasons.Count, round.Probed);
        Assert.Empty(_elsewhere.Calls);
        foreach (var code in reasons.Keys)
        {
            var view = await GetAsync(app, "tenant-r", "r" + code);
            Assert.Equal((ConnectionStatus.Error, ErrorCategory.Unknown, "HTTP_" + code, true, ReportSource.Probe), (view.Status, view.ErrorCategory, view.ErrorCode, view.NeedsAttention, view.LastSource));
            Assert.Contains("redirect", view.ErrorSummary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnEndlessChunkedErrorBodyIsReadOnlyUpToTheBound()
    {
        _raw = RawConnector.Start(async exchange =>
        {
            await exchange.HeadAsync("500 Internal Server Error", "Content-Type: application/json", "Transfer-Encoding: chunked");
            await exchange.ChunkAsync("{\"errorCategory\":\"webhook_error\",\"errorMessage\":\""u8.ToArray());
            var chunk = Encoding.ASCII.GetBytes(new string('x', 16 * 1024));
            while (exchange.Sent < EndlessCap)
            {
                await exchange.ChunkAsync(chunk);
            }

            await exchange.BodyAsync("0\r\n\r\n"u8.ToArray());
        });

        var (result, sent) = await ProbeOnceAsync();

        // The body was cut, so ignored: the status code alone decides, and the connector could not send much past the bound.
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.Unknown, "HTTP_500"), (result.Status, result.Category, result.Code));
        Assert.InRange(sent, PeerBody.MaxBytes + 1, PeerBody.MaxBytes + SocketSlack);
    }

    [Fact]
    public async Task AHugeContentLengthIsNotReadAtAll()
    {
        _raw = RawConnector.Start(async exchange =>
        {
            await exchange.HeadAsync("503 Service Unavailable", "Content-Type: application/json", $"Content-Length: {10L * 1024 * 1024 * 1024}");
            var block = Encoding.ASCII.GetBytes("{\"errorMessage\":\"" + new string('x', 16 * 1024));
            while (exchange.Sent < EndlessCap)
            {
                await exchange.BodyAsync(block);
            }
        });

        var (result, sent) = await ProbeOnceAsync();

        Assert.Equal((ConnectionStatus.Error, ErrorCategory.Unknown, "HTTP_503", "Health probe answered HTTP 503 Service Unavailable"), (result.Status, result.Category, result.Code, result.Message));
        Assert.InRange(sent, 0, SocketSlack);
    }

    [Fact]
    public async Task HeadersPastTheirBoundAreNoAnswer()
    {
        _raw = RawConnector.Start(exchange => exchange.HeadAsync("200 OK", "X-Padding: " + new string('x', 70 * 1024), "Content-Length: 0"));

        var (result, _) = await ProbeOnceAsync();

        Assert.Equal((ConnectionStatus.Error, "PROBE_UNREACHABLE"), (result.Status, result.Code));
    }

    /// <summary>One probe by the app's own client (its registered handler), and the body bytes the connector got out before the connection closed.</summary>
    private async Task<(ProbeResult Result, long Sent)> ProbeOnceAsync()
    {
        using var app = App(("line", "/health/{tenantId}/{channelAccountId}"));
        var result = await app.Services.GetRequiredService<ProbeClient>().ProbeAsync(new Uri(_raw!.BaseUrl + "/health/tenant-b/big"), CancellationToken.None);
        await _raw.WaitForFinishedAsync(1, TimeSpan.FromSeconds(30));
        output.WriteLine($"The connector sent {_raw.BodyBytesSent:N0} body bytes before the probe closed the connection (bound {PeerBody.MaxBytes:N0} + socket buffers).");
        return (result, _raw.BodyBytesSent);
    }

    [Fact]
    public async Task EachIdReachesTheConnectorInItsOwnSegmentOrQueryValue()
    {
        _raw = RawConnector.Start(exchange => exchange.HeadAsync("200 OK", "Content-Length: 0"));
        using var app = App(("line", "/health/{tenantId}/{channelAccountId}"), ("shopee", "/check?tenant={tenantId}&account={channelAccountId}"));
        await SeedAsync(app, "tenant.u:1", "U1:a.b", new { status = "connected", checkedAt = MinutesAgo(10), channel = "line" });
        await SeedAsync(app, "tenant.u:1", "-._:", new { status = "connected", checkedAt = MinutesAgo(10), channel = "shopee" });

        await app.ProbeRoundAsync();

        Assert.Equal(
            ["/check?tenant=tenant.u%3A1&account=-._%3A", "/health/tenant.u%3A1/U1%3Aa.b"],
            _raw.Targets.Order(StringComparer.Ordinal));
        Assert.Equal(ReportSource.Probe, (await GetAsync(app, "tenant.u:1", "U1:a.b")).LastSource);
    }

    [Fact]
    public async Task AStoredDotOnlyAccountIsNotProbedAtTheUrlItsDotsWouldMake()
    {
        _raw = RawConnector.Start(exchange => exchange.HeadAsync("401 Unauthorized", "Content-Length: 0"));
        using var app = App(("line", "/health/{tenantId}/{channelAccountId}"));
        await SeedAsync(app, "tenant-u", "zz", new { status = "connected", checkedAt = MinutesAgo(10), channel = "line" });
        // Rows written before the id rule refused dot-only ids.
        var table = new TableClient(azurite.ConnectionString, app.ConnectionsTable);
        var row = (await table.GetEntityAsync<TableEntity>("tenant-u", "zz")).Value;
        foreach (var id in new[] { ".", ".." })
        {
            row.RowKey = id;
            await table.AddEntityAsync(row);
        }

        await app.ProbeRoundAsync();

        Assert.Equal(["/health/tenant-u/zz"], _raw.Targets);
        foreach (var id in new[] { ".", ".." })
        {
            var stored = (await table.GetEntityAsync<TableEntity>("tenant-u", id)).Value;
            Assert.Equal((row.GetString("Status"), row.GetDateTimeOffset("LastCheckedAt")), (stored.GetString("Status"), stored.GetDateTimeOffset("LastCheckedAt")));
        }
    }
}
