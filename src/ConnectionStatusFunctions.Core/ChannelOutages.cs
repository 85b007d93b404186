namespace ConnectionStatusFunctions.Core;

/// <summary>The channels whose provider is currently marked as having an outage.</summary>
public sealed class ChannelOutages(IEnumerable<Channel> channels)
{
    private readonly HashSet<Channel> _channels = [.. channels];

    public bool Contains(Channel channel) => _channels.Contains(channel);
}
