using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// What a readable status row is, decided in one place for every store that reads these rows (the
/// write path, the lists, the attention index), and the point read of one row.
/// </summary>
public sealed class StatusRowReader(TableServiceClient service, IOptions<StorageOptions> options, IOptions<StatusPolicy> policy, TimeProvider time, ILogger<StatusRowReader> logger)
{
    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);

    /// <summary>The row as stored, or null when it (or the table) does not exist.</summary>
    public async Task<TableEntity?> ReadRowAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _connections.GetEntityIfExistsAsync<TableEntity>(key.TenantId, key.ChannelAccountId, cancellationToken: cancellationToken);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return null;
        }
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
