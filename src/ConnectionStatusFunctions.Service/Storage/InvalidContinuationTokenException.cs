namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A continuation token that is malformed or belongs to another tenant.</summary>
public sealed class InvalidContinuationTokenException() : Exception("continuationToken is not one this service issued for this tenant.");
