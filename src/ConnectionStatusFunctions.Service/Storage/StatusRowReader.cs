using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// What a readable status row is, decided in one place for every store that reads these rows (the
/// write path, the deletion, the lists, the attention index), and the point reads of one row and of one tombstone.
/// </summary>
public sealed class StatusRowReader(TableServiceClient service, IOptions<StorageOptions> options, IOptions<StatusPolicy> policy, TimeProvider time, ILogger<StatusRowReader> logger)
{
    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);

    /// <summary>
    /// What every read (a view, a list, a filter, the summary) takes of a status row; the write path's
    /// bookkeeping (verdict, report id, transition count, recent results, attention and event columns)
    /// stays in storage, where only the write path reads it, so a read moves less and a bookkeeping
    /// column edited by hand spoils the next write's read (which replaces the row), not what readers see.
    /// </summary>
    public static readonly string[] ViewColumns =
        [nameof(ConnectionEntity.PartitionKey), nameof(ConnectionEntity.RowKey), nameof(ConnectionEntity.Channel), nameof(ConnectionEntity.DisplayName), nameof(ConnectionEntity.Status),
         nameof(ConnectionEntity.LastCheckedAt), nameof(ConnectionEntity.LastSuccessAt), nameof(ConnectionEntity.LastErrorAt), nameof(ConnectionEntity.StatusChangedAt),
         nameof(ConnectionEntity.ErrorCategory), nameof(ConnectionEntity.ErrorCode), nameof(ConnectionEntity.ErrorSummary), nameof(ConnectionEntity.ConsecutiveFailures),
         nameof(ConnectionEntity.FailuresByHour), nameof(ConnectionEntity.IsFlapping), nameof(ConnectionEntity.FlappingSince), nameof(ConnectionEntity.LastSource)];

    /// <summary>The row as stored (only <paramref name="select"/>'s columns when given), or null when it (or the table) does not exist.</summary>
    public async Task<TableEntity?> ReadRowAsync(ConnectionKey key, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        try
        {
            var response = await _connections.GetEntityIfExistsAsync<TableEntity>(key.TenantId, key.ChannelAccountId, select, cancellationToken);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return null;
        }
    }

    /// <summary>
    /// The account's tombstone (<see cref="StatusRowKeys.TombstoneRowKey"/>), or null when it was never deleted (or its
    /// tombstone has been removed). A missing table throws, as the write path's create expects (it creates the table).
    /// </summary>
    public async Task<Tombstone?> ReadTombstoneAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var response = await _connections.GetEntityIfExistsAsync<TableEntity>(key.TenantId, StatusRowKeys.TombstoneRowKey(key.ChannelAccountId), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } row)
        {
            return null;
        }

        // A tombstone edited into something unreadable still stands for a deletion, at the start of time: it refuses nothing, and the next creation removes it.
        return new Tombstone(TableColumns.Get<DateTimeOffset>(row, "DeletedAt") ?? DateTimeOffset.MinValue, row.ETag);
    }

    /// <summary>
    /// Turns a row into a state, column by column; a row with a value the service never writes (of
    /// another type, not one of its names, or a time later than any report it accepts) is reported
    /// and logged, not thrown.
    /// </summary>
    public bool TryRead(TableEntity row, out StoredConnection? stored, out UnreadableRow? unreadable, out ConnectionEntity entity)
    {
        ArgumentNullException.ThrowIfNull(row);
        var badColumns = new List<string>();
        entity = TableColumns.Read<ConnectionEntity>(row, badColumns);
        string reason;
        if (badColumns.Count > 0)
        {
            reason = $"column {string.Join(", ", badColumns)}: not of the type the service writes.";
        }
        else if (entity.TimesLaterThan(StoredTime.LatestReadable(time, policy.Value)) is { Count: > 0 } future)
        {
            reason = $"column {string.Join(", ", future)}: later than any report the service accepts.";
        }
        else
        {
            try
            {
                stored = new StoredConnection(entity.Key, entity.ToState(), entity.ETag);
                unreadable = null;
                return true;
            }
            catch (FormatException e)
            {
                reason = e.Message;
            }
        }

        stored = null;
        unreadable = new UnreadableRow(entity.Key, reason);
        logger.LogError("Status row {TenantId}/{ChannelAccountId} cannot be read and is skipped: {Reason}", entity.PartitionKey, entity.RowKey, reason);
        return false;
    }
}
