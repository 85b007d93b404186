using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Events;
using Json.Schema;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The OpenAPI document as generators read it: exact types, one schema per record, every header,
/// problem and field described. What the hosts really answer is <see cref="ApiContractTests"/>'s.
/// </summary>
public sealed class ApiContractShapeTests
{
    private static readonly JsonObject Document = ApiContract.Build();
    private static readonly JsonObject Schemas = Document["components"]!["schemas"]!.AsObject();

    private static IEnumerable<(string Path, JsonObject Node)> Nodes(JsonNode? node, string path = "#")
    {
        switch (node)
        {
            case JsonObject o:
                yield return (path, o);
                foreach (var (key, value) in o)
                {
                    foreach (var inner in Nodes(value, $"{path}/{key}"))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var inner in Nodes(a[i], $"{path}/{i}"))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static IEnumerable<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonValue one => [one.GetValue<string>()],
        JsonArray many => many.Select(t => t!.GetValue<string>()),
        _ => [],
    };

    [Theory]
    [InlineData(nameof(TenantSummary), "issueCount")]
    [InlineData(nameof(TenantSummary), "total")]
    [InlineData(nameof(ConnectionView), "healthScore")]
    [InlineData(nameof(ConnectionView), "consecutiveFailures")]
    [InlineData(nameof(ConnectionView), "failuresInLast24Hours")]
    [InlineData(nameof(HealthReason), "ceiling")]
    [InlineData(nameof(TenantEntry), "needsAttention")]
    [InlineData(nameof(ChannelHealthView), "checked")]
    public void AnIntegerTheServiceSendsIsAnInteger(string schema, string property)
    {
        Assert.Equal(["integer"], Types(Schemas[schema]!["properties"]![property]!.AsObject()));
    }

    [Fact]
    public void AnUnknownTenantsSummaryScoreIsAnIntegerOrNull()
    {
        Assert.Equal(["integer", "null"], Types(Schemas[nameof(TenantSummary)]!["properties"]!["healthScore"]!.AsObject()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NoNumberIsDescribedAsAlsoAString()
    {
        var mixed = Nodes(Document)
            .Where(n => Types(n.Node).Contains("string") && Types(n.Node).Any(t => t is "integer" or "number"))
            .Select(n => n.Path)
            .ToList();

        Assert.Empty(mixed);
        Assert.Equal(["number"], Types(Schemas[nameof(ChannelHealthView)]!["properties"]!["errorRate"]!.AsObject()));
    }

    [Fact]
    public void ANumberSentAsTextIsRefusedAsTheSchemaSays()
    {
        // The serializer's rule is what the exporter describes: numbers are numbers in both directions.
        const string Entry = """{"tenantId":"acme","known":true,"needsAttention":"2","badge":"red","accounts":3,"accountsCountedAt":null}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TenantEntry>(Entry, ServiceJson.Options));
        Assert.Equal(2, JsonSerializer.Deserialize<TenantEntry>(Entry.Replace("\"2\"", "2", StringComparison.Ordinal), ServiceJson.Options)!.NeedsAttention);
    }

    [Fact]
    public void EachRecordAndEnumIsDefinedOnceAndReferredToEverywhereElse()
    {
        var accountViews = Nodes(Document)
            .Where(n => n.Node["properties"] is JsonObject p && p.ContainsKey("healthScore") && p.ContainsKey("channelAccountId"))
            .Select(n => n.Path)
            .ToList();
        var inlineEnums = Nodes(Document)
            .Where(n => n.Node["enum"] is JsonArray values && values.Any(v => v?.GetValue<string>() == "auth_error"))
            .Select(n => n.Path)
            .ToList();

        Assert.Equal(["#/components/schemas/ConnectionView"], accountViews);
        Assert.Equal(["#/components/schemas/ErrorCategory"], inlineEnums);
        Assert.Equal("#/components/schemas/ConnectionView", Schemas[nameof(ConnectionList)]!["properties"]!["items"]!["items"]!["$ref"]!.GetValue<string>());
        // Null for a report on a deleted account: the view, or null.
        Assert.Equal("#/components/schemas/ConnectionView", Schemas[nameof(ReportResponse)]!["properties"]!["connection"]!["anyOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.Equal("null", Schemas[nameof(ReportResponse)]!["properties"]!["connection"]!["anyOf"]![1]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void EveryPropertyParameterHeaderAndSchemaIsDescribed()
    {
        var properties = Nodes(Document)
            .Where(n => n.Node["properties"] is JsonObject && !n.Path.Contains("/oneOf/", StringComparison.Ordinal))
            .SelectMany(n => n.Node["properties"]!.AsObject().Select(p => (Path: $"{n.Path}/properties/{p.Key}", Node: p.Value!.AsObject())));
        var parameters = Nodes(Document["paths"]).Where(n => n.Path.Contains("/parameters/", StringComparison.Ordinal) && n.Node.ContainsKey("in"));
        var headers = Document["components"]!["headers"]!.AsObject().Select(h => (Path: h.Key, Node: h.Value!.AsObject()));
        var schemas = Schemas.Select(s => (Path: s.Key, Node: s.Value!.AsObject()));

        var undescribed = properties.Concat(parameters).Concat(headers).Concat(schemas)
            .Where(n => n.Node["description"] is not JsonValue d || string.IsNullOrWhiteSpace(d.GetValue<string>()))
            .Select(n => n.Path)
            .ToList();

        Assert.Empty(undescribed);
        Assert.True(properties.Count() > 80, "the walk found the properties");
    }

    [Fact]
    public void EveryResponseRecordListsEachPropertyAsRequiredBecauseTheServiceAlwaysWritesIt()
    {
        foreach (var name in new[] { nameof(ConnectionList), nameof(ConnectionView), nameof(TenantSummary), nameof(TenantEntry), nameof(TransitionView) })
        {
            var schema = Schemas[name]!;
            Assert.Equal(
                schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal),
                schema["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void ResponsesDescribeTheHeadersTheServiceSends()
    {
        string[] Headers(JsonNode response) => [.. response["headers"]!.AsObject().Select(h => h.Key)];
        var responses = Document["components"]!["responses"]!;
        var getConnection = Document["paths"]!["/" + StatusRoutes.ConnectionTemplate]!["get"]!["responses"]!["200"]!;

        Assert.Equal([.. ApiContract.CommonHeaders, "ETag"], Headers(getConnection));
        Assert.Equal([.. ApiContract.CommonHeaders, "WWW-Authenticate"], Headers(responses["Problem401"]!));
        Assert.Equal([.. ApiContract.CommonHeaders, "Retry-After"], Headers(responses["Problem429"]!));
        Assert.Equal([.. ApiContract.CommonHeaders, "Retry-After"], Headers(responses["Problem503"]!));
        Assert.Equal("integer", Document["components"]!["headers"]!["Retry-After"]!["schema"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void EveryRouteThatReadsStorageListsItsServerErrorsAndEveryRouteWithInputOrAKeyItsClientErrors()
    {
        foreach (var route in StatusRoutes.Api)
        {
            var statuses = Document["paths"]!["/" + route.Template]![route.Method.ToLowerInvariant()]!["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (route != StatusRoutes.GetApiContract)
            {
                Assert.Contains(500, statuses);
                Assert.Contains(503, statuses);
            }

            // The two exceptions are redocly.yaml's one override of operation-4xx-response.
            if (route.Policy is not null || route.Template.Contains('{', StringComparison.Ordinal))
            {
                Assert.Contains(statuses, s => s is >= 400 and < 500);
            }
            else
            {
                Assert.Contains(route, new[] { StatusRoutes.AppHealth, StatusRoutes.GetApiContract });
            }
        }
    }

    [Fact]
    public void TheWebhookDeliveryDescribesTheEventItsExampleIsWhatTheServiceWritesAndItsTypesAreTheServicesOwn()
    {
        var delivery = Document["webhooks"]!["accountEvent"]!["post"]!;
        var content = delivery["requestBody"]!["content"]![Webhooks.WebhookSender.MediaType]!;
        var schema = ContractSchemas.For(Document, content["schema"]!);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(CloudEventJson.Of(ApiContract.AccountEventExample)), content["example"]));
        Assert.True(schema.Accepts(content["example"]!.ToJsonString()));
        Assert.Equal(
            Enum.GetValues<AccountEventKind>().Select(AccountEvents.TypeOf),
            Schemas[nameof(AccountEventDocument)]!["properties"]!["type"]!["enum"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["webhook-id", "webhook-timestamp", "webhook-signature"], delivery["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));

        // The schema is not a formality: an event of an unknown type, or without its data's transition, is refused.
        var example = content["example"]!.AsObject();
        var unknownType = example.DeepClone().AsObject();
        unknownType["type"] = "connectionstatus.account.renamed";
        var noTransition = example.DeepClone().AsObject();
        noTransition["data"]!.AsObject().Remove("transition");
        Assert.False(schema.Accepts(unknownType.ToJsonString()));
        Assert.False(schema.Accepts(noTransition.ToJsonString()));

        // Nor without what orders an account's events.
        foreach (var name in new[] { "incarnation", "sequence" })
        {
            var without = example.DeepClone().AsObject();
            without["data"]!.AsObject().Remove(name);
            Assert.False(schema.Accepts(without.ToJsonString()), $"an event without data.{name} is refused");
        }
    }

    [Fact]
    public void EveryProblemExampleHasATitleAndValidatesAgainstItsSchema()
    {
        foreach (var (name, response) in Document["components"]!["responses"]!.AsObject())
        {
            var content = response!["content"]!["application/problem+json"]!;
            var example = content["example"]!;

            Assert.False(string.IsNullOrEmpty(example["title"]?.GetValue<string>()), name);
            Assert.True(ContractSchemas.For(Document, content["schema"]!).Accepts(example.ToJsonString()), name);
        }
    }

    [Fact]
    public void TheDocumentNamesItsServersTagsLicenceAndContact()
    {
        var declared = Document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        var used = Nodes(Document["paths"]).Where(n => n.Node.ContainsKey("operationId")).Select(n => n.Node["tags"]!.AsArray().Single()!.GetValue<string>()).Distinct();

        Assert.Equal("/", Document["servers"]![0]!["url"]!.GetValue<string>());
        Assert.Equal(declared.Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
        Assert.False(string.IsNullOrEmpty(Document["info"]!["license"]!["name"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(Document["info"]!["contact"]!["name"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"status":"error","checkedAt":"2026-11-29T09:00:00Z","errorCategory":"auth_error","errorCode":"E1","errorMessage":"m"}""", true)]
    [InlineData("""{"status":"error","checkedAt":"2026-11-29T09:00:00Z"}""", false)]
    [InlineData("""{"status":"error","checkedAt":"2026-11-29T09:00:00Z","errorCategory":null}""", false)]
    [InlineData("""{"status":"connected","checkedAt":"2026-11-29T09:00:00Z"}""", true)]
    [InlineData("""{"status":"connected","checkedAt":"2026-11-29T09:00:00Z","errorCategory":null,"errorCode":null,"errorMessage":null}""", true)]
    [InlineData("""{"status":"connected","checkedAt":"2026-11-29T09:00:00Z","errorCategory":"auth_error"}""", false)]
    [InlineData("""{"status":"disconnected","checkedAt":"2026-11-29T09:00:00Z","errorMessage":"gone"}""", false)]
    [InlineData("""{"status":"disconnected","checkedAt":"2026-11-29T09:00:00Z","channel":"line","displayName":"ACME"}""", true)]
    [InlineData("""{"status":"stale","checkedAt":"2026-11-29T09:00:00Z"}""", false)]
    [InlineData("""{"status":"connected","checkedAt":"2026-11-29T09:00:00Z","extra":1}""", false)]
    public void TheReportSchemaAcceptsWhatTheValidatorAccepts(string body, bool valid)
    {
        var schema = ContractSchemas.For(Document, Schemas[nameof(ReportInput)]!);
        var input = JsonSerializer.Deserialize<ReportInput>(body.Replace(""","extra":1""", "", StringComparison.Ordinal), ServiceJson.Options)!;
        var accepted = ReportValidator.TryCreate(input, ReportSource.Connector, new StatusPolicy(), DateTimeOffset.Parse("2026-11-29T09:00:10Z", System.Globalization.CultureInfo.InvariantCulture), out _, out _)
            && !body.Contains("extra", StringComparison.Ordinal);

        Assert.Equal(valid, schema.Accepts(body));
        Assert.Equal(valid, accepted);
    }
}
