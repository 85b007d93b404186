using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

// Long because every kind of storage fault (hung, reset, refused, credentials refused) is tried on every route of
// both hosts, through one proxy whose set-up the tests share.
/// <summary>
/// Table Storage behind a fault-injecting proxy on 127.0.0.1: hung, reset and refused, every HTTP
/// route answers a 503 problem with Retry-After within the request budget, set here to 3 s: short
/// beside the SDK's three 30 s network timeouts, long enough for a healthy call on a busy machine.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class StorageFaultTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly Dictionary<string, string?> ShortBudget = new() { ["Storage:ResponseTimeout"] = "00:00:03" };

    private static object Report(string reportId) => ReportBodies.Report("error", DateTimeOffset.UtcNow.AddMinutes(-1), "auth_error", channel: null, reportId: reportId);

    [Theory]
    [InlineData(Fault.Hang)]
    [InlineData(Fault.Reset)]
    [InlineData(Fault.Refuse)]
    public async Task EveryRouteAnswersAStorageFaultWith503AndRetryAfterWithinTheBudget(Fault fault)
    {
        await using var proxy = new FaultProxy(azurite.Process.TablePort);
        using var app = new StatusApplication(FaultProxy.ConnectionString(azurite.Process, proxy), settings: ShortBudget);
        // Healthy first, so the app holds pooled connections when the fault starts. A healthy write can
        // outlast the short budget on a saturated machine (seen at load average 34); the same report is
        // safe to send again, so the set-up retries, boundedly.
        var healthy = await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-f", "acct", Report("r-1"));
        for (var attempt = 1; attempt < 3 && healthy.StatusCode == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            healthy = await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-f", "acct", Report("r-1"));
        }

        Assert.True(healthy.StatusCode == HttpStatusCode.OK, await healthy.Content.ReadAsStringAsync());
        proxy.Fault = fault;

        var support = app.ClientWithKey(SupportKey);
        var connector = app.ClientWithKey(ConnectorKey);
        // Far longer than the budget, far shorter than the SDK's 3 x 30 s: only the budget can answer in time.
        support.Timeout = connector.Timeout = TimeSpan.FromSeconds(60);
        // The routes wait out their budgets side by side, each with a request of its own: one budget's
        // wait for the whole theory instead of seven in a row.
        await Task.WhenAll(new[]
        {
            ("PATCH", "/api/tenants/tenant-f/connections/acct"),
            ("GET", "/api/tenants/tenant-f/connections"),
            ("GET", "/api/tenants/tenant-f/connections/acct"),
            ("GET", "/api/tenants/tenant-f/connections/acct/history"),
            ("GET", "/api/tenants/tenant-f/connection-summary"),
            ("GET", "/api/channels/health"),
            ("GET", "/api/healthz"),
        }.Select(async route =>
        {
            var (method, path) = route;
            using var outer = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            var client = method == "PATCH" ? connector : support;
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == "PATCH" ? JsonContent.Create(Report("r-2"), options: ApiJson) : null,
            };
            var response = await client.SendAsync(request, outer.Token);

            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{fault} {method} {path}: {response.StatusCode}");
            Assert.Equal(TimeSpan.FromSeconds(ProblemMapping.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.CacheControl?.NoStore, path);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            if (method == "PATCH")
            {
                Assert.Contains(ProblemMapping.ReportMayHaveBeenApplied, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }));

        proxy.Fault = Fault.None;
        var recovered = await support.GetAsync("/api/tenants/tenant-f/connections/acct");
        Assert.True(recovered.StatusCode == HttpStatusCode.OK, await recovered.Content.ReadAsStringAsync());
    }

    /// <summary>A key the account no longer has, as after a rotation: storage answers every request 403.</summary>
    private const string RotatedKey = "Um90YXRlZEF3YXlLZXlSb3RhdGVkQXdheUtleVJvdGF0ZWRBd2F5S2V5Um90YXRlZEF3YXlLZXkxMjM0NQ==";

    [Fact]
    public async Task StorageRefusingTheAppsCredentialsIsA503WithRetryAfterOnEveryRouteAndOneErrorLogPerRequest()
    {
        var logs = new CapturedLogs();
        var refused = azurite.ConnectionString.Replace("AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", $"AccountKey={RotatedKey}", StringComparison.Ordinal);
        Assert.NotEqual(azurite.ConnectionString, refused);
        using var app = new StatusApplication(refused, services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));

        foreach (var (method, path, key) in new[]
        {
            ("PATCH", "/api/tenants/tenant-k/connections/acct", ConnectorKey),
            ("GET", "/api/tenants/tenant-k/connections", SupportKey),
            ("GET", "/api/tenants/tenant-k/connections/acct", SupportKey),
            ("GET", "/api/tenants/tenant-k/connections/acct/history", SupportKey),
            ("GET", "/api/tenants/tenant-k/connection-summary", SupportKey),
            ("GET", "/api/channels/health", SupportKey),
            ("GET", "/api/healthz", SupportKey),
        })
        {
            var before = logs.Lines.Count;
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == "PATCH" ? JsonContent.Create(Report("k-1"), options: ApiJson) : null,
            };
            var response = await app.ClientWithKey(key).SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(TimeSpan.FromSeconds(ProblemMapping.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            // The same problem as for any storage failure: a caller learns nothing of the credential.
            Assert.Equal("Storage is unavailable.", problem.GetProperty("title").GetString());
            var errors = logs.Lines.Skip(before).Where(line => line.StartsWith("Error ", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 1, $"{method} {path}: {errors.Count} error logs:\n{string.Join('\n', errors)}");
            Assert.Contains("refused the app's credentials", errors[0], StringComparison.Ordinal);
        }

        Assert.DoesNotContain(logs.Lines, line => SecretFragments.FirstIn(line, RotatedKey) is not null);
    }

    [Fact]
    public async Task A503KeepsItsProblemBodyAndRetryAfterWhateverTheAcceptHeader()
    {
        // Refused credentials answer at once, so every Accept is tried without waiting out a budget.
        var refused = azurite.ConnectionString.Replace("AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", $"AccountKey={RotatedKey}", StringComparison.Ordinal);
        using var app = new StatusApplication(refused);

        await ProblemsWhateverAccept.AssertAnsweredAlikeAsync(app.ClientWithKey(SupportKey), () => new HttpRequestMessage(HttpMethod.Get, "/api/tenants/tenant-k/connections"), HttpStatusCode.ServiceUnavailable);
        await ProblemsWhateverAccept.AssertAnsweredAlikeAsync(
            app.ClientWithKey(ConnectorKey),
            () => new HttpRequestMessage(HttpMethod.Patch, "/api/tenants/tenant-k/connections/acct") { Content = JsonContent.Create(Report("k-2"), options: ApiJson) },
            HttpStatusCode.ServiceUnavailable);
    }

    [Theory]
    [InlineData(401, "NoAuthenticationInformation")]
    [InlineData(403, "AuthenticationFailed")] // a rotated key, an expired or revoked SAS
    [InlineData(403, "AuthorizationFailure")]
    [InlineData(403, "AuthorizationPermissionMismatch")] // an identity without its role
    [InlineData(403, null)]
    public void StorageRefusingTheAppsCredentialsIsAStorageFailureNotTheRequests(int status, string? code)
    {
        var refused = new RequestFailedException(status, "Server failed to authenticate the request.", code, null);

        // So HTTP routes answer 503 and the queue listener hands the message back uncounted.
        Assert.True(StorageFailure.IsTransient(refused));
        Assert.True(StorageFailure.IsCredentialRefused(refused));
        Assert.True(StorageFailure.IsCredentialRefused(new AggregateException(refused)));
        Assert.False(StorageFailure.IsCredentialRefused(new RequestFailedException(404, "Not found", "ResourceNotFound", null)));
        Assert.False(StorageFailure.IsCredentialRefused(new RequestFailedException(503, "Busy", "ServerBusy", null)));
    }

    [Fact]
    public async Task ABudgetRestartsWithEveryAnswerSoSlowButHealthyWorkCompletes()
    {
        // Each answer of the table service comes 3 s late, well inside an 8 s budget (at 1.5 s late and a 3 s budget,
        // Azurite's own time for a page of 1,000 rows at load average 40 took an answer past the budget); the summary
        // of a 2,500-account tenant reads three pages and more, so it takes longer than the budget in all.
        var budget = TimeSpan.FromSeconds(8);
        await using var proxy = new FaultProxy(azurite.Process.TablePort);
        using var app = new StatusApplication(FaultProxy.ConnectionString(azurite.Process, proxy), settings: new Dictionary<string, string?> { ["Storage:ResponseTimeout"] = budget.ToString("c", System.Globalization.CultureInfo.InvariantCulture) });
        _ = app.CreateClient();
        var table = new TableClient(azurite.ConnectionString, app.ConnectionsTable);
        await table.CreateIfNotExistsAsync();
        var state = StatusTransition.Apply(null, new ConnectionReport(ConnectionStatus.Connected, DateTimeOffset.UtcNow.AddMinutes(-1), ReportSource.Connector, Channel: Channel.Line), new StatusPolicy()).State!;
        await Parallel.ForEachAsync(Enumerable.Range(0, 2500).Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
            await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, ConnectionEntity.From(new ConnectionKey("tenant-slow", $"acct-{i:D4}"), state, transitionCount: 0))), ct));
        // The same read once at full speed first, so the fresh process's first compile of that path is not inside a budget
        // the test is about: a fresh-clone CI run answered 503 here while the browser tests ran alongside.
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(SupportKey).GetAsync("/api/tenants/tenant-slow/connection-summary")).StatusCode);
        proxy.Latency = TimeSpan.FromSeconds(3);

        var started = TimeProvider.System.GetTimestamp();
        var response = await app.ClientWithKey(SupportKey).GetAsync("/api/tenants/tenant-slow/connection-summary");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(2500, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32());
        // Not a timing assertion on the service: the check that this test exercised what it claims.
        Assert.True(TimeProvider.System.GetElapsedTime(started) > budget, "the summary took less than the budget; the test proves nothing");
    }

    [Fact]
    public async Task AStoreThatKeepsAnswering5xxSlowlyDoesNotRestartTheBudget()
    {
        // Every answer is a 500 coming 1.5 s late, inside the 2 s budget. Were a failing answer to
        // restart the budget, the SDK would reach its third try; counted only from the request's
        // start, the budget runs out during the second.
        await using var store = new SlowFailingStore(TimeSpan.FromMilliseconds(1500));
        var settings = new Dictionary<string, string?> { ["Storage:ResponseTimeout"] = "00:00:02" };
        using var app = new StatusApplication(StoreConnectionString(store.Port), settings: settings);
        var support = app.ClientWithKey(SupportKey);
        support.Timeout = TimeSpan.FromSeconds(60);
        _ = app.CreateClient();
        var before = store.Requests;

        var response = await support.GetAsync("/api/tenants/tenant-f/connections/acct");

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(TimeSpan.FromSeconds(ProblemMapping.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        var tries = store.Requests - before;
        Assert.True(tries is >= 1 and <= 2, $"the store received {tries} requests");
    }

    private string StoreConnectionString(int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{azurite.Process.BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{azurite.Process.QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>A table endpoint on 127.0.0.1 that answers every request with 500 after a delay, and counts the requests.</summary>
    private sealed class SlowFailingStore : IAsyncDisposable
    {
        private const string Body = """{"odata.error":{"code":"InternalError","message":{"value":"failing"}}}""";
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly TimeSpan _delay;
        private readonly Task _accepting;
        private int _requests;

        public SlowFailingStore(TimeSpan delay)
        {
            _delay = delay;
            Port = AzuriteProcess.FreePort();
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public int Port { get; }

        public int Requests => Volatile.Read(ref _requests);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    _ = AnswerAsync(await _listener.AcceptTcpClientAsync(_stop.Token));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        private async Task AnswerAsync(TcpClient client)
        {
            using var _ = client;
            var stream = client.GetStream();
            var buffer = new byte[64 * 1024];
            var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nx-ms-error-code: InternalError\r\nContent-Length: {Body.Length}\r\n\r\n{Body}");
            try
            {
                // One read per request is enough for the bodiless reads this test sends.
                while (await stream.ReadAsync(buffer, _stop.Token) > 0)
                {
                    Interlocked.Increment(ref _requests);
                    await Task.Delay(_delay, _stop.Token);
                    await stream.WriteAsync(answer, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // The client gave up on the connection, or the test is over.
            }
        }
    }

    /// <summary>An app whose Connections table's transactions lose their answer when the test arms it.</summary>
    private (StatusApplication App, LostTransactionAnswers Lost) AppLosingAnswers()
    {
        var lost = new LostTransactionAnswers();
        StatusApplication app = null!;
        app = new StatusApplication(azurite.ConnectionString, services => FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == app.ConnectionsTable, lost.Break));
        return (app, lost);
    }

    [Fact]
    public async Task AReportWhoseWriteLandedBeforeStorageFailedSaysItMayHaveBeenAppliedAndItsRetryIsADuplicate()
    {
        // The transaction reaches storage and is applied, then the answer is lost as on a reset connection.
        var (app, lost) = AppLosingAnswers();
        using var disposeApp = app;
        lost.Arm(LostAnswer.Reset);
        var connector = app.ClientWithKey(ConnectorKey);

        var first = await PatchAsync(connector, "tenant-w", "acct", Report("landed-1"));
        var retry = await PatchAsync(connector, "tenant-w", "acct", Report("landed-1"));

        Assert.True(lost.Spent);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.NotNull(first.Headers.RetryAfter);
        var detail = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("may have been applied", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was written", detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("duplicate", (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task ADeletionWhoseWriteLandedBeforeStorageFailedSaysItMayHaveBeenDoneAndItsRetrySaysWhenItWas()
    {
        // The deletion's transaction reaches storage and is applied, then the answer is lost as on a reset connection.
        var (app, lost) = AppLosingAnswers();
        using var disposeApp = app;
        var reported = await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-wd", "acct", Report("before-delete"));
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        lost.Arm(LostAnswer.Reset);
        var admin = app.ClientWithKey(AdminKey);

        var first = await admin.DeleteAsync("/api/tenants/tenant-wd/connections/acct");
        var retry = await admin.DeleteAsync("/api/tenants/tenant-wd/connections/acct");
        var never = await admin.DeleteAsync("/api/tenants/tenant-wd/connections/never-reported");

        Assert.True(lost.Spent);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.NotNull(first.Headers.RetryAfter);
        var detail = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains(ProblemMapping.DeletionMayHaveBeenDone, detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
        var retryDetail = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.StartsWith("Channel account 'acct' of tenant 'tenant-wd' was deleted at ", retryDetail, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(retryDetail!["Channel account 'acct' of tenant 'tenant-wd' was deleted at ".Length..^1], CultureInfo.InvariantCulture, out _), retryDetail);
        Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
        Assert.Equal(
            "No status has been reported for channel account 'never-reported' of tenant 'tenant-wd'.",
            (await never.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    [Trait("Tier", "Slow")]
    public async Task ASlowUploadIsNotAStorageFailureTheBudgetStartsAtTheFirstStorageCall()
    {
        // Real Kestrel on 127.0.0.1 (the in-memory test server hands the app the body only once it
        // is all there): the body's first bytes, then a pause twice the budget yet inside Kestrel's
        // 5 s minimum-data-rate grace, then the rest. Storage is healthy and only asked once the
        // body is in, so the report must be applied, not answered with a 503.
        using var names = new StatusApplication(azurite.ConnectionString);
        var environment = names.Settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["Storage__ResponseTimeout"] = "00:00:02";
        await using var app = await AppProcess.StartAsync(environment);

        // A fresh process's first write compiles its code and creates the tables, which on a loaded machine can take
        // longer than the 2 s budget: that happens first, on another account, retried like any 503 (the same report).
        for (var attempt = 1; ; attempt++)
        {
            using var warm = new HttpRequestMessage(HttpMethod.Patch, "/api/tenants/tenant-slowbody/connections/warm-up") { Content = JsonContent.Create(Report("warm-1"), options: ApiJson) };
            warm.Headers.Add("X-Api-Key", ConnectorKey);
            var warmed = await app.Client.SendAsync(warm);
            if (warmed.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                Assert.True(warmed.StatusCode == HttpStatusCode.OK, $"warm-up: {warmed.StatusCode}");
                break;
            }
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(Report("slow-1"), ApiJson);
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/tenants/tenant-slowbody/connections/acct")
        {
            Content = new PausedContent(body, splitAt: 10, pause: TimeSpan.FromSeconds(4)),
        };
        request.Headers.Add("X-Api-Key", ConnectorKey);

        var started = TimeProvider.System.GetTimestamp();
        var response = await app.Client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/tenants/tenant-slowbody/connections/acct");
        read.Headers.Add("X-Api-Key", SupportKey);
        var stored = await (await app.Client.SendAsync(read)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("error", stored.GetProperty("status").GetString());
        // The check that the body really arrived after the budget would have run out.
        Assert.True(TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(4), "the body came in faster than the budget; the test proves nothing");
    }

    /// <summary>A JSON body written in two parts with a pause between, as a slow client uploads it.</summary>
    private sealed class PausedContent : HttpContent
    {
        private readonly byte[] body;
        private readonly int splitAt;
        private readonly TimeSpan pause;

        public PausedContent(byte[] body, int splitAt, TimeSpan pause)
        {
            (this.body, this.splitAt, this.pause) = (body, splitAt, pause);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, splitAt));
            await stream.FlushAsync();
            await Task.Delay(pause);
            await stream.WriteAsync(body.AsMemory(splitAt));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
