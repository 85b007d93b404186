namespace ConnectionStatusFunctions.Core;

/// <summary>
/// What support is told to do. Every text can be overridden in configuration; "{count}",
/// "{channel}" and "{age}" are filled in where they appear.
/// </summary>
public sealed class ActionTexts
{
    public const string SectionName = "Actions";

    public string AuthError { get; set; } = "Authorization expired. Please reconnect your account.";

    public string WebhookError { get; set; } = "Webhook deliveries are failing. Check the webhook URL, its certificate and the signing secret in the channel's developer console.";

    public string RateLimit { get; set; } = "The channel is rate limiting requests. Wait for the limit to reset; if it keeps happening, lower the sync frequency.";

    public string Unknown { get; set; } = "Connection error. Try refreshing or reconnecting.";

    public string Disconnected { get; set; } = "Account disconnected. Please reconnect.";

    public string Stale { get; set; } = "No report for {age}: check that the connector for {channel} is running.";

    public string RepeatedFailures { get; set; } = "{count} failed sync attempts in the last 24 hours.";

    public string NotSyncedIn48Hours { get; set; } = "Account has not synced in over 48 hours.";

    public string ProviderOutage { get; set; } = "{channel} provider is experiencing issues.";

    public string Flapping { get; set; } = "The connection keeps switching between connected and error; check the connector's network and credentials before reconnecting.";

    /// <summary>Optional runbook link per error category ("auth_error", ...) or "disconnected".</summary>
    public Dictionary<string, Uri> RunbookLinks { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<string> Validate()
    {
        foreach (var key in RunbookLinks.Keys)
        {
            if (key != "disconnected" && !WireName.TryParse<ErrorCategory>(key, out _))
            {
                yield return $"Actions:RunbookLinks key '{key}' must be 'disconnected' or one of {WireName.AllowedValues<ErrorCategory>()}.";
            }
        }

        foreach (var (key, link) in RunbookLinks)
        {
            if (!link.IsAbsoluteUri || link.Scheme is not ("https" or "http"))
            {
                yield return $"Actions:RunbookLinks['{key}'] must be an absolute http(s) URL.";
            }
        }
    }
}
