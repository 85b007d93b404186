namespace ConnectionStatusFunctions.Core;

public sealed record ConnectionHealth(
    HealthState State,
    int Score,
    IReadOnlyList<HealthReason> Reasons,
    string? RecommendedAction,
    Uri? RunbookUrl,
    int FailuresInLast24Hours,
    bool IsFlapping,
    bool NeedsAttention,
    DateTimeOffset? AttentionSince);
