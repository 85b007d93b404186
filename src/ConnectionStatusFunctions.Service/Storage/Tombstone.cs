using Azure;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A deleted account's tombstone as read: when it was deleted, and the ETag a creation deletes it on.</summary>
public sealed record Tombstone(DateTimeOffset DeletedAt, ETag ETag);
