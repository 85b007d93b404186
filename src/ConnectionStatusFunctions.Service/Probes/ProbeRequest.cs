namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>
/// One probe request, as the tick of <paramref name="Round"/> sent it: a tenant's status rows in the
/// row-key range [From, To) (null: open-ended), or with <paramref name="Survey"/> a count of the
/// tenant's rows that records its shard boundaries. <paramref name="Hold"/> names the channels whose
/// accounts this request leaves due this round, because other shards are owed them (see
/// <see cref="ProbeDistributor"/>). Only ids, times and channel names: nothing secret.
/// </summary>
public sealed record ProbeRequest(string TenantId, string? From, string? To, DateTimeOffset Round, bool Survey = false, IReadOnlyList<string>? Hold = null);
