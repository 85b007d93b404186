namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A channel account's address: the tenant it belongs to and its own id.</summary>
public readonly record struct ConnectionKey(string TenantId, string ChannelAccountId);
