using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Functions.Tests;

// Long because the table of requests both hosts must answer alike is the point of the class: one place
// to read every case, the routes' own beside routing's, with the Accept headers problems must ignore.
/// <summary>
/// The two hosts, each on its own copy of the same data: the standalone host over HTTP, the
/// Functions app by calling its middleware and functions directly. Every request must get the same
/// status and the same body from both.
/// </summary>
public sealed partial class HttpFunctionParityTests(Azurite azurite) : IClassFixture<Azurite>, IAsyncLifetime
{
    private static readonly DateTimeOffset CheckedAt = DateTimeOffset.UtcNow.AddMinutes(-3);
    private StatusApplication _standalone = null!;
    private StatusApplication _functionsStorage = null!;
    private FunctionsHarness _functions = null!;

    public static TheoryData<string, string, string?, string?> Requests => WithOneRequestPerRoute(new()
    {
        // method, path and query, API key, JSON body
        { "PATCH", "/api/tenants/tenant-p/connections/line-new", ConnectorKey, Report("error", "auth_error", "401 with access_token=abcdefghijklmnopqrstuvwxyz123456") },
        { "PATCH", "/api/tenants/tenant-p/connections/line-1", ConnectorKey, Report("connected", null, null) },
        { "PATCH", "/api/tenants/tenant-p/connections/line-2", ConnectorKey, Report("error", "timeout", null) },
        { "PATCH", "/api/tenants/tenant-p/connections/line-2", ConnectorKey, "{ not json" },
        { "PATCH", "/api/tenants/tenant-p/connections/line-2", ConnectorKey, "{\"status\":\"connected\",\"checkedAt\":\"2026-11-24T09:00:00Z\",\"statu\":\"x\"}" },
        { "PATCH", "/api/tenants/tenant-p/connections/has%20space", ConnectorKey, Report("connected", null, null) },
        { "PATCH", "/api/tenants/tenant-p/connections/line-2", ConnectorKey, "{\"displayName\":\"" + new string('x', 70_000) + "\"}" },
        { "PATCH", "/api/tenants/tenant-p/connections/line-2", null, Report("connected", null, null) },
        { "PATCH", "/api/tenants/tenant-p/connections/line-2", "not-a-key", Report("connected", null, null) },
        { "PATCH", "/api/tenants/tenant-p/connections/line-2", SupportKey, Report("connected", null, null) },
        { "PATCH", "/api/tenants/tenant-p/connections/line-2", ScopedConnectorKey, Report("connected", null, null) },
        { "GET", "/api/tenants/tenant-p/connections", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections?needsAttention=true&pageSize=5", AdminKey, null },
        { "GET", "/api/tenants/tenant-p/connections?status=bogus&pageSize=0", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections?continuationToken=forged", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections?q=line&healthState=error&errorCategory=unknown&pageSize=1", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections?q=%E0%B8%AA&needsAttention=true", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections?healthState=Healthy&errorCategory=timeout&q=", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections?q=line&continuationToken=forged", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections", ConnectorKey, null },
        { "GET", "/api/tenants/tenant-p/connections", null, null },
        { "GET", "/api/tenants/tenant-p/connections/line-1", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections/nobody", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections/a%23b", SupportKey, null },
        // Ids made only of dots: a 400 naming the field on both hosts.
        { "PATCH", "/api/tenants/tenant-p/connections/...", ConnectorKey, Report("connected", null, null) },
        { "GET", "/api/tenants/.../connections", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connection-summary", AdminKey, null },
        { "GET", "/api/tenants/tenant-p/connection-summary", "not-a-key", null },
        { "GET", "/api/tenants/never-registered/connection-summary", SupportKey, null },
        { "GET", "/api/tenants", SupportKey, null },
        { "GET", "/api/tenants?pageSize=1", AdminKey, null },
        { "GET", "/api/tenants", ScopedSupportKey, null },
        { "GET", "/api/tenants", ConnectorKey, null },
        { "GET", "/api/tenants?pageSize=0&continuationToken=forged", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections?needsAttention=true&channel=line&continuationToken=forged", SupportKey, null },
        { "GET", "/api/channels/health", SupportKey, null },
        { "GET", "/api/channels/health", ConnectorKey, null },
        { "GET", "/api/channels/health", ScopedSupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections", ScopedSupportKey, null },
        { "GET", "/api/tenants/" + ScopedTenant + "/connections", ScopedSupportKey, null },
        { "GET", "/api/healthz", null, null },
        { "GET", "/api/tenants/tenant-p/connections/line-1/history", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections/line-1/history?pageSize=51", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections/nobody/history", AdminKey, null },
        { "GET", "/api/tenants/tenant-p/connections/line-1/history", ConnectorKey, null },
        { "GET", "/api/openapi.json", null, null },
        // The page and its files need no key, and an API key changes nothing.
        { "GET", "/status", null, null },
        { "GET", "/status?tenant=tenant-p", SupportKey, null },
        { "GET", "/status/status.js", null, null },
        { "GET", "/status/times.js", null, null },
        { "GET", "/status/status.css", null, null },
        { "GET", "/status/icon.svg", null, null },
        { "GET", "/status/no-such-file.js", null, null },
        { "GET", "/", null, null },
        // Requests no route serves: the standalone host's routing, the Functions app's catch-all function.
        { "GET", "/nothing-here", null, null },
        { "GET", "/api/tenants/tenant-p/unknown", SupportKey, null },
        { "GET", "/status/a/b", null, null },
        { "DELETE", "/api/tenants/tenant-p/connections/line-1/history", SupportKey, null },
        { "POST", "/api/tenants", ConnectorKey, "{}" },
        { "PUT", "/", null, null },
        { "OPTIONS", "/status", null, null },
        { "HEAD", "/api/healthz", null, null },
        { "HEAD", "/nothing-here", null, null },
        // Variants of paths and methods no other case holds: both hosts must agree on each.
        { "HEAD", "/api/tenants/tenant-p/connections", SupportKey, null },
        { "TRACE", "/api/healthz", null, null },
        { "FOO", "/api/healthz", null, null },
        { "OPTIONS", "/api/tenants/tenant-p/connections/line-1", SupportKey, null },
        { "GET", "/API/HEALTHZ", null, null },
        { "PUT", "/API/TENANTS", SupportKey, null },
        { "GET", "/api/healthz/", null, null },
        { "PUT", "/api/healthz/", null, null },
        { "GET", "/api//healthz", null, null },
        { "PUT", "/api//healthz", null, null },
        { "GET", "//api/healthz", null, null },
        { "DELETE", "//api/healthz", null, null },
        { "GET", "//", null, null },
        { "PUT", "/api/healthz//", null, null },
        { "GET", "/api/tenants/tenant-p/connections//history", SupportKey, null },
        { "PUT", "/api/tenants/tenant-p/connections//history", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections/a%2Fb", SupportKey, null },
        { "PUT", "/api/tenants/tenant-p/connections/a%2Fb", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/connections/a%2Fb/history", SupportKey, null },
        { "GET", "/api/tenants/%E0%B8%AA/connections", SupportKey, null },
        { "DELETE", "/api/tenants/%E0%B8%AA/connections", SupportKey, null },
        { "GET", "/%E0%B8%AA", null, null },
        { "GET", "/api/healthz?x=1&x=2", null, null },
        { "POST", "/api/healthz?x=1", null, null },
        { "GET", "/api/" + new string('a', 4000), null, null },
        { "GET", "/status/", null, null },
        { "GET", "/status//", null, null },
        { "PUT", "/Status", null, null },
        { "GET", "/STATUS/STATUS.JS", null, null },
        { "GET", "/api/tenants/", SupportKey, null },
        { "POST", "/api/tenants/", SupportKey, null },
        // Webhook subscriptions: bad input and callers who may not manage them, alike in both hosts (a creation's answer holds a fresh id and secret).
        { "POST", "/api/tenants/tenant-p/webhooks", AdminKey, "{\"url\":\"ftp://hooks.example.com/x\"}" },
        { "POST", "/api/tenants/tenant-p/webhooks", AdminKey, "{\"url\":\"https://hooks.example.com/x\",\"eventTypes\":[\"bogus\"],\"channels\":[\"fax\"]}" },
        { "POST", "/api/tenants/tenant-p/webhooks", AdminKey, "{\"url\":\"https://hooks.example.com/x?token=1\"}" },
        { "POST", "/api/tenants/tenant-p/webhooks", AdminKey, "{\"url\":\"https://169.254.169.254/latest\"}" },
        { "POST", "/api/tenants/tenant-p/webhooks", SupportKey, "{\"url\":\"https://hooks.example.com/x\"}" },
        { "POST", "/api/tenants/tenant-p/webhooks", ScopedSupportKey, "{\"url\":\"https://hooks.example.com/x\"}" },
        { "GET", "/api/tenants/tenant-p/webhooks", SupportKey, null },
        { "GET", "/api/tenants/tenant-p/webhooks/not-an-id", SupportKey, null },
        { "DELETE", "/api/tenants/tenant-p/webhooks/" + new string('0', 32), AdminKey, null },
        { "DELETE", "/api/tenants/tenant-p/webhooks/" + new string('0', 32), SupportKey, null },
        // Deleting an account: done, unknown, a bad id, and callers who may not.
        { "DELETE", "/api/tenants/tenant-p/connections/line-1", AdminKey, null },
        { "DELETE", "/api/tenants/tenant-p/connections/nobody", AdminKey, null },
        { "DELETE", "/api/tenants/tenant-p/connections/...", AdminKey, null },
        { "DELETE", "/api/tenants/tenant-p/connections/line-1", SupportKey, null },
        { "DELETE", "/api/tenants/tenant-p/connections/line-1", ConnectorKey, null },
        // Tenant deletion: unknown tenants, a bad id, callers who may not; a real deletion's answer holds the time it was asked for.
        { "DELETE", "/api/tenants/never-registered?confirm=never-registered", AdminKey, null },
        { "DELETE", "/api/tenants/never-registered", AdminKey, null },
        { "DELETE", "/api/tenants/never-registered?confirm=Never-Registered", AdminKey, null },
        { "GET", "/api/tenants/never-registered/deletion", AdminKey, null },
        { "GET", "/api/tenants/tenant-p/deletion", AdminKey, null },
        { "DELETE", "/api/tenants/...", AdminKey, null },
        { "DELETE", "/api/tenants/" + ScopedTenant, ScopedSupportKey, null },
        { "GET", "/api/tenants/tenant-p", AdminKey, null },
    });

    private static readonly Dictionary<string, string> SampleRouteValues = new(StringComparer.Ordinal)
    {
        ["tenantId"] = "tenant-p",
        ["channelAccountId"] = "line-1",
        ["asset"] = "status.js",
        ["root"] = string.Empty,
        ["subscriptionId"] = new string('0', 32),
    };

    /// <summary>The cases above, and a request to every route and method of the table with a key its policy admits, so a new route is compared from the start.</summary>
    private static TheoryData<string, string, string?, string?> WithOneRequestPerRoute(TheoryData<string, string, string?, string?> requests)
    {
        foreach (var route in StatusRoutes.All)
        {
            var key = route.Policy switch
            {
                null => null,
                Policies.ReportStatus => ConnectorKey,
                _ => SupportKey,
            };
            var path = "/" + RouteParameter().Replace(route.Template, m => SampleRouteValues[m.Groups[1].Value]);
            var body = route.Operation?.Body is null ? null : Report("connected", null, null);
            // HEAD too where GET is answered: the same status and headers, no body.
            foreach (var method in route.Methods)
            {
                var sent = method == "HEAD" ? null : body;
                if (!requests.Any(r => r.SequenceEqual(new object?[] { method, path, key, sent })))
                {
                    requests.Add(method, path, key, sent);
                }
            }
        }

        return requests;
    }

    [GeneratedRegex(@"\{(\w+)[^}]*\}")]
    private static partial Regex RouteParameter();

    private static string Report(string status, string? category, string? message) =>
        JsonSerializer.Serialize(ReportBodies.Report(status, CheckedAt, category, message, reportId: "rep-1"), ApiJson);

    public async Task InitializeAsync()
    {
        _standalone = new StatusApplication(azurite.ConnectionString);
        _functionsStorage = new StatusApplication(azurite.ConnectionString);
        _functions = new FunctionsHarness(_functionsStorage.Settings);

        // The same starting data for both hosts, each in its own tables.
        foreach (var (account, body) in new[] { ("line-1", Report("error", "webhook_error", "Webhook returned 502")), ("line-2", Report("connected", null, null)) })
        {
            Assert.Equal(200, (await SendStandaloneAsync("PATCH", $"/api/tenants/tenant-p/connections/{account}", ConnectorKey, body)).Status);
            Assert.Equal(200, (await _functions.SendAsync("PATCH", $"/api/tenants/tenant-p/connections/{account}", ConnectorKey, body)).Status);
        }
    }

    public Task DisposeAsync()
    {
        _functions.Dispose();
        _functionsStorage.Dispose();
        _standalone.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public Task BothHostsAnswerAlike(string method, string pathAndQuery, string? apiKey, string? json) =>
        AssertBothAnswerAlikeAsync(method, pathAndQuery, apiKey, json, accept: null);

    /// <summary>Each kind of problem (routing's 404 and 405, a route's own 401 and 404, the 413), asked for with an Accept that admits no JSON.</summary>
    public static TheoryData<string, string, string?, string?, int, string> ProblemsAskedForWithoutJson()
    {
        var data = new TheoryData<string, string, string?, string?, int, string>();
        foreach (var accept in NonJsonAccepts.All)
        {
            data.Add("GET", "/nothing-here", null, null, 404, accept);
            data.Add("DELETE", "/api/tenants/tenant-p/connections/line-1/history", SupportKey, null, 405, accept);
            data.Add("GET", "/api/tenants/tenant-p/connections", null, null, 401, accept);
            data.Add("GET", "/api/tenants/tenant-p/connections/nobody", SupportKey, null, 404, accept);
            data.Add("PATCH", "/api/tenants/tenant-p/connections/line-2", ConnectorKey, "{\"displayName\":\"" + new string('x', 70_000) + "\"}", 413, accept);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProblemsAskedForWithoutJson))]
    public async Task BothHostsAnswerAProblemAsProblemJsonWhateverTheAcceptHeader(string method, string pathAndQuery, string? apiKey, string? json, int expected, string accept)
    {
        var function = await AssertBothAnswerAlikeAsync(method, pathAndQuery, apiKey, json, accept);

        Assert.True(function.Status == expected, $"{function.Status} {function.Body}");
        Assert.Equal("application/problem+json", function.Headers.ContentType.ToString());
        // The same body as asked for with JSON, but for the traceId.
        var asJson = await _functions.SendAsync(method, pathAndQuery, apiKey, json, accept: "application/json");
        Assert.Equal(NonJsonAccepts.WithoutTraceId(asJson.Body), NonJsonAccepts.WithoutTraceId(function.Body));
    }

    /// <summary>Sends the request to both hosts and compares their answers; returns the Functions app's.</summary>
    private async Task<Answer> AssertBothAnswerAlikeAsync(string method, string pathAndQuery, string? apiKey, string? json, string? accept)
    {
        var standalone = await SendStandaloneAsync(method, pathAndQuery, apiKey, json, accept);
        var function = await _functions.SendAsync(method, pathAndQuery, apiKey, json, accept: accept);

        Assert.Equal(standalone.Status, function.Status);
        if (method != "HEAD")
        {
            // A HEAD answer's body is never sent, by either host's server.
            Assert.Equal(Comparable(standalone.Body), Comparable(function.Body));
        }

        Assert.Equal(standalone.Headers.ContentType.ToString(), function.Headers.ContentType.ToString());
        // HttpClient hands the standalone host's Allow over as a list.
        Assert.Equal(
            standalone.Headers.Allow.SelectMany(a => a!.Split(',', StringSplitOptions.TrimEntries)),
            function.Headers.Allow.SelectMany(a => a!.Split(',', StringSplitOptions.TrimEntries)));
        foreach (var header in new[] { "Expires", "Pragma", "WWW-Authenticate", "Vary", "X-Content-Type-Options", "Retry-After", "Content-Security-Policy", "Location", "Referrer-Policy", "X-Frame-Options" })
        {
            Assert.Equal(standalone.Headers[header].ToString(), function.Headers[header].ToString());
        }

        Assert.Equal("nosniff", function.Headers.XContentTypeOptions.ToString());
        if (!pathAndQuery.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) && standalone.Status < 400)
        {
            // The page: no data, so cacheable but revalidated, the same file by the same ETag, and its strict policy.
            Assert.Equal(standalone.Headers.ETag.ToString(), function.Headers.ETag.ToString());
            Assert.Equal("no-cache", function.Headers.CacheControl.ToString());
            Assert.StartsWith("default-src 'none'; script-src 'self';", function.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
            return function;
        }

        // HttpClient re-renders the standalone host's header; compare what both mean.
        Assert.Equal(
            CacheControlHeaderValue.Parse(standalone.Headers.CacheControl.ToString()),
            CacheControlHeaderValue.Parse(function.Headers.CacheControl.ToString()));
        Assert.True(CacheControlHeaderValue.Parse(function.Headers.CacheControl.ToString()).NoStore);
        return function;
    }

    private async Task<Answer> SendStandaloneAsync(string method, string pathAndQuery, string? apiKey, string? json, string? accept = null)
    {
        // Absolute: a relative "//api/..." would be read as a network-path reference, naming a host "api".
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri("http://localhost" + pathAndQuery));
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        // Redirects are part of the answer compared, not followed.
        using var response = await _standalone.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(request);
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = values.ToArray();
        }

        return new Answer((int)response.StatusCode, headers, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The body without what differs per request by design: a problem's traceId.</summary>
    private static string Comparable(string body)
    {
        if (body.Length == 0 || !body.StartsWith('{') || JsonNode.Parse(body) is not JsonObject json)
        {
            return body;
        }

        json.Remove("traceId");
        return json.ToJsonString();
    }
}
