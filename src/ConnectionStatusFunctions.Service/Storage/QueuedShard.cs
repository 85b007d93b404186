namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A shard's probe requests: the round the tick last queued one in, and the round whose request a worker last finished.</summary>
public sealed record QueuedShard(DateTimeOffset? QueuedRound, DateTimeOffset? DoneRound)
{
    /// <summary>Queued, not finished since, and queued after <paramref name="since"/>: its request is still waiting or working.</summary>
    public bool IsPendingSince(DateTimeOffset since) =>
        QueuedRound is { } queued && queued > since && (DoneRound is not { } done || done < queued);
}
