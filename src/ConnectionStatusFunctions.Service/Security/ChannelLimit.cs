using System.Security.Claims;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Security;

/// <summary>
/// The channels a limited connector may write. It is decided against the row the write would
/// replace, inside the conditional write, so a report's own <c>channel</c> field cannot widen it
/// and a row that changes channel between the read and the write is decided again.
/// </summary>
public sealed class ChannelLimit(IReadOnlySet<Channel> channels)
{
    public IReadOnlySet<Channel> Channels { get; } = channels;

    /// <summary>
    /// Whether the caller may write this account: the stored channel (when there is a readable row)
    /// and the channel the account will have after the report must both be among its channels. A
    /// row that cannot be read names no channel the limit could be checked against, so it is refused.
    /// </summary>
    public bool Allows(bool rowExists, Channel? storedChannel, Channel? reportedChannel)
    {
        if (rowExists && storedChannel is null)
        {
            return false;
        }

        return (storedChannel is null || Channels.Contains(storedChannel.Value))
            && Channels.Contains(reportedChannel ?? storedChannel ?? Channel.Other);
    }

    /// <summary>The caller's limit, or null when it may write every channel.</summary>
    public static ChannelLimit? Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.FindFirst(ApiKeyAuthenticationHandler.ChannelLimitClaim) is not { } claim)
        {
            return null;
        }

        // Names the service does not know grant nothing, and an empty list grants no channel at all.
        var channels = claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => WireName.TryParse<Channel>(name, out var channel) ? channel : (Channel?)null)
            .OfType<Channel>()
            .ToHashSet();
        return new ChannelLimit(channels);
    }

    /// <summary>The claim value for these channel names: one claim, present exactly when the caller is limited.</summary>
    public static Claim ClaimFor(IEnumerable<string> channels) =>
        new(ApiKeyAuthenticationHandler.ChannelLimitClaim, string.Join(' ', channels));
}
