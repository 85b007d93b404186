namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The ChannelHealth table's partitions, named once: Storage Explorer shows these as PartitionKey
/// (docs/azurite.md). Each has one owner in this folder.
/// </summary>
internal static class ChannelHealthPartitions
{
    /// <summary>Provider health per channel, as the last tick computed it (<see cref="ChannelHealthStore"/>).</summary>
    public const string Channel = "channel";

    /// <summary>Each probe request's partial counts, summed by the next tick (<see cref="ProbeCountStore"/>).</summary>
    public const string Partial = "partial";

    /// <summary>The probe requests queued for a round and their done marks (<see cref="QueuedShardStore"/>).</summary>
    public const string Queued = "queued";

    /// <summary>Until when a channel's probes pause after a 429 (<see cref="ChannelPauseStore"/>).</summary>
    public const string Backoff = "backoff";
}
