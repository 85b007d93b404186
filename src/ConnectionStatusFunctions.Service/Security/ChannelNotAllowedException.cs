namespace ConnectionStatusFunctions.Service.Security;

/// <summary>A channel-limited caller tried to write an account outside its channels; nothing was written.</summary>
public sealed class ChannelNotAllowedException(string tenantId, string channelAccountId)
    : Exception($"The caller's channel limit does not cover {tenantId}/{channelAccountId}.");
