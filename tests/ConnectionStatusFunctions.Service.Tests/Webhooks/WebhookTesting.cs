using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Webhooks;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>A resolver that answers from the test's table, in turn per name, so that no test asks real DNS.</summary>
internal sealed class TableResolver(Dictionary<string, IPAddress[][]> answers) : IWebhookResolver
{
    private readonly Dictionary<string, int> _asked = [];

    public int Asked(string host) => _asked.GetValueOrDefault(host);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        lock (_asked)
        {
            var turn = _asked.GetValueOrDefault(host);
            _asked[host] = turn + 1;
            return answers.TryGetValue(host, out var turns)
                ? Task.FromResult(turns[Math.Min(turn, turns.Length - 1)])
                : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
        }
    }
}

internal static class WebhookTesting
{
    public static OutgoingEvent Event(string tenantId, string account, long transition, string type = WebhookEventTypes.StatusChanged, string channel = "line") =>
        new(
            $"{tenantId}/{account}/1/{transition}",
            type,
            tenantId,
            account,
            channel,
            transition,
            TestClock.Start.AddMinutes(transition),
            new JsonObject { ["specversion"] = "1.0", ["id"] = $"{tenantId}/{account}/1/{transition}", ["type"] = type, ["subject"] = account, ["data"] = new JsonObject { ["transition"] = transition } }.ToJsonString(),
            $"1~{transition:D19}");

    /// <summary>Creates a subscription as an admin; its id and its secret.</summary>
    public static async Task<(string Id, string Secret)> SubscribeAsync(StatusApplication app, string tenantId, string url, string[]? eventTypes = null, string[]? channels = null)
    {
        var answer = await app.ClientWithKey(AdminKey).PostAsJsonAsync($"/api/tenants/{tenantId}/webhooks", new { url, eventTypes, channels });
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var created = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        return (created["subscription"]!["subscriptionId"]!.GetValue<string>(), created["secret"]!.GetValue<string>());
    }

    public static async Task<JsonNode> SubscriptionAsync(StatusApplication app, string tenantId, string id) =>
        JsonNode.Parse(await app.ClientWithKey(SupportKey).GetStringAsync($"/api/tenants/{tenantId}/webhooks/{id}"))!;
}
