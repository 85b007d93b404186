using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ConnectionStatusFunctions.Service;

/// <summary>
/// The one JSON contract of the service, for HTTP bodies and queue messages alike: the web defaults
/// (camelCase), enums as their snake_case text (never numbers), numbers only as numbers, unknown and repeated fields rejected.
/// </summary>
public static class ServiceJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>What the service adds to the web defaults; ASP.NET Core's own HTTP JSON options get it too.</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Enums need no converter here: each carries its own (WireNameJsonConverter), which keeps the generated serializer's fast path open.
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(ServiceJsonContext.Default, options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        // The web defaults also read numbers from strings, which the schema exporter then describes as
        // "string or integer": a number is a number on the wire, in both directions.
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>
    /// Why a document could not be read, without echoing any of it: the serializer's own message
    /// quotes property names and text, which may be markup or a secret.
    /// </summary>
    public static string Describe(JsonException exception, string expected = "report")
    {
        ArgumentNullException.ThrowIfNull(exception);
        var where = exception.LineNumber is { } line && exception.BytePositionInLine is { } position
            ? $" (line {line + 1}, byte {position + 1})"
            : string.Empty;
        return $"It is not a JSON {expected}: malformed JSON, or a field that is unknown, repeated or of the wrong type{where}.";
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
