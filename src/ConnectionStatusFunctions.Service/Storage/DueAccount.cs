using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// A status row a probe request will probe, with what the worker needs to order them fairly: when it
/// was last checked, and whether its current error is a rate limit.
/// </summary>
public sealed record DueAccount(ConnectionKey Key, Channel Channel, DateTimeOffset LastCheckedAt, bool RateLimited);
