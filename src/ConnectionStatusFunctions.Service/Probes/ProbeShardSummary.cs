using System.Text.Json.Serialization;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Probes;

[JsonConverter(typeof(WireNameJsonConverter<ProbeRequestOutcome>))]
public enum ProbeRequestOutcome
{
    Probed,
    Surveyed,
    Poisoned,

    /// <summary>Its tenant was deleted after the tick sent it: nothing probed, not poisoned.</summary>
    Dropped,
}

/// <summary>
/// What one request did. <paramref name="Skipped"/>: due accounts not probed because their channel
/// was paused (the shard is then owed the channel, unless all of them were throttled themselves); <paramref name="Held"/>: due accounts left for
/// other shards owed their channel (owes nothing).
/// </summary>
public sealed record ProbeShardSummary(ProbeRequestOutcome Outcome, int Due, int Probed, int Connected, int Failed, int Skipped, bool OutOfTime, int Held = 0);
