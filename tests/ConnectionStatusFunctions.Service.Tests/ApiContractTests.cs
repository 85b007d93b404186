using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Testing;
using Json.Schema;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The OpenAPI document against what the hosts really serve and answer.</summary>
// Long because the document is compared with what both the route table and the running host really answer, route by route.
public sealed class ApiContractTests(Azurite azurite) : IClassFixture<Azurite>
{
    // Just after the examples' checkedAt, so the service takes them as fresh reports.
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse(ApiContract.ReportExample.CheckedAt!, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(1);

    private static async Task<JsonObject> DocumentAsync(StatusApplication app)
    {
        var response = await app.CreateClient().GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static JsonNode Resolve(JsonObject document, JsonNode node)
    {
        for (var hops = 0; hops < 5 && node is JsonObject { } reference && reference["$ref"] is JsonValue target; hops++)
        {
            node = target.GetValue<string>()["#/".Length..].Split('/').Aggregate((JsonNode)document, (at, part) => at[part] ?? throw new KeyNotFoundException(target.GetValue<string>()));
        }

        return node;
    }

    /// <summary>
    /// Fails with the schema's own findings when the answer's body is not what the document says
    /// route, method and status answer, or when a header the document describes is missing or
    /// holds another value than its schema allows.
    /// </summary>
    private static async Task AssertDocumented(JsonObject document, string path, string method, HttpResponseMessage answered)
    {
        var status = answered.StatusCode;
        var body = await answered.Content.ReadAsStringAsync();
        var operation = document["paths"]![path]?[method] ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not in the document");
        var response = Resolve(document, operation["responses"]![((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? throw new Xunit.Sdk.XunitException($"{method} {path} does not document {(int)status}"));
        var content = (JsonObject)response["content"]!;
        var (mediaType, described) = content.Single();
        var schema = ContractSchemas.For(document, described!["schema"]!);
        using var answer = JsonDocument.Parse(body);
        var result = schema.Evaluate(answer.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var findings = string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
        Assert.True(result.IsValid, $"{method} {path} {(int)status} does not match its schema: {findings}");
        foreach (var (name, header) in response["headers"]!.AsObject())
        {
            // As sent: the typed headers would reformat Cache-Control.
            Assert.True(answered.Headers.NonValidated.TryGetValues(name, out var values) || answered.Content.Headers.NonValidated.TryGetValues(name, out values), $"{method} {path} {(int)status} lacks its documented {name} header");
            var value = string.Join(",", values);
            var headerSchema = Resolve(document, header!)["schema"]!;
            var asJson = headerSchema["type"]?.GetValue<string>() == "integer" ? value : JsonSerializer.Serialize(value);
            Assert.True(ContractSchemas.For(document, headerSchema).Accepts(asJson), $"{method} {path} {(int)status}: {name} {value} does not match its schema");
        }

        if (mediaType == "application/problem+json")
        {
            Assert.Equal(described["example"]!["type"]!.GetValue<string>(), answer.RootElement.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task TheDocumentDescribesEveryRouteTheHostServesAndEveryReferenceResolves()
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        var document = await DocumentAsync(app);

        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var served = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/" + StatusRoutes.Prefix + "/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        // HEAD is served beside every GET and documented by it (RFC 9110 9.3.2: the GET's answer without its body).
        Assert.Equal(served.Where(s => s.StartsWith("GET ", StringComparison.Ordinal)).Select(s => "HEAD " + s[4..]), served.Where(s => s.StartsWith("HEAD ", StringComparison.Ordinal)));
        Assert.Equal(served.Where(s => !s.StartsWith("HEAD ", StringComparison.Ordinal)), documented);
        Assert.Equal(StatusRoutes.Api.Count, documented.Count);

        var references = new List<string>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (key == "$ref" && value is JsonValue v && v.GetValue<string>().StartsWith("#/", StringComparison.Ordinal))
                        {
                            references.Add(v.GetValue<string>());
                        }
                        else
                        {
                            Walk(value);
                        }
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        Walk(document);
        Assert.NotEmpty(references);
        Assert.All(references, r => Resolve(document, new JsonObject { ["$ref"] = r }));
    }

    [Fact]
    public async Task StaleIsAStatusAndHealthStateTheServiceShowsButNoReportMaySend()
    {
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        var document = await DocumentAsync(app);
        var schemas = document["components"]!["schemas"]!;
        List<string?> Enum(JsonNode? schema) => [.. Resolve(document, schema!)["enum"]!.AsArray().Select(n => n?.GetValue<string>())];

        Assert.Contains("stale", Enum(schemas["ConnectionView"]!["properties"]!["status"]));
        Assert.Contains("stale", Enum(schemas["ConnectionView"]!["properties"]!["healthState"]));
        var transition = Resolve(document, schemas["TransitionList"]!["properties"]!["items"]!["items"]!)["properties"]!;
        Assert.Contains("stale", Enum(transition["to"]));
        Assert.Contains("silence", Enum(transition["source"]));
        Assert.Equal(["connected", "error", "disconnected"], Enum(schemas["ReportInput"]!["properties"]!["status"]));
        Assert.Equal(["connected", "error", "disconnected"], Enum(schemas["QueuedReport"]!["properties"]!["status"]));
        Assert.NotNull(schemas["TenantSummary"]!["properties"]!["stale"]);
    }

    [Fact]
    public async Task TheReportExampleIsAcceptedAndEveryAnswerMatchesItsDocumentedSchema()
    {
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        var document = await DocumentAsync(app);
        var connector = app.ClientWithKey(ConnectorKey);
        var support = app.ClientWithKey(SupportKey);
        const string Account = "/api/tenants/{tenantId}/connections/{channelAccountId}";
        var body = document["paths"]![Account]!["patch"]!["requestBody"]!["content"]!["application/json"]!;
        var example = body["example"]!.ToJsonString();
        Assert.True(ContractSchemas.For(document, body["schema"]!).Accepts(example));
        Assert.False(ContractSchemas.For(document, body["schema"]!).Accepts("""{"status":"sleeping","checkedAt":"2026-11-29T09:00:00Z"}"""));

        async Task Check(HttpClient client, HttpMethod method, string url, string template, HttpStatusCode expected, string? body = null)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            var response = await client.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
            await AssertDocumented(document, template, method.Method.ToLowerInvariant(), response);
        }

        await Check(connector, HttpMethod.Patch, "/api/tenants/acme/connections/line-main", Account, HttpStatusCode.OK, example);
        var stored = await support.GetFromJsonAsync<ConnectionView>("/api/tenants/acme/connections/line-main", ApiJson);
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.AuthError, "LINE_401", "ACME LINE OA"), (stored!.Status, stored.ErrorCategory, stored.ErrorCode, stored.DisplayName));

        await Check(support, HttpMethod.Get, "/api/tenants/acme/connections?pageSize=10", "/api/tenants/{tenantId}/connections", HttpStatusCode.OK);
        await Check(support, HttpMethod.Get, "/api/tenants/acme/connections/line-main", Account, HttpStatusCode.OK);
        await Check(support, HttpMethod.Get, "/api/tenants/acme/connections/line-main/history", Account + "/history", HttpStatusCode.OK);
        await Check(support, HttpMethod.Get, "/api/tenants/acme/connection-summary", "/api/tenants/{tenantId}/connection-summary", HttpStatusCode.OK);
        await Check(app.ClientWithKey(AdminKey), HttpMethod.Get, "/api/channels/health", "/api/channels/health", HttpStatusCode.OK);
        await Check(app.CreateClient(), HttpMethod.Get, "/api/healthz", "/api/healthz", HttpStatusCode.OK);

        await Check(connector, HttpMethod.Patch, "/api/tenants/acme/connections/line-main", Account, HttpStatusCode.BadRequest, """{"status":"sleeping","checkedAt":"x"}""");
        await Check(support, HttpMethod.Get, "/api/tenants/acme/connections/line-main/history?pageSize=0", Account + "/history", HttpStatusCode.BadRequest);
        await Check(app.CreateClient(), HttpMethod.Get, "/api/tenants/acme/connections", "/api/tenants/{tenantId}/connections", HttpStatusCode.Unauthorized);
        await Check(connector, HttpMethod.Get, "/api/tenants/acme/connection-summary", "/api/tenants/{tenantId}/connection-summary", HttpStatusCode.Forbidden);
        await Check(support, HttpMethod.Get, "/api/tenants/acme/connections/nobody", Account, HttpStatusCode.NotFound);
        await Check(support, HttpMethod.Get, "/api/tenants/acme/connections/nobody/history", Account + "/history", HttpStatusCode.NotFound);
        await Check(connector, HttpMethod.Patch, "/api/tenants/acme/connections/line-main", Account, HttpStatusCode.RequestEntityTooLarge, new string(' ', RequestBinding.MaxBodyBytes + 1));
    }

    [Fact]
    public async Task EveryProblemStatusARouteAnswersIsDocumentedForIt()
    {
        // Walks the route table, so a route added later is held to its document from the start.
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        var document = await DocumentAsync(app);
        var example = document["paths"]!["/" + StatusRoutes.ConnectionTemplate]!["patch"]!["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();
        var undocumented = new List<string>();
        var answered = new HashSet<int>();
        foreach (var route in StatusRoutes.Api)
        {
            var allowed = route.Policy == Security.Policies.ReportStatus ? ConnectorKey : SupportKey;
            var valid = route.Operation!.Body is null ? null : example;
            // Every key on the route as it should be called, then one thing wrong at a time with a key it admits.
            var cases = new List<(string? Key, string Tenant, string Account, string Query, string? Body)>();
            cases.AddRange(new[] { null, "not-a-key", ConnectorKey, SupportKey, ScopedSupportKey, ScopedConnectorKey, LineConnectorKey }.Select(key => (key, "acme", "line-main", string.Empty, valid)));
            cases.AddRange(new[] { ("...", "line-main"), ("acme", "never-" + route.Name), ("acme", new string('a', 129)) }.Select(ids => ((string?)allowed, ids.Item1, ids.Item2, string.Empty, valid)));
            cases.AddRange(new[] { "?pageSize=0", "?pageSize=1&continuationToken=forged", "?status=sleeping", "?misspelt=1" }.Select(query => ((string?)allowed, "acme", "line-main", query, valid)));
            if (valid is not null)
            {
                cases.AddRange(new[] { "{", """{"status":"error","checkedAt":"2026-11-29T09:00:00Z"}""", new string(' ', RequestBinding.MaxBodyBytes + 1) }.Select(body => ((string?)allowed, "acme", "line-main", string.Empty, (string?)body)));
            }

            foreach (var (key, tenant, account, query, body) in cases)
            {
                {
                    {
                        {
                            var url = "/" + route.Template.Replace("{tenantId}", tenant, StringComparison.Ordinal).Replace("{channelAccountId}", account, StringComparison.Ordinal) + query;
                            using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
                            if (body is not null)
                            {
                                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                            }

                            var client = key is null ? app.CreateClient() : app.ClientWithKey(key);
                            var answer = await client.SendAsync(request);
                            var status = (int)answer.StatusCode;
                            answered.Add(status);
                            if (document["paths"]!["/" + route.Template]![route.Method.ToLowerInvariant()]!["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is null)
                            {
                                undocumented.Add($"{route.Method} {url} with {key ?? "no key"}: {status}");
                            }
                            else
                            {
                                await AssertDocumented(document, "/" + route.Template, route.Method.ToLowerInvariant(), answer);
                            }
                        }
                    }
                }
            }
        }

        Assert.True(undocumented.Count == 0, string.Join("\n", undocumented.Distinct().Take(30)));
        // The walk reached the statuses it is meant to check.
        Assert.True(new[] { 200, 400, 401, 403, 404, 413 }.All(answered.Contains), $"Answered only {string.Join(", ", answered.Order())}");
    }

    [Fact]
    public async Task TheReportSchemaAcceptsExactlyTheEdgeCaseReportsTheServerAccepts()
    {
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        var document = await DocumentAsync(app);
        var schema = ContractSchemas.For(document, document["components"]!["schemas"]![nameof(ReportInput)]!);
        var checkedAt = ApiContract.ReportExample.CheckedAt!;
        static string Emoji(int count) => string.Concat(Enumerable.Repeat("😀", count));
        var reports = new Dictionary<string, object>
        {
            ["a name of 200 emoji"] = new { status = "connected", checkedAt, displayName = Emoji(ReportValidator.MaxDisplayNameLength) },
            ["a name of 201 emoji"] = new { status = "connected", checkedAt, displayName = Emoji(ReportValidator.MaxDisplayNameLength + 1) },
            ["an empty name"] = new { status = "connected", checkedAt, displayName = string.Empty },
            ["an error message of 8192 emoji"] = new { status = "error", checkedAt, errorCategory = "unknown", errorMessage = Emoji(ReportValidator.MaxErrorMessageLength) },
            ["an error message of 8193 emoji"] = new { status = "error", checkedAt, errorCategory = "unknown", errorMessage = Emoji(ReportValidator.MaxErrorMessageLength + 1) },
            ["an empty error message"] = new { status = "error", checkedAt, errorCategory = "unknown", errorMessage = string.Empty },
            ["an error without its category"] = new { status = "error", checkedAt },
            ["an error whose category is null"] = new { status = "error", checkedAt, errorCategory = (string?)null },
            ["an empty error code"] = new { status = "error", checkedAt, errorCategory = "auth_error", errorCode = string.Empty },
            ["a success with an error code"] = new { status = "connected", checkedAt, errorCode = "E1" },
            ["a success with a category"] = new { status = "connected", checkedAt, errorCategory = "auth_error" },
            ["a success with null error fields"] = new { status = "disconnected", checkedAt, errorCategory = (string?)null, errorCode = (string?)null, errorMessage = (string?)null },
            ["stale"] = new { status = "stale", checkedAt },
            ["a capitalised status"] = new { status = "Connected", checkedAt },
            ["a capitalised channel"] = new { status = "connected", checkedAt, channel = "LINE" },
            ["a time without its offset"] = new { status = "connected", checkedAt = checkedAt.TrimEnd('Z') },
            ["a time with another offset"] = new { status = "connected", checkedAt = "2026-11-29T16:00:00+07:00" },
            ["a report id of dots"] = new { status = "connected", checkedAt, reportId = "..." },
            ["a report id of 129 characters"] = new { status = "connected", checkedAt, reportId = new string('r', 129) },
        };

        var disagreements = new List<string>();
        var account = 0;
        foreach (var (name, report) in reports)
        {
            // As UTF-8, not the serializer's \u escapes, which would put 8192 emoji past the 64 KiB a body may have.
            var json = JsonSerializer.Serialize(report).Replace("\\uD83D\\uDE00", "😀", StringComparison.Ordinal);
            using var parsed = JsonDocument.Parse(json);
            var documented = schema.Evaluate(parsed.RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid;
            var answer = await app.ClientWithKey(ConnectorKey).PatchAsync($"/api/tenants/acme/connections/edge-{account++}", new StringContent(json, Encoding.UTF8, "application/json"));
            if (documented != (answer.StatusCode == HttpStatusCode.OK))
            {
                disagreements.Add($"{name}: the schema {(documented ? "accepts" : "refuses")} it, the server answered {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Fact]
    public async Task ThrottledAndUnavailableAnswersCarryTheDocumentedProblemTypes()
    {
        var limits = new Dictionary<string, string?> { ["RateLimits:PerCallerBurst"] = "1", ["RateLimits:PerCallerPerSecond"] = "0.01" };
        using var throttled = new StatusApplication(azurite.ConnectionString, settings: limits);
        using var broken = new StatusApplication(azurite.ConnectionString, services => StorageOutage.ReplaceTables(services));
        var document = await DocumentAsync(throttled);
        var support = throttled.ClientWithKey(SupportKey);

        await support.GetAsync("/api/tenants/acme/connection-summary");
        var limited = await support.GetAsync("/api/tenants/acme/connection-summary");
        var unavailable = await broken.ClientWithKey(SupportKey).GetAsync("/api/tenants/acme/connections/line-main");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        await AssertDocumented(document, "/api/tenants/{tenantId}/connection-summary", "get", limited);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        await AssertDocumented(document, "/api/tenants/{tenantId}/connections/{channelAccountId}", "get", unavailable);
    }

    [Fact]
    public async Task EveryRouteThatReadsStorageAnswersItsDocumented503WhenStorageRefusesConnections()
    {
        await using var proxy = new FaultProxy(azurite.Process.TablePort);
        using var app = new StatusApplication(FaultProxy.ConnectionString(azurite.Process, proxy)).UseClock(Now);
        var document = await DocumentAsync(app);
        // Started against working storage (not /api/healthz, whose answer is kept for a second of the test's stopped clock).
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(SupportKey).GetAsync("/api/tenants/acme/connection-summary")).StatusCode);
        proxy.Fault = Fault.Refuse;

        // Side by side: a refused connection fails within the clients' two quick retries, once for all.
        await Task.WhenAll(StatusRoutes.Api.Where(r => r != StatusRoutes.GetApiContract).Select(async route =>
        {
            var url = "/" + route.Template.Replace("{tenantId}", "acme", StringComparison.Ordinal).Replace("{channelAccountId}", "line-main", StringComparison.Ordinal).Replace("{subscriptionId}", new string('a', 32), StringComparison.Ordinal)
                + (route == StatusRoutes.DeleteTenant ? "?confirm=acme" : "");
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
            if (route.Operation!.Body is not null)
            {
                // Each route's own example, valid, so that storage is reached.
                var own = document["paths"]!["/" + route.Template]![route.Method.ToLowerInvariant()]!["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();
                request.Content = new StringContent(own, Encoding.UTF8, "application/json");
            }

            var client = route.Policy is null ? app.CreateClient() : app.ClientWithKey(route.Policy == Security.Policies.ReportStatus ? ConnectorKey : AdminKey);
            var answer = await client.SendAsync(request);

            Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{route.Name} answered {(int)answer.StatusCode}");
            await AssertDocumented(document, "/" + route.Template, route.Method.ToLowerInvariant(), answer);
        }));
    }

    [Fact]
    public async Task TheQueueMessageExampleIsAppliedByTheQueueHandler()
    {
        using var app = new StatusApplication(azurite.ConnectionString).UseClock(Now);
        var document = await DocumentAsync(app);
        var message = document["components"]!["schemas"]![nameof(QueuedReport)]!["examples"]![0]!.ToJsonString();
        Assert.True(ContractSchemas.For(document, document["components"]!["schemas"]![nameof(QueuedReport)]!).Accepts(message));

        var outcome = await app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(message, dequeueCount: 1, CancellationToken.None);

        Assert.Equal(QueuedReportOutcome.Applied, outcome);
        var example = ApiContract.QueuedReportExample;
        var stored = await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionView>($"/api/tenants/{example.TenantId}/connections/{example.ChannelAccountId}", ApiJson);
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.WebhookError, ReportSource.Queue), (stored!.Status, stored.ErrorCategory, stored.LastSource));
    }
}
