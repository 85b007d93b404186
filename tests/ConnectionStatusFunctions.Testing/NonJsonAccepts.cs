using System.Text.Json.Nodes;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// Accept headers that admit no JSON, as an address bar, an XML client or an image tag sends them: every
/// problem is answered as application/problem+json all the same, with its status and headers.
/// </summary>
public static class NonJsonAccepts
{
    public static IReadOnlyList<string> All { get; } =
    [
        "text/html",
        "text/plain",
        "application/xml",
        "image/png",
        "text/html,application/xhtml+xml,application/xml;q=0.9",
    ];

    /// <summary>A problem's body without what differs per request by design, its traceId.</summary>
    public static string WithoutTraceId(string body)
    {
        if (JsonNode.Parse(body) is not JsonObject json)
        {
            return body;
        }

        json.Remove("traceId");
        return json.ToJsonString();
    }
}
