using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// The event types a subscription may filter on: the CloudEvents <c>type</c> of each event the
/// outbox publishes (<see cref="AccountEvents.TypeOf"/>). A filter naming any other type would never match, so it is refused.
/// </summary>
public static class WebhookEventTypes
{
    public const string StatusChanged = AccountEvents.TypePrefix + "status_changed";
    public const string FlappingStarted = AccountEvents.TypePrefix + "flapping_started";
    public const string FlappingStopped = AccountEvents.TypePrefix + "flapping_stopped";
    public const string Deleted = AccountEvents.TypePrefix + "deleted";

    public static IReadOnlyList<string> Known { get; } = [.. Enum.GetValues<AccountEventKind>().Select(AccountEvents.TypeOf)];
}
