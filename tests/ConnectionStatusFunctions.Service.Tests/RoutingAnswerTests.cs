using System.Net;
using System.Net.Sockets;
using System.Text;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Answers no endpoint writes: routing's 404 and 405, HEAD beside GET, and Kestrel's own 414.</summary>
public sealed class RoutingAnswerTests(Azurite azurite, RoutingAnswerTests.RoutingApp shared) : IClassFixture<Azurite>, IClassFixture<RoutingAnswerTests.RoutingApp>
{
    /// <summary>The in-memory cases only send one request that nothing answers by writing: one app for all of them.</summary>
    public sealed class RoutingApp : SharedStatusApplication
    {
        protected override Task<StatusApplication> CreateAsync(Azurite azurite) => Task.FromResult(new StatusApplication(azurite.ConnectionString));
    }

    [Theory]
    [InlineData("GET", "/api/nowhere", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/tenants/t/connections/a/b/c", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/healthz", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/api/tenants/t/connections/a", HttpStatusCode.MethodNotAllowed)]
    public async Task RoutingErrorsAreProblemsWithTheApiHeaders(string method, string path, HttpStatusCode expected)
    {
        var response = await shared.App.ClientWithKey(SupportKey).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{method} {path}");
        Assert.True(response.Headers.CacheControl?.NoCache, $"{method} {path}");
        Assert.Contains("X-Api-Key", response.Headers.Vary);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("GET", "/api/nowhere", HttpStatusCode.NotFound)]
    [InlineData("GET", "/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/healthz", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", "/api/tenants/t/connections/a", HttpStatusCode.MethodNotAllowed)]
    public async Task RoutingErrorsKeepTheirStatusAndProblemWhateverTheAcceptHeader(string method, string path, HttpStatusCode expected)
    {
        // ASP.NET Core's problem writer refuses an Accept without JSON; routing's answer was then a bare 500.
        await ProblemsWhateverAccept.AssertAnsweredAlikeAsync(shared.App.ClientWithKey(SupportKey), () => new HttpRequestMessage(new HttpMethod(method), path), expected);
    }

    [Fact]
    public async Task HeadOnARouteOfGetAnswersAsGetDoesWithoutTheBodyAndAnUnknownPathIs404()
    {
        // Through Kestrel, which leaves a HEAD answer's body out, as the Functions host's server does.
        using var app = new StatusApplication(azurite.ConnectionString);
        var port = AzuriteProcess.FreePort();
        app.UseKestrel(port);
        app.StartServer();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("X-Api-Key", SupportKey);

        foreach (var path in new[] { "/api/healthz", "/api/tenants", "/status", "/api/openapi.json" })
        {
            using var get = await client.GetAsync(path);
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.Equal(get.Content.Headers.ContentType?.ToString(), head.Content.Headers.ContentType?.ToString());
            Assert.Equal(get.Headers.CacheControl?.ToString(), head.Headers.CacheControl?.ToString());
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }

        foreach (var path in new[] { "/nothing-here", "/api/nowhere" })
        {
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        }

        using var put = await client.PutAsync("/api/healthz", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        Assert.Equal(["GET", "HEAD"], put.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnOverLongRequestLineIsKestrelsOwn414WrittenBeforeAnyAppCode()
    {
        // Documented in docs/security.md: Kestrel refuses a request line over 8 KiB before the app
        // sees the request, so this answer alone carries none of the API's headers.
        using var app = new StatusApplication(azurite.ConnectionString);
        var port = AzuriteProcess.FreePort();
        app.UseKestrel(port);
        app.StartServer();

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /api/{new string('a', 10_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var head = new List<string>();
        while (await reader.ReadLineAsync(timeout.Token) is { Length: > 0 } line)
        {
            head.Add(line);
        }

        Assert.StartsWith("HTTP/1.1 414", head[0], StringComparison.Ordinal);
        Assert.DoesNotContain(head, h => h.StartsWith("X-Content-Type-Options", StringComparison.OrdinalIgnoreCase));
    }
}
