using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>Turns stored rows into what readers see, evaluating health as of now and the current provider outages.</summary>
public sealed class ConnectionViews(ChannelHealthStore channels, IOptions<ActionTexts> texts, TimeProvider time)
{
    /// <summary>Reads the outages once; the returned lens then evaluates any number of rows.</summary>
    public async Task<HealthLens> AsOfNowAsync(CancellationToken cancellationToken) =>
        new(await channels.GetOutagesAsync(cancellationToken), time.GetUtcNow(), texts.Value);

    public async Task<ConnectionView> CreateAsync(StoredConnection stored, CancellationToken cancellationToken) =>
        (await AsOfNowAsync(cancellationToken)).View(stored);
}

/// <summary>Health and views of stored rows at one instant, under one set of outages.</summary>
public sealed class HealthLens(ChannelOutages outages, DateTimeOffset now, ActionTexts texts)
{
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
            health.RunbookUrl);
    }
}
