namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>Storage did not answer within what the caller can wait for; nothing about the request is wrong.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
