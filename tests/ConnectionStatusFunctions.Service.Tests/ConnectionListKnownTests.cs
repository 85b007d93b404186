using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The list route says whether the tenant is known, as the summary and the directory do, and its contract says so.</summary>
public sealed class ConnectionListKnownTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private readonly StatusApplication _app = new StatusApplication(azurite.ConnectionString).UseClock(Now);

    public void Dispose() => _app.Dispose();

    private async Task<ConnectionList> ListAsync(string tenant, string query = "") =>
        (await _app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionList>($"/api/tenants/{tenant}/connections{query}", ApiJson))!;

    [Fact]
    public async Task AnEmptyListOfATenantNeverRegisteredIsUnknownAndOneOfARegisteredTenantIsKnown()
    {
        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), "tenant-known", "fine", new { status = "connected", checkedAt = Now.AddMinutes(-1).ToString("O") });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        foreach (var query in new[] { "", "?needsAttention=true", "?status=error", "?q=nobody" })
        {
            var mistyped = await ListAsync("tenant-knwon", query);
            Assert.Empty(mistyped.Items);
            Assert.False(mistyped.Known, query);

            var known = await ListAsync("tenant-known", query);
            Assert.True(known.Known, query);
        }

        Assert.Single((await ListAsync("tenant-known")).Items);
        Assert.Empty((await ListAsync("tenant-known", "?needsAttention=true")).Items);
    }

    [Fact]
    public async Task TheContractDescribesKnownOnTheListRoute()
    {
        var document = JsonNode.Parse(await _app.CreateClient().GetStringAsync("/api/openapi.json"))!.AsObject();
        var operation = document["paths"]!["/api/tenants/{tenantId}/connections"]!["get"]!;

        var schema = Resolve(document, operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!);

        Assert.Contains("boolean", Resolve(document, schema["properties"]!["known"]!)["type"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("`known` is false for a tenant never registered", operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static JsonNode Resolve(JsonObject document, JsonNode node)
    {
        for (var hops = 0; hops < 5 && node is JsonObject { } reference && reference["$ref"] is JsonValue target; hops++)
        {
            node = target.GetValue<string>()["#/".Length..].Split('/').Aggregate((JsonNode)document, (at, part) => at[part]!);
        }

        return node;
    }
}
