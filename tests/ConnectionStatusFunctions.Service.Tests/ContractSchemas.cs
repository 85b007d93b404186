using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>A schema of the OpenAPI document as a JSON Schema validator reads it: with the components it refers to beside it.</summary>
internal static class ContractSchemas
{
    private const string Components = "#/components/schemas/";

    /// <summary><paramref name="schema"/> (a schema of <paramref name="document"/>, or a reference into it), its references resolved within the document's schemas.</summary>
    public static JsonSchema For(JsonObject document, JsonNode schema)
    {
        var definitions = document["components"]!["schemas"]!.ToJsonString().Replace(Components, "#/$defs/", StringComparison.Ordinal);
        var root = JsonNode.Parse(schema.ToJsonString().Replace(Components, "#/$defs/", StringComparison.Ordinal))!.AsObject();
        root["$defs"] = JsonNode.Parse(definitions);
        return JsonSchema.Build(JsonSerializer.SerializeToElement(root));
    }

    public static bool Accepts(this JsonSchema schema, string json)
    {
        using var parsed = JsonDocument.Parse(json);
        return schema.Evaluate(parsed.RootElement).IsValid;
    }
}
