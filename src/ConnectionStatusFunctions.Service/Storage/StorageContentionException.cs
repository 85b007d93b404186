namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>Raised when a row stayed contended through every attempt: the caller should retry later.</summary>
public sealed class StorageContentionException(ConnectionKey key, int attempts)
    : Exception($"The status row {key.TenantId}/{key.ChannelAccountId} was changed by other writers on each of {attempts} attempts.");
