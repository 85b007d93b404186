using System.Text.RegularExpressions;
using ConnectionStatusFunctions.Service.Webhooks;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The event types a subscription accepts are the ones docs/webhooks.md and docs/events.md name.</summary>
public sealed partial class WebhookEventTypeDocsTests
{
    [Fact]
    public void TheDocsNameExactlyTheEventTypesASubscriptionAccepts()
    {
        var webhooks = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "webhooks.md"));
        var listed = webhooks[webhooks.IndexOf("The event types are", StringComparison.Ordinal)..];
        listed = listed[..listed.IndexOf("(one per kind", StringComparison.Ordinal)];
        Assert.Equal(WebhookEventTypes.Known.Order(StringComparer.Ordinal), EventType().Matches(listed).Select(m => m.Value).Order(StringComparer.Ordinal));

        var events = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "events.md"));
        var table = events[events.IndexOf("## Types", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", table.IndexOf("|---", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Equal(WebhookEventTypes.Known.Order(StringComparer.Ordinal), EventType().Matches(table).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"connectionstatus\.account\.[a-z_]+")]
    private static partial Regex EventType();
}
