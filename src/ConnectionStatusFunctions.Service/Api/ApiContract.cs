using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// The OpenAPI 3.1 document of the route table. It is built from the same route table, records and
/// JSON options the handlers use, so a route or a field cannot be served without being described;
/// each route's prose is in the route table, the examples and the problems' prose here.
/// Long because the document's builder walks every route, record and enum of the table in one pass, with the problems' examples and prose the routes share.
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
        [409] = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        [410] = "https://tools.ietf.org/html/rfc9110#section-15.5.11",
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

    /// <summary>The event the contract shows: the break of <see cref="ReportExample"/>'s account.</summary>
    public static AccountEvent AccountEventExample { get; } = new(
        Id: "acme/line-oa-1/01a1f7cefd207c3e9a1b4e7fa0c3d5e6/2",
        Kind: AccountEventKind.StatusChanged,
        TenantId: "acme",
        ChannelAccountId: "line-oa-1",
        Channel: Channel.Line,
        Incarnation: "01a1f7cefd207c3e9a1b4e7fa0c3d5e6",
        Sequence: 2,
        Transition: 2,
        What: new StatusChange(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero), ConnectionStatus.Connected, ConnectionStatus.Error, ErrorCategory.AuthError, "LINE_401", "401 Unauthorized: the channel access token has expired", ReportSource.Connector),
        Health: HealthState.RequiresReauth,
        RecommendedAction: new ActionTexts().AuthError,
        IsFlapping: false);

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

    private static readonly string[] PathParameters = ["tenantId", "channelAccountId", "subscriptionId"];

    /// <summary>The response headers the contract describes, by name; <see cref="CommonHeaders"/> are on every API answer.</summary>
    public const string ETagHeader = "ETag";
    public const string RetryAfterHeader = "Retry-After";
    public const string LocationHeader = "Location";
    public const string WwwAuthenticateHeader = "WWW-Authenticate";
    public static IReadOnlyList<string> CommonHeaders { get; } = ["Cache-Control", "Vary", "X-Content-Type-Options"];

    /// <summary>The tags operations are grouped by, in the order a reader meets them.</summary>
    public static IReadOnlyDictionary<string, string> Tags { get; } = new Dictionary<string, string>
    {
        [ReportsTag] = "Connectors report what they observed about an account.",
        [ConnectionsTag] = "Support reads a tenant's accounts, one account and its history, and the tenant's summary badge.",
        [TenantsTag] = "The tenant directory.",
        [ChannelsTag] = "Provider health per channel, across tenants.",
        [ServiceTag] = "The app itself: its health and this document.",
        [WebhooksTag] = "A tenant's webhook subscriptions: where its status-change events are pushed, signed the Standard Webhooks way.",
    };

    public const string ReportsTag = "Reports";
    public const string ConnectionsTag = "Connections";
    public const string TenantsTag = "Tenants";
    public const string ChannelsTag = "Channels";
    public const string ServiceTag = "Service";
    public const string WebhooksTag = "Webhooks";

    private readonly string _document = Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    public ContentHttpResult GetDocument() => TypedResults.Text(_document, MediaType, System.Text.Encoding.UTF8);

    internal static JsonObject Build() => new Builder().Document();

    /// <summary>
    /// Builds one document: every record and enum the API sends gets one schema under
    /// components/schemas, and every other place it appears refers to it, so that a generator makes
    /// one type of each rather than one per place.
    /// </summary>
    private sealed class Builder
    {
        private readonly JsonObject _schemas = new();
        private readonly Queue<Type> _pending = new();

        public JsonObject Document()
        {
            var paths = new JsonObject();
            foreach (var route in StatusRoutes.Api)
            {
                var operation = route.Operation ?? throw new InvalidOperationException($"The route table does not describe the API route {route.Name}.");
                var path = "/" + route.Template;
                var item = paths[path] as JsonObject ?? new JsonObject();
                paths[path] = item;
                item[route.Method.ToLowerInvariant()] = Operation(route, operation);
            }

            var webhooks = new JsonObject { ["accountEvent"] = new JsonObject { ["post"] = EventDelivery() } };

            foreach (var enumType in EnumTypes)
            {
                Reference(enumType);
            }

            _schemas[nameof(ReportInput)] = ReportSchema(queued: false);
            _schemas[nameof(QueuedReport)] = ReportSchema(queued: true);
            while (_pending.TryDequeue(out var type))
            {
                _schemas[type.Name] = type.IsEnum ? EnumSchemaOf(type) : SchemaOf(type);
            }

            // A string on the record, one of the service's own types on the wire.
            _schemas[nameof(Events.AccountEventDocument)]!["properties"]!["type"]!["enum"] = new JsonArray([.. Enum.GetValues<AccountEventKind>().Select(k => (JsonNode)AccountEvents.TypeOf(k))]);

            _schemas["ProblemDetails"] = ProblemSchema(withErrors: false);
            _schemas["ValidationProblemDetails"] = ProblemSchema(withErrors: true);

            var problemResponses = new JsonObject();
            foreach (var (status, type) in ProblemTypes)
            {
                problemResponses[$"Problem{status}"] = new JsonObject
                {
                    ["description"] = ProblemDescription(status),
                    ["headers"] = Headers(status switch
                    {
                        401 => [WwwAuthenticateHeader],
                        429 or 503 => [RetryAfterHeader],
                        _ => [],
                    }),
                    ["content"] = new JsonObject
                    {
                        ["application/problem+json"] = new JsonObject
                        {
                            ["schema"] = new JsonObject { ["$ref"] = status == 400 ? "#/components/schemas/ValidationProblemDetails" : "#/components/schemas/ProblemDetails" },
                            ["example"] = ProblemExample(status, type),
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
                    // The service is run by the product's own team and published nowhere: whoever deploys it is the contact.
                    ["contact"] = new JsonObject { ["name"] = "The team that runs this deployment of ConnectionStatusFunctions" },
                    ["license"] = new JsonObject { ["name"] = "Proprietary", ["identifier"] = "LicenseRef-Proprietary" },
                },
                // Relative: the document is served by the host it describes, whichever address that is.
                ["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "The host that serves this document (the Functions app or the standalone host)." }),
                ["tags"] = new JsonArray([.. Tags.Select(t => (JsonNode)new JsonObject { ["name"] = t.Key, ["description"] = t.Value })]),
                ["paths"] = paths,
                ["webhooks"] = webhooks,
                ["components"] = new JsonObject
                {
                    ["schemas"] = _schemas,
                    ["responses"] = problemResponses,
                    ["headers"] = HeaderDefinitions(),
                    ["securitySchemes"] = new JsonObject
                    {
                        ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = ApiKeyAuthenticationHandler.HeaderName, ["description"] = "An API key; the service keeps only its SHA-256 hash (ApiKeys:Keys), with the key's role and tenants." },
                        ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT", ["description"] = "A Microsoft Entra ID token, when EntraId:Authority and EntraId:Audience are set." },
                    },
                },
            };
        }

        private JsonObject Operation(StatusRoute route, ApiOperation operation)
        {
            var parameters = new JsonArray();
            foreach (var name in PathParameters.Where(n => route.Template.Contains("{" + n + "}", StringComparison.Ordinal)))
            {
                parameters.Add(new JsonObject
                {
                    ["name"] = name,
                    ["in"] = "path",
                    ["required"] = true,
                    ["description"] = name switch
                    {
                        "tenantId" => "The tenant. " + Identifier.Rule + ".",
                        "subscriptionId" => "The webhook subscription, as its creation answered: 32 lower-case hex digits.",
                        _ => "The channel account, as its connector names it. " + Identifier.Rule + ".",
                    },
                    ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = name == "subscriptionId" ? Webhooks.WebhooksApi.SubscriptionIdPattern : IdPattern },
                });
            }

            foreach (var (name, schema, description, required) in operation.Query)
            {
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = required, ["description"] = description, ["schema"] = Resolve(schema.DeepClone()) });
            }

            var succeeded = new JsonObject
            {
                ["description"] = operation.SuccessStatus switch { StatusCodes.Status201Created => "Created", StatusCodes.Status202Accepted => "Accepted", StatusCodes.Status204NoContent => "No Content", _ => "OK" },
                ["headers"] = Headers(operation.SuccessHeaders),
            };
            if (operation.SuccessStatus != StatusCodes.Status204NoContent)
            {
                var success = operation.Success == typeof(JsonObject)
                    ? new JsonObject { ["type"] = "object", ["description"] = "An OpenAPI 3.1 document." }
                    : new JsonObject { ["$ref"] = Reference(operation.Success) };
                succeeded["content"] = new JsonObject { [MediaType] = new JsonObject { ["schema"] = success } };
            }

            var responses = new JsonObject
            {
                [operation.SuccessStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)] = succeeded,
            };
            foreach (var status in operation.Problems)
            {
                responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject { ["$ref"] = $"#/components/responses/Problem{status}" };
            }

            var described = new JsonObject
            {
                ["operationId"] = route.Name,
                ["tags"] = new JsonArray(operation.Tag),
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
                    ["description"] = "UTF-8 JSON, with or without a byte-order mark, at most 64 KiB. Unknown and repeated fields are refused.",
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

            return described;
        }

        /// <summary>
        /// What the service sends, not what it serves: the POST each webhook subscription receives,
        /// whose body is the event the events queue carries too (OpenAPI 3.1's webhooks).
        /// </summary>
        private JsonObject EventDelivery()
        {
            var schema = new JsonObject { ["$ref"] = Reference(typeof(Events.AccountEventDocument)) };
            JsonNode Header(string name, string description) => new JsonObject
            {
                ["name"] = name,
                ["in"] = "header",
                ["required"] = true,
                ["description"] = description,
                ["schema"] = new JsonObject { ["type"] = "string" },
            };

            return new JsonObject
            {
                ["operationId"] = "AccountEventDelivery",
                ["tags"] = new JsonArray(WebhooksTag),
                ["summary"] = "An account's event, delivered to a subscription's URL",
                ["description"] = "The service POSTs each event that passes a subscription's filters to its URL, and writes the same bytes to the events queue. Check the signature on the raw body before parsing it. One account's events arrive in order; a delivery not answered 2xx within Webhooks:DeliveryTimeout is retried with back-off for up to a day (docs/webhooks.md).",
                ["parameters"] = new JsonArray(
                    Header("webhook-id", "The event's id, the same on every retry of that event: dedupe on it."),
                    Header("webhook-timestamp", "When this attempt was signed, in Unix seconds; refuse one far from your clock."),
                    Header("webhook-signature", "`v1,` and the base64 HMAC-SHA256, keyed with the subscription's secret, of `{webhook-id}.{webhook-timestamp}.{body}`.")),
                ["requestBody"] = new JsonObject
                {
                    ["required"] = true,
                    ["description"] = "The event, UTF-8 CloudEvents 1.0 JSON in structured mode.",
                    ["content"] = new JsonObject
                    {
                        [Webhooks.WebhookSender.MediaType] = new JsonObject
                        {
                            ["schema"] = schema,
                            ["example"] = JsonNode.Parse(Events.CloudEventJson.Of(AccountEventExample)),
                        },
                    },
                },
                ["responses"] = new JsonObject
                {
                    ["200"] = new JsonObject { ["description"] = "Any 2xx status acknowledges the delivery; the answer's body is never read." },
                    ["default"] = new JsonObject { ["description"] = "Any other status, a redirect or no answer in time is a failed attempt, retried later; after a day of failures the event is given up, and a subscription that keeps failing is disabled." },
                },
                ["security"] = new JsonArray(),
            };
        }

        /// <summary>A query parameter's schema from the route table, with a placeholder for an enum replaced by its reference.</summary>
        private JsonNode Resolve(JsonNode schema) =>
            schema is JsonObject { } o && o[EnumMarker] is JsonValue name
                ? new JsonObject { ["$ref"] = Reference(EnumTypes.Single(t => t.Name == name.GetValue<string>())) }
                : schema;

        private string Reference(Type type)
        {
            if (!_schemas.ContainsKey(type.Name) && !_pending.Contains(type))
            {
                if (type != typeof(ReportInput) && type != typeof(QueuedReport))
                {
                    _pending.Enqueue(type);
                }
            }

            return $"#/components/schemas/{type.Name}";
        }

        private JsonObject SchemaOf(Type root) => (JsonObject)ServiceJson.Options.GetJsonSchemaAsNode(root, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                var type = context.TypeInfo.Type;
                var underlying = Nullable.GetUnderlyingType(type) ?? type;
                if (context.Path.IsEmpty)
                {
                    node["description"] = Description(type) ?? throw new InvalidOperationException($"{type.Name} has no [Description]: the contract describes every schema.");

                    // The exporter marks required what a reader must be given; the service writes every
                    // property, null included, so a generated client may rely on each being there.
                    if (node["properties"] is JsonObject written)
                    {
                        node["required"] = new JsonArray([.. written.Select(p => (JsonNode)p.Key)]);
                        foreach (var (_, schema) in written)
                        {
                            (schema as JsonObject)?.Remove("default");
                        }
                    }
                }
                else if (IsComponent(underlying))
                {
                    var nullable = underlying != type || (node["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null"));
                    JsonNode reference = new JsonObject { ["$ref"] = Reference(underlying) };
                    node = nullable ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) } : reference;
                }

                if (context.PropertyInfo is { } property)
                {
                    node["description"] = Description(property.AssociatedParameter?.AttributeProvider) ?? Description(property.AttributeProvider)
                        ?? throw new InvalidOperationException($"{property.DeclaringType.Name}.{property.Name} has no [Description]: the contract describes every property.");
                }

                return node;
            },
        });

        private static JsonObject EnumSchemaOf(Type type) => new()
        {
            ["type"] = "string",
            ["enum"] = new JsonArray([.. Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.SerializeToNode(v, type, ServiceJson.Options))]),
            ["description"] = Description(type) ?? throw new InvalidOperationException($"{type.Name} has no [Description]: the contract describes every schema."),
        };

        /// <summary>
        /// A report's fields are strings on the wire, so the exporter cannot see the rules the validator
        /// applies to them: these are written out here, and the rules that depend on the status are a
        /// oneOf on it, which generators turn into one type per kind of report.
        /// </summary>
        private JsonObject ReportSchema(bool queued)
        {
            static JsonObject Text(bool nullable, string description, params (string Key, JsonNode Value)[] rules)
            {
                var schema = new JsonObject { ["type"] = nullable ? new JsonArray("string", "null") : "string" };
                foreach (var (key, value) in rules)
                {
                    schema[key] = value;
                }

                schema["description"] = description;
                return schema;
            }

            static (string, JsonNode) Safe(int maxLength) => ("pattern", $"^[A-Za-z0-9._:-]{{1,{maxLength}}}$");
            JsonObject NullableReference(Type type, string description) =>
                new() { ["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = Reference(type) }, new JsonObject { ["type"] = "null" }), ["description"] = description };
            static JsonArray Names(IEnumerable<ConnectionStatus> statuses) => new([.. statuses.Select(s => (JsonNode)WireName.Of(s))]);

            var properties = new JsonObject();
            if (queued)
            {
                properties["tenantId"] = Text(false, "The tenant. " + Identifier.Rule + ".", ("pattern", IdPattern));
                properties["channelAccountId"] = Text(false, "The channel account, as its connector names it. " + Identifier.Rule + ".", ("pattern", IdPattern));
            }

            properties["status"] = new JsonObject
            {
                ["type"] = "string",
                ["enum"] = Names(ReportValidator.ReportableStatuses),
                ["description"] = "What the connector observed. `stale` is never reported: the service records it when a connected account sends nothing for StatusPolicy:StaleAfter.",
            };
            properties["checkedAt"] = Text(false, "When the connector observed it, with an offset (`Z` or `+07:00`); at most StatusPolicy:MaxClockSkew ahead of the service's clock and StatusPolicy:MaxReportAge behind it.", ("format", "date-time"));
            properties["errorCategory"] = NullableReference(typeof(ErrorCategory), "Required with status `error`, refused with any other.");
            properties["errorCode"] = Text(true, "The channel's or connector's code for the error; only with status `error`.", Safe(ReportValidator.MaxErrorCodeLength));
            properties["errorMessage"] = Text(true, "The error as the connector saw it (at most this many code points); only with status `error`. Stored only as a redacted summary of at most 512 characters.", ("maxLength", ReportValidator.MaxErrorMessageLength));
            properties["reportId"] = Text(true, "The connector's id for this report: a repeat of the last applied id is a duplicate.", Safe(Core.Identifier.MaxLength));
            properties["channel"] = NullableReference(typeof(Channel), "The account's channel; kept from earlier reports when absent, `other` if never given.");
            properties["displayName"] = Text(true, "The account's name for people: printable characters in any script (counted as code points: an emoji is one), at least one visible; invisible or direction-changing characters are refused.", ("minLength", 1), ("maxLength", ReportValidator.MaxDisplayNameLength));

            var error = WireName.Of(ConnectionStatus.Error);
            var schema = new JsonObject
            {
                ["type"] = "object",
                ["description"] = queued
                    ? "The body of a message on the failure-report queue (setting FailureQueueName): a status report and the account it is about. Plain or base64 JSON. It is not the body of any route."
                    : "A connector's status report. An error names its category; a success or a disconnection carries no error fields.",
                ["properties"] = properties,
                ["required"] = new JsonArray([.. properties.Select(p => p.Key).Where(RequiredReportFields.Contains).Select(n => (JsonNode)n)]),
                ["additionalProperties"] = false,
                ["oneOf"] = new JsonArray(
                    new JsonObject
                    {
                        ["title"] = "An error",
                        ["description"] = "status `error`, with its errorCategory.",
                        ["properties"] = new JsonObject { ["status"] = new JsonObject { ["type"] = "string", ["const"] = error }, ["errorCategory"] = new JsonObject { ["$ref"] = Reference(typeof(ErrorCategory)) } },
                        ["required"] = new JsonArray("status", "errorCategory"),
                    },
                    new JsonObject
                    {
                        ["title"] = "A success or a disconnection",
                        ["description"] = "status `connected` or `disconnected`, without errorCategory, errorCode or errorMessage (null is the same as absent).",
                        ["properties"] = new JsonObject
                        {
                            ["status"] = new JsonObject { ["type"] = "string", ["enum"] = Names(ReportValidator.ReportableStatuses.Where(s => s != ConnectionStatus.Error)) },
                            ["errorCategory"] = new JsonObject { ["type"] = "null" },
                            ["errorCode"] = new JsonObject { ["type"] = "null" },
                            ["errorMessage"] = new JsonObject { ["type"] = "null" },
                        },
                        ["required"] = new JsonArray("status"),
                    }),
            };
            if (queued)
            {
                schema["examples"] = new JsonArray(JsonSerializer.SerializeToNode(QueuedReportExample, ServiceJson.Options));
            }

            return schema;
        }
    }

    private static readonly string[] RequiredReportFields = ["tenantId", "channelAccountId", "status", "checkedAt"];

    /// <summary>The enums the API sends or reads, each one schema.</summary>
    private static readonly Type[] EnumTypes = [typeof(ConnectionStatus), typeof(Channel), typeof(HealthState), typeof(ErrorCategory), typeof(ReportSource), typeof(Badge), typeof(TransitionKind), typeof(Webhooks.WebhookState)];

    /// <summary>Where a route table's query parameter names an enum, resolved to a reference when the document is built.</summary>
    private const string EnumMarker = "x-enum";

    /// <summary>A record or enum of this service: a component of its own, referred to wherever it appears.</summary>
    private static bool IsComponent(Type type) =>
        type.Namespace?.StartsWith("ConnectionStatusFunctions.", StringComparison.Ordinal) == true && (type.IsEnum || type.IsClass);

    private static string? Description(System.Reflection.ICustomAttributeProvider? provider) =>
        provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false).OfType<DescriptionAttribute>().FirstOrDefault()?.Description;

    internal static JsonObject EnumSchema<TEnum>() where TEnum : struct, Enum => new() { [EnumMarker] = typeof(TEnum).Name };

    internal static JsonObject PageSizeSchema(int defaultSize, int maxSize) =>
        new() { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = maxSize, ["default"] = defaultSize };

    private static JsonObject Headers(IEnumerable<string> specific) =>
        new([.. CommonHeaders.Concat(specific).Select(name => KeyValuePair.Create(name, (JsonNode?)new JsonObject { ["$ref"] = $"#/components/headers/{name}" }))]);

    private static JsonObject HeaderDefinitions()
    {
        static JsonObject Header(string description, JsonObject schema) => new() { ["description"] = description, ["required"] = true, ["schema"] = schema };
        return new JsonObject
        {
            ["Cache-Control"] = Header("Status data is per caller and changes: never cached.", new JsonObject { ["type"] = "string", ["const"] = "no-cache,no-store" }),
            ["Vary"] = Header("The answer depends on the caller's key.", new JsonObject { ["type"] = "string", ["const"] = ApiKeyAuthenticationHandler.HeaderName }),
            ["X-Content-Type-Options"] = Header("The answer is never sniffed as another type.", new JsonObject { ["type"] = "string", ["const"] = "nosniff" }),
            [ETagHeader] = Header("The stored row's version as Table Storage gives it, a weak entity tag (`W/\"datetime'...'\"`); it changes whenever the row does.", new JsonObject { ["type"] = "string", ["pattern"] = "^W/\"[^\"]+\"$" }),
            [RetryAfterHeader] = Header("Seconds to wait before trying again.", new JsonObject { ["type"] = "integer", ["minimum"] = 1 }),
            [LocationHeader] = Header("Where the created resource, or the accepted job's state, is read.", new JsonObject { ["type"] = "string" }),
            [WwwAuthenticateHeader] = Header($"The scheme the request was checked against: `{ApiKeyAuthenticationHandler.SchemeName}` for an API key, `{JwtBearerDefaults.AuthenticationScheme}` for a bearer token.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(ApiKeyAuthenticationHandler.SchemeName, JwtBearerDefaults.AuthenticationScheme) }),
        };
    }

    /// <summary>What each problem answer looks like, with the title the service really writes for it.</summary>
    private static JsonObject ProblemExample(int status, string type)
    {
        var (title, detail) = status switch
        {
            400 => ("The status report is invalid.", (string?)null),
            401 => ("Unauthorized.", $"Send a valid API key in the {ApiKeyAuthenticationHandler.HeaderName} header."),
            403 => ("Forbidden.", "This API key is not allowed to access this tenant."),
            404 => ("Connection not found.", "No status has been reported for channel account 'line-main' of tenant 'acme'."),
            409 => ("Too many webhook subscriptions.", $"The tenant has {Webhooks.WebhookStore.MaxSubscriptionsPerTenant} webhook subscriptions, the most it may have; delete one first."),
            410 => ("Tenant deleted.", "Tenant 'acme' was deleted at 2026-11-29T09:00:00.0000000+00:00; this report was not written."),
            413 => ("The request body is too large.", $"A request body (a status report, a webhook subscription) may be at most {RequestBinding.MaxBodyBytes / 1024} KiB."),
            429 => ("Too many requests.", "This API key has used its request rate; retry after the time in Retry-After."),
            500 => ("An unexpected error occurred.", null),
            503 => ("Storage is unavailable.", "Storage (a table or a queue) failed, refused the connection or did not answer in time. Retry the same request after Retry-After."),
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        var example = new JsonObject { ["type"] = type, ["title"] = title, ["status"] = status };
        if (detail is not null)
        {
            example["detail"] = detail;
        }

        if (status == 400)
        {
            example["errors"] = new JsonObject { ["errorCategory"] = new JsonArray("errorCategory is required when status is 'error': one of 'auth_error', 'webhook_error', 'rate_limit', 'unknown'.") };
        }

        return example;
    }

    private static JsonObject ProblemSchema(bool withErrors)
    {
        var properties = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["description"] = "A URI naming the kind of problem." },
            ["title"] = new JsonObject { ["type"] = "string", ["description"] = "A short summary of the problem in words." },
            ["status"] = new JsonObject { ["type"] = "integer", ["description"] = "The HTTP status code." },
            ["detail"] = new JsonObject { ["type"] = "string", ["description"] = "This occurrence in words. It never quotes what the request sent." },
            ["traceId"] = new JsonObject { ["type"] = "string", ["description"] = "The request's trace id, for the logs." },
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

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = withErrors ? "An RFC 9457 problem naming each invalid field." : "An RFC 9457 problem.",
            ["required"] = new JsonArray("type", "title", "status"),
            ["properties"] = properties,
        };
    }

    private static string ProblemDescription(int status) => status switch
    {
        400 => "The request is invalid; `errors` names each offending field.",
        401 => "No valid API key or token (a WWW-Authenticate header says which schemes).",
        403 => "The caller's role or tenant scope does not allow this.",
        404 => "No status has been reported for this account, or it was deleted (the detail says when), or (webhook routes) the tenant has no such subscription.",
        409 => "The tenant already has as many webhook subscriptions as it may have.",
        410 => "The tenant was deleted: its deletion is under way, or (for a report) the report was observed before it or within StatusPolicy:MaxClockSkew after it. Nothing was written; retrying will not help.",
        413 => "The body is larger than 64 KiB.",
        429 => "Too many requests from this caller or address; Retry-After says when to try again.",
        500 => "An unexpected error, or a stored row that cannot be read.",
        503 => "Storage is busy, failing, unreachable or silent past the request budget. Retry-After says when to retry the same request; a report may have been applied, and retrying it is safe (duplicate or stale); a deletion may have been carried out, and retrying it is safe (an account deleted already answers 404 saying when); a creation (POST) may have been carried out, and its retry would create another: list first.",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
