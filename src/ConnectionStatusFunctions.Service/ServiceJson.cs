using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConnectionStatusFunctions.Service;

/// <summary>
/// The one JSON contract of the service, for HTTP bodies and queue messages alike: the web defaults
/// (camelCase), enums as their snake_case text (never numbers), unknown fields rejected.
/// </summary>
public static class ServiceJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>What the service adds to the web defaults; ASP.NET Core's own HTTP JSON options get it too.</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
