using Azure;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A channel account's address: the tenant it belongs to and its own id.</summary>
public readonly record struct ConnectionKey(string TenantId, string ChannelAccountId);

/// <summary>A status row as stored, with the ETag that a conditional write needs.</summary>
public sealed record StoredConnection(ConnectionKey Key, ConnectionState State, ETag ETag);

/// <summary>What offering a report did; <paramref name="IsTransition"/> when it changed the status or error category.</summary>
public sealed record ApplyResult(TransitionKind Outcome, StoredConnection Connection, bool IsTransition = false);

/// <summary>A stored row the service cannot turn into a state (edited by hand, say): which one, and why.</summary>
public sealed record UnreadableRow(ConnectionKey Key, string Reason);

public sealed record ConnectionPage(IReadOnlyList<StoredConnection> Items, IReadOnlyList<UnreadableRow> Unreadable, string? ContinuationToken);

/// <summary>The one row asked for cannot be read; other rows of its tenant are unaffected.</summary>
public sealed class UnreadableRowException(UnreadableRow row) : Exception($"The status row {row.Key.TenantId}/{row.Key.ChannelAccountId} cannot be read: {row.Reason}")
{
    public UnreadableRow Row { get; } = row;
}

/// <summary>Raised when a row stayed contended through every attempt: the caller should retry later.</summary>
public sealed class StorageContentionException(ConnectionKey key, int attempts)
    : Exception($"The status row {key.TenantId}/{key.ChannelAccountId} was changed by other writers on each of {attempts} attempts.");

/// <summary>A continuation token that is malformed or belongs to another tenant.</summary>
public sealed class InvalidContinuationTokenException() : Exception("continuationToken is not one this service issued for this tenant.");

public sealed record ListFilter(ConnectionStatus? Status, Channel? Channel)
{
    public static readonly ListFilter None = new(null, null);
}

/// <summary>A page of an account's transitions, newest first.</summary>
public sealed record HistoryPage(IReadOnlyList<StatusChange> Items, string? ContinuationToken);
