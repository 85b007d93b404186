using ConnectionStatusFunctions.App.Storage;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.App.Api;

/// <summary>Turns stored rows into what readers see, evaluating health as of now.</summary>
public sealed class ConnectionViews(IOptions<ActionTexts> texts, TimeProvider time)
{
    public ConnectionView Create(StoredConnection stored, ChannelOutages outages) =>
        Create(stored, HealthOf(stored, outages, time.GetUtcNow()));

    public ConnectionHealth HealthOf(StoredConnection stored, ChannelOutages outages, DateTimeOffset now) =>
        HealthEvaluator.Evaluate(stored.State, outages.Contains(stored.State.Channel), now, texts.Value);

    public static ConnectionView Create(StoredConnection stored, ConnectionHealth health)
    {
        var state = stored.State;
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
            health.RunbookUrl);
    }
}
