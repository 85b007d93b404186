using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>Health and views of stored rows at one instant, under one set of outages.</summary>
public sealed class HealthLens(ChannelOutages outages, DateTimeOffset now, ActionTexts texts)
{
    /// <summary>The channels having a provider outage now: a flag per channel, without counts, that every reader may see.</summary>
    public IReadOnlyList<Channel> ProviderOutages => outages.Channels;

    public ConnectionHealth Health(StoredConnection stored) =>
        HealthEvaluator.Evaluate(stored.State, outages.Contains(stored.State.Channel), now, texts);

    public ConnectionView View(StoredConnection stored)
    {
        var state = stored.State;
        var health = Health(stored);
        return new ConnectionView(
            stored.Key.TenantId,
            stored.Key.ChannelAccountId,
            state.Channel,
            state.DisplayName,
            state.Status,
            state.LastCheckedAt,
            state.LastSuccessAt,
            state.LastErrorAt,
            state.StatusChangedAt,
            state.ErrorCategory,
            state.ErrorCode,
            state.ErrorSummary,
            state.ConsecutiveFailures,
            health.FailuresInLast24Hours,
            state.IsFlapping,
            state.LastSource,
            health.State,
            health.Score,
            health.Reasons,
            health.NeedsAttention,
            health.RecommendedAction,
            health.RunbookUrl,
            health.AttentionSince);
    }
}
