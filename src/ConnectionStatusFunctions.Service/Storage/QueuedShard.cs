using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// A shard's probe requests: the round the tick last queued one in, the round whose request a
/// worker last finished, and the channels that finished request skipped because they were paused:
/// the shard is owed those, so its accounts of them go before other shards' next time.
/// </summary>
public sealed record QueuedShard(DateTimeOffset? QueuedRound, DateTimeOffset? DoneRound, IReadOnlySet<Channel>? PauseSkipped = null)
{
    /// <summary>How far a round may lie ahead of this instance's clock (instances' clocks differ a little); a round further ahead no tick has sent yet.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public bool IsOwed(Channel channel) => PauseSkipped?.Contains(channel) == true;

    /// <summary>Queued, not finished since, and queued after <paramref name="since"/>: its request is still waiting or working.</summary>
    public bool IsPendingSince(DateTimeOffset since) =>
        QueuedRound is { } queued && queued > since && (DoneRound is not { } done || done < queued);
}
