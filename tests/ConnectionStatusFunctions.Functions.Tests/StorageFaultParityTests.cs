using System.Text.Json;
using ConnectionStatusFunctions.Functions.Triggers;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Functions.Tests;

/// <summary>A table service that accepts connections and never answers: the Functions app answers every route as the standalone host does, within the request budget.</summary>
[Collection(SerialCollection.Name)]
public sealed class StorageFaultParityTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task BothHostsAnswerAHungStoreWithTheSame503AndRetryAfterWithinTheBudget()
    {
        await using var proxy = new FaultProxy(azurite.Process.TablePort) { Fault = Fault.Hang };
        var settings = new Dictionary<string, string?> { ["Storage:ResponseTimeout"] = "00:00:03" };
        using var standalone = new StatusApplication(FaultProxy.ConnectionString(azurite.Process, proxy), settings: settings);
        using var functions = new FunctionsHarness(new StatusApplication(FaultProxy.ConnectionString(azurite.Process, proxy), settings: settings).Settings);
        var report = "{\"status\":\"connected\",\"checkedAt\":\"" + DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O") + "\"}";

        // The routes wait out their budgets side by side, each with requests of its own: one budget's
        // wait for the whole test instead of fourteen in a row.
        await Task.WhenAll(new (string Method, string Path, string Key, string? Body)[]
        {
            ("PATCH", "/api/tenants/tenant-h/connections/acct", ConnectorKey, report),
            ("GET", "/api/tenants/tenant-h/connections", SupportKey, null),
            ("GET", "/api/tenants/tenant-h/connections/acct", SupportKey, null),
            ("GET", "/api/tenants/tenant-h/connections/acct/history", SupportKey, null),
            ("GET", "/api/tenants/tenant-h/connection-summary", SupportKey, null),
            ("GET", "/api/channels/health", SupportKey, null),
            ("GET", "/api/healthz", SupportKey, null),
        }.Select(route =>
            // Far shorter than the SDK's three 30 s network timeouts: only the budget answers in time.
            AssertBothAnswerTheSame503Async(standalone, functions, route.Method, route.Path, route.Key, route.Body)));
    }

    [Fact]
    public async Task BothHostsAnswerStorageRefusingTheAppsCredentialsWithTheSame503AndOneErrorLogPerRequest()
    {
        // A key the account no longer has, as after a rotation: storage answers every request 403.
        const string RotatedKey = "Um90YXRlZEF3YXlLZXlSb3RhdGVkQXdheUtleVJvdGF0ZWRBd2F5S2V5Um90YXRlZEF3YXlLZXkxMjM0NQ==";
        var refused = azurite.ConnectionString.Replace("AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", $"AccountKey={RotatedKey}", StringComparison.Ordinal);
        Assert.NotEqual(azurite.ConnectionString, refused);
        var logs = new CapturedLogs();
        using var standalone = new StatusApplication(refused);
        using var functions = new FunctionsHarness(new StatusApplication(refused).Settings, services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        var report = "{\"status\":\"connected\",\"checkedAt\":\"" + DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O") + "\"}";

        foreach (var (method, path, key, body) in new (string, string, string, string?)[]
        {
            ("PATCH", "/api/tenants/tenant-k/connections/acct", ConnectorKey, report),
            ("GET", "/api/tenants/tenant-k/connections", SupportKey, null),
            ("GET", "/api/tenants/tenant-k/connection-summary", SupportKey, null),
            ("GET", "/api/channels/health", SupportKey, null),
            ("GET", "/api/healthz", SupportKey, null),
        })
        {
            var before = logs.Lines.Count;
            await AssertBothAnswerTheSame503Async(standalone, functions, method, path, key, body);
            var errors = logs.Lines.Skip(before).Where(line => line.StartsWith("Error ", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 1, $"Functions {method} {path}: {errors.Count} error logs:\n{string.Join('\n', errors)}");
            Assert.Contains("refused the app's credentials", errors[0], StringComparison.Ordinal);
        }

        Assert.DoesNotContain(logs.Lines, line => line.Contains(RotatedKey[..16], StringComparison.Ordinal));
    }

    [Fact]
    public async Task BothHostsAnswerA503AsProblemJsonWithRetryAfterWhateverTheAcceptHeader()
    {
        // Refused credentials answer at once; the worker middleware's problem goes through the same writer as the standalone host's.
        const string RotatedKey = "Um90YXRlZEF3YXlLZXlSb3RhdGVkQXdheUtleVJvdGF0ZWRBd2F5S2V5Um90YXRlZEF3YXlLZXkxMjM0NQ==";
        var refused = azurite.ConnectionString.Replace("AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", $"AccountKey={RotatedKey}", StringComparison.Ordinal);
        using var standalone = new StatusApplication(refused);
        using var functions = new FunctionsHarness(new StatusApplication(refused).Settings);

        foreach (var accept in NonJsonAccepts.All)
        {
            var function = await functions.SendAsync("GET", "/api/tenants/tenant-k/connections", SupportKey, accept: accept);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenants/tenant-k/connections");
            request.Headers.TryAddWithoutValidation("Accept", accept);
            var response = await standalone.ClientWithKey(SupportKey).SendAsync(request);

            Assert.True(function.Status == 503, $"Functions, Accept: {accept}: {function.Status} {function.Body}");
            Assert.Equal(503, (int)response.StatusCode);
            Assert.Equal("application/problem+json", function.Headers.ContentType.ToString());
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(ProblemMapping.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), function.Headers.RetryAfter.ToString());
            Assert.Equal(TimeSpan.FromSeconds(ProblemMapping.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            Assert.Equal(NonJsonAccepts.WithoutTraceId(await response.Content.ReadAsStringAsync()), NonJsonAccepts.WithoutTraceId(function.Body));
        }
    }

    [Fact]
    public async Task ASlowUploadIsNotAStorageFailureUnderTheFunctionsHostEither()
    {
        // As in the standalone StorageFaultTests: 10 bytes, a pause twice the budget, then the rest.
        var settings = new Dictionary<string, string?> { ["Storage:ResponseTimeout"] = "00:00:02" };
        using var app = new StatusApplication(azurite.ConnectionString, settings: settings);
        using var functions = new FunctionsHarness(app.Settings);
        var report = "{\"status\":\"connected\",\"checkedAt\":\"" + DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O") + "\"}";

        var answer = await functions.SendAsync("PATCH", "/api/tenants/tenant-slow/connections/acct", ConnectorKey, new PausedStream(System.Text.Encoding.UTF8.GetBytes(report), 10, TimeSpan.FromSeconds(4)));

        Assert.True(answer.Status == 200, $"{answer.Status}: {answer.Body}");
        var stored = await functions.SendAsync("GET", "/api/tenants/tenant-slow/connections/acct", SupportKey);
        Assert.Equal("connected", JsonDocument.Parse(stored.Body).RootElement.GetProperty("status").GetString());
    }

    /// <summary>Sends the request to both hosts at once, each within 45 s, and expects the same 503 problem with Retry-After from both.</summary>
    private static async Task AssertBothAnswerTheSame503Async(StatusApplication standalone, FunctionsHarness functions, string method, string path, string key, string? body)
    {
        var functionAnswering = functions.SendAsync(method, path, key, body).WaitAsync(TimeSpan.FromSeconds(45));
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        using var outer = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var response = await standalone.ClientWithKey(key).SendAsync(request, outer.Token);
        var function = await functionAnswering;

        Assert.True(function.Status == 503, $"Functions {method} {path}: {function.Status} {function.Body}");
        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(ProblemMapping.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), function.Headers.RetryAfter.ToString());
        Assert.Equal(TimeSpan.FromSeconds(ProblemMapping.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        var functionProblem = JsonDocument.Parse(function.Body).RootElement;
        var standaloneProblem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(standaloneProblem.GetProperty("title").GetString(), functionProblem.GetProperty("title").GetString());
        Assert.Equal(standaloneProblem.GetProperty("detail").GetString(), functionProblem.GetProperty("detail").GetString());
    }

    /// <summary>A body that gives its first bytes, then waits (cancellably, as a socket read does), then the rest.</summary>
    private sealed class PausedStream(byte[] body, int splitAt, TimeSpan pause) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == splitAt)
            {
                await Task.Delay(pause, cancellationToken);
            }

            var end = _position < splitAt ? splitAt : body.Length;
            var count = Math.Min(buffer.Length, end - _position);
            body.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Bodies are read asynchronously.");
        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void NoHttpFunctionTakesTheInvocationsCancellationToken()
    {
        // The request budget cancels the request's RequestAborted; a handler given the invocation's
        // token instead would wait out a hung store for the SDK's full 90 s.
        var httpFunctions = typeof(ConnectionFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), inherit: false).Length > 0)
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.HttpTriggerAttribute), inherit: false).Length > 0))
            .ToList();

        Assert.NotEmpty(httpFunctions);
        Assert.All(httpFunctions, m => Assert.DoesNotContain(m.GetParameters(), p => p.ParameterType == typeof(CancellationToken)));
    }
}
