namespace ConnectionStatusFunctions.Core;

/// <summary>
/// The health model of docs/status-engine.md ("Health"):
/// the status sets a base score, and every other condition caps it (score = min(score, ceiling)).
/// </summary>
public static class HealthEvaluator
{
    public const int HealthyFrom = 80;
    public const int DegradedFrom = 40;

    public static ConnectionHealth Evaluate(ConnectionState state, bool providerOutage, DateTimeOffset now, ActionTexts texts)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(texts);

        var reasons = new List<HealthReason>(4);
        var score = BaseScore(state, now, reasons);
        var failures = state.FailuresInLast24Hours(now);

        if (failures > 0)
        {
            var ceiling = failures >= 5 ? 30 : failures >= 3 ? 60 : 80;
            score = Cap(score, ceiling, "failures_24h", FailuresText(failures), reasons);
        }

        var sinceSuccess = state.LastSuccessAt is { } success ? now - success : (TimeSpan?)null;
        if (sinceSuccess > TimeSpan.FromHours(48))
        {
            score = Cap(score, 50, "no_success_48h", "no successful check for more than 48 hours", reasons);
        }
        else if (sinceSuccess > TimeSpan.FromHours(24))
        {
            score = Cap(score, 70, "no_success_24h", "no successful check for more than 24 hours", reasons);
        }

        if (providerOutage)
        {
            score = Cap(score, 40, "provider_outage", $"{ChannelNames.DisplayName(state.Channel)} is having an outage", reasons);
        }

        if (state.IsFlapping)
        {
            score = Cap(score, 50, "flapping", "the status keeps changing between checks", reasons);
        }

        var health = StateOf(state, score);
        return new ConnectionHealth(
            health,
            score,
            reasons,
            RecommendedAction(state, now, failures, sinceSuccess, providerOutage, texts),
            RunbookUrl(state, texts),
            failures,
            state.IsFlapping,
            NeedsAttention: Attention.IsNeeded(health, state.IsFlapping),
            AttentionSince: Attention.Since(state, health, now));
    }

    // Lists evaluate every account they answer; the texts of the usual counts are written once.
    private static readonly string[] FailuresTexts = [.. Enumerable.Range(0, 100).Select(count => $"{count} failed checks in the last 24 hours")];

    private static string FailuresText(int failures) =>
        failures < FailuresTexts.Length ? FailuresTexts[failures] : $"{failures} failed checks in the last 24 hours";

    /// <summary>A silent account is not known to be broken, nor to work: below healthy, above a known error.</summary>
    public const int StaleCeiling = 40;

    private static int BaseScore(ConnectionState state, DateTimeOffset now, List<HealthReason> reasons) => state.Status switch
    {
        ConnectionStatus.Connected => 100,
        ConnectionStatus.Disconnected => Cap(100, 0, "status_disconnected", "the account was disconnected", reasons),
        ConnectionStatus.Stale => Cap(100, StaleCeiling, "no_recent_report", $"no report for {Age.Describe(now - state.LastCheckedAt)}", reasons),
        _ when state.ErrorCategory == ErrorCategory.AuthError => Cap(100, 10, "authorization_expired", "the channel rejected the account's authorization", reasons),
        _ => Cap(100, 20, "status_error", "the last check failed", reasons),
    };

    private static int Cap(int score, int ceiling, string code, string description, List<HealthReason> reasons)
    {
        if (ceiling >= score)
        {
            return score;
        }

        reasons.Add(new HealthReason(code, ceiling, description));
        return ceiling;
    }

    private static HealthState StateOf(ConnectionState state, int score) => state.Status switch
    {
        ConnectionStatus.Disconnected => HealthState.Disconnected,
        ConnectionStatus.Stale => HealthState.Stale,
        ConnectionStatus.Error when state.ErrorCategory == ErrorCategory.AuthError => HealthState.RequiresReauth,
        ConnectionStatus.Error => HealthState.Error,
        _ when score >= HealthyFrom => HealthState.Healthy,
        _ when score >= DegradedFrom => HealthState.Degraded,
        _ => HealthState.Error,
    };

    private static string? RecommendedAction(ConnectionState state, DateTimeOffset now, int failures, TimeSpan? sinceSuccess, bool providerOutage, ActionTexts texts)
    {
        // Usually one text or none: joined as they come, with no list for them.
        string? joined = null;
        void Add(string part) => joined = joined is null ? part : $"{joined} {part}";
        var primary = state.Status switch
        {
            ConnectionStatus.Disconnected => texts.Disconnected,
            ConnectionStatus.Stale => texts.Stale
                .Replace("{age}", Age.Describe(now - state.LastCheckedAt), StringComparison.Ordinal)
                .Replace("{channel}", ChannelNames.DisplayName(state.Channel), StringComparison.Ordinal),
            ConnectionStatus.Error => state.ErrorCategory switch
            {
                ErrorCategory.AuthError => texts.AuthError,
                ErrorCategory.WebhookError => texts.WebhookError,
                ErrorCategory.RateLimit => texts.RateLimit,
                _ => texts.Unknown,
            },
            _ => null,
        };
        if (primary is not null)
        {
            Add(primary);
        }

        if (providerOutage)
        {
            Add(texts.ProviderOutage.Replace("{channel}", ChannelNames.DisplayName(state.Channel), StringComparison.Ordinal));
        }

        if (failures >= 5)
        {
            Add(texts.RepeatedFailures.Replace("{count}", failures.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        // A stale account's own text already says how long nothing was heard.
        if (sinceSuccess > TimeSpan.FromHours(48) && state.Status != ConnectionStatus.Stale)
        {
            Add(texts.NotSyncedIn48Hours);
        }

        if (state.IsFlapping)
        {
            Add(texts.Flapping);
        }

        return joined;
    }

    private static Uri? RunbookUrl(ConnectionState state, ActionTexts texts)
    {
        var key = state.Status switch
        {
            ConnectionStatus.Disconnected => "disconnected",
            ConnectionStatus.Error when state.ErrorCategory is { } category => WireName.Of(category),
            _ => null,
        };
        return key is not null && texts.RunbookLinks.TryGetValue(key, out var link) ? link : null;
    }
}
