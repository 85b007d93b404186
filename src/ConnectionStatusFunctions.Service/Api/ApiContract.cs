using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// The OpenAPI 3.1 document of the route table. It is built from the same route table, records and
/// JSON options the handlers use, so a route or a field cannot be served without being described;
/// each route's prose is in the route table, the examples and the problems' prose here.
/// </summary>
public sealed class ApiContract
{
    public const string MediaType = "application/json";

    /// <summary><see cref="Identifier.IsValid"/> as a pattern: no id made only of dots.</summary>
    private const string IdPattern = @"^(?!\.+$)[A-Za-z0-9._:-]{1,128}$";

    /// <summary>The problem type URI ASP.NET Core's problem details service writes for each status the API answers with.</summary>
    public static IReadOnlyDictionary<int, string> ProblemTypes { get; } = new Dictionary<int, string>
    {
        [400] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        [401] = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        [403] = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        [404] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        [413] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [429] = RateLimits.ProblemType,
        [500] = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        [503] = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
    };

    /// <summary>A report as the README shows it; the contract test sends it with the clock set just after its checkedAt.</summary>
    public static ReportInput ReportExample { get; } = new(
        Status: "error",
        CheckedAt: "2026-11-29T09:00:00Z",
        ErrorCategory: "auth_error",
        ErrorCode: "LINE_401",
        ErrorMessage: "401 Unauthorized: the channel access token has expired",
        ReportId: "rep-0001",
        Channel: "line",
        DisplayName: "ACME LINE OA");

    public static QueuedReport QueuedReportExample { get; } = new(
        TenantId: "acme",
        ChannelAccountId: "shopee-main",
        Status: "error",
        CheckedAt: "2026-11-29T09:00:00Z",
        ErrorCategory: "webhook_error",
        ErrorCode: "WEBHOOK_502",
        ErrorMessage: "Webhook deliveries answered HTTP 502 since 08:40",
        ReportId: "rep-0002",
        Channel: "shopee",
        DisplayName: "ACME Shopee store");

    private static readonly string[] PathParameters = ["tenantId", "channelAccountId"];

    private readonly string _document = Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    public ContentHttpResult GetDocument() => TypedResults.Text(_document, MediaType, System.Text.Encoding.UTF8);


    private static JsonObject Build()
    {
        var schemas = new JsonObject();
        string Reference(Type type)
        {
            if (!schemas.ContainsKey(type.Name))
            {
                schemas[type.Name] = SchemaOf(type);
            }

            return $"#/components/schemas/{type.Name}";
        }

        var paths = new JsonObject();
        foreach (var route in StatusRoutes.Api)
        {
            var operation = route.Operation ?? throw new InvalidOperationException($"The route table does not describe the API route {route.Name}.");
            var path = "/" + route.Template;
            var item = paths[path] as JsonObject ?? new JsonObject();
            paths[path] = item;

            var parameters = new JsonArray();
            foreach (var name in PathParameters.Where(n => route.Template.Contains("{" + n + "}", StringComparison.Ordinal)))
            {
                parameters.Add(new JsonObject
                {
                    ["name"] = name,
                    ["in"] = "path",
                    ["required"] = true,
                    ["description"] = Identifier.Rule + ".",
                    ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = IdPattern },
                });
            }

            foreach (var (name, schema, description) in operation.Query)
            {
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description, ["schema"] = schema.DeepClone() });
            }

            var responses = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { [MediaType] = new JsonObject { ["schema"] = operation.Success == typeof(JsonObject) ? new JsonObject { ["type"] = "object" } : new JsonObject { ["$ref"] = Reference(operation.Success) } } },
                },
            };
            foreach (var status in operation.Problems)
            {
                responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject { ["$ref"] = $"#/components/responses/Problem{status}" };
            }

            var described = new JsonObject
            {
                ["operationId"] = route.Name,
                ["summary"] = operation.Summary,
                ["description"] = route.Policy is null ? operation.Description : $"{operation.Description} Roles: {string.Join(", ", Policies.RolesByPolicy[route.Policy])}.",
                ["parameters"] = parameters,
                ["responses"] = responses,
                ["security"] = route.Policy is null
                    ? new JsonArray()
                    : new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }, new JsonObject { ["bearer"] = new JsonArray() }),
            };
            if (operation.Body is { } body)
            {
                described["requestBody"] = new JsonObject
                {
                    ["required"] = true,
                    ["content"] = new JsonObject
                    {
                        [MediaType] = new JsonObject
                        {
                            ["schema"] = new JsonObject { ["$ref"] = Reference(body) },
                            ["example"] = JsonSerializer.SerializeToNode(operation.BodyExample, body, ServiceJson.Options),
                        },
                    },
                };
            }

            item[route.Method.ToLowerInvariant()] = described;
        }

        var queued = SchemaOf(typeof(QueuedReport));
        foreach (var report in new[] { (JsonObject)schemas[nameof(ReportInput)]!, queued })
        {
            ConstrainReportFields((JsonObject)report["properties"]!);
        }

        queued["description"] = "The body of a message on the failure-report queue (setting FailureQueueName): a status report and the account it is about. Plain or base64 JSON.";
        queued["examples"] = new JsonArray(JsonSerializer.SerializeToNode(QueuedReportExample, ServiceJson.Options));
        schemas[nameof(QueuedReport)] = queued;
        schemas["ProblemDetails"] = ProblemSchema(withErrors: false);
        schemas["ValidationProblemDetails"] = ProblemSchema(withErrors: true);

        var problemResponses = new JsonObject();
        foreach (var (status, type) in ProblemTypes)
        {
            problemResponses[$"Problem{status}"] = new JsonObject
            {
                ["description"] = ProblemDescription(status),
                ["content"] = new JsonObject
                {
                    ["application/problem+json"] = new JsonObject
                    {
                        ["schema"] = new JsonObject { ["$ref"] = status == 400 ? "#/components/schemas/ValidationProblemDetails" : "#/components/schemas/ProblemDetails" },
                        ["example"] = new JsonObject { ["type"] = type, ["status"] = status },
                    },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "ConnectionStatusFunctions",
                ["version"] = "1",
                ["description"] = "Which channel accounts of a tenant are connected and which are broken, since when, why, and what to do about it. JSON is camelCase with snake_case enum values; every error is an RFC 9457 problem; every answer is Cache-Control no-store.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["responses"] = problemResponses,
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = ApiKeyAuthenticationHandler.HeaderName },
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT", ["description"] = "A Microsoft Entra ID token, when EntraId:Authority and EntraId:Audience are set." },
                },
            },
        };
    }

    /// <summary>
    /// A report's fields are strings on the wire, so the exporter cannot see the rules the validator
    /// applies to them; these are the ones a client can check before sending.
    /// </summary>
    private static void ConstrainReportFields(JsonObject properties)
    {
        JsonObject Text(bool nullable, params (string Key, JsonNode Value)[] rules)
        {
            var schema = new JsonObject { ["type"] = nullable ? new JsonArray("string", "null") : "string" };
            foreach (var (key, value) in rules)
            {
                schema[key] = value;
            }

            return schema;
        }

        JsonObject Identifier(int maxLength, bool nullable) => Text(nullable, ("pattern", $"^[A-Za-z0-9._:-]{{1,{maxLength}}}$"));
        JsonObject Enumeration<TEnum>(bool nullable) where TEnum : struct, Enum =>
            new() { ["enum"] = new JsonArray([.. Enum.GetValues<TEnum>().Select(v => (JsonNode?)WireName.Of(v)), .. nullable ? new JsonNode?[] { null } : []]) };

        properties["status"] = new JsonObject
        {
            ["enum"] = new JsonArray([.. ReportValidator.ReportableStatuses.Select(v => (JsonNode?)WireName.Of(v))]),
            ["description"] = "What the connector observed. `stale` is never reported: the service records it when a connected account sends nothing for StatusPolicy:StaleAfter.",
        };
        properties["checkedAt"] = Text(false, ("format", "date-time"), ("description", "When the connector observed it; at most StatusPolicy:MaxClockSkew ahead and StatusPolicy:MaxReportAge behind the service's clock."));
        properties["errorCategory"] = Enumeration<ErrorCategory>(nullable: true);
        properties["errorCode"] = Identifier(ReportValidator.MaxErrorCodeLength, nullable: true);
        properties["errorMessage"] = Text(true, ("maxLength", ReportValidator.MaxErrorMessageLength), ("description", "Stored only as a redacted summary."));
        properties["reportId"] = Identifier(Core.Identifier.MaxLength, nullable: true);
        properties["channel"] = Enumeration<Channel>(nullable: true);
        properties["displayName"] = Text(true, ("maxLength", ReportValidator.MaxDisplayNameLength));
        if (properties.ContainsKey("tenantId"))
        {
            properties["tenantId"] = Text(false, ("pattern", IdPattern));
            properties["channelAccountId"] = Text(false, ("pattern", IdPattern));
        }
    }

    private static JsonObject SchemaOf(Type type) => (JsonObject)ServiceJson.Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });

    internal static JsonObject EnumSchema<TEnum>() where TEnum : struct, Enum =>
        new() { ["type"] = "string", ["enum"] = new JsonArray(Enum.GetValues<TEnum>().Select(v => (JsonNode)WireName.Of(v)).ToArray()) };

    internal static JsonObject PageSizeSchema(int defaultSize, int maxSize) =>
        new() { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = maxSize, ["default"] = defaultSize };

    private static JsonObject ProblemSchema(bool withErrors)
    {
        var properties = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["instance"] = new JsonObject { ["type"] = "string" },
            ["traceId"] = new JsonObject { ["type"] = "string" },
        };
        if (withErrors)
        {
            properties["errors"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "The offending fields, each with its messages.",
                ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            };
        }

        return new JsonObject { ["type"] = "object", ["required"] = new JsonArray("type", "title", "status"), ["properties"] = properties };
    }

    private static string ProblemDescription(int status) => status switch
    {
        400 => "The request is invalid; `errors` names each offending field.",
        401 => "No valid API key or token (a WWW-Authenticate header says which schemes).",
        403 => "The caller's role or tenant scope does not allow this.",
        404 => "No status has been reported for this account.",
        413 => "The body is larger than 64 KiB.",
        429 => "Too many requests from this caller or address; Retry-After says when to try again.",
        500 => "An unexpected error, or a stored row that cannot be read.",
        503 => "Storage is busy, failing, unreachable or silent past the request budget. Retry-After says when to retry the same request; a report may have been applied, and retrying it is safe (duplicate or stale).",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
