using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>What a tick queued; <paramref name="StillPending"/> counts the requests held back because the shard's earlier request is still waiting or working.</summary>
public sealed record ProbeTickSummary(int Tenants, int Requests, int Surveys, IReadOnlyList<ChannelHealth> Channels, int StillPending = 0);
