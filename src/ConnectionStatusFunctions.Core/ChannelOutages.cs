namespace ConnectionStatusFunctions.Core;

/// <summary>The channels whose provider is currently marked as having an outage.</summary>
public sealed class ChannelOutages(IEnumerable<Channel> channels)
{
    private readonly HashSet<Channel> _channels = [.. channels];

    public bool Contains(Channel channel) => _channels.Contains(channel);

    /// <summary>The channels with an outage, in a fixed order.</summary>
    public IReadOnlyList<Channel> Channels => [.. _channels.Order()];
}
