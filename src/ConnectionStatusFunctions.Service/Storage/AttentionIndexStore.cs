using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The reads and upkeep of a tenant's attention index (<see cref="StatusRowKeys.AttentionRowKey"/>):
/// a page longest-broken first, the count, and the lazy removal of entries that no longer need
/// attention. The index rows are written by <see cref="ConnectionStore"/> in the status row's own
/// transaction; the only writes here remove an entry, conditionally on the rows as read.
/// </summary>
public sealed class AttentionIndexStore(TableServiceClient service, IOptions<StorageOptions> options, StatusRowReader reader, ILogger<AttentionIndexStore> logger)
{
    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);

    /// <summary>
    /// A page of the tenant's attention index, longest-broken first: each entry is its account's
    /// row as of its last write, and one that <paramref name="stillNeedsAttention"/> (health as of
    /// now) rejects has lapsed: it is left out, removed, and the reading goes on, so a page is full
    /// unless the index ends. The filter's columns are matched by storage, its in-memory parts
    /// (a health state, a search) by <paramref name="matches"/>: an entry it rejects is skipped, not removed. The continuation token is the last index RowKey returned, sealed with
    /// a scope of its own ('~' is in no id), so a plain list's token is refused here and this one there.
    /// </summary>
    public async Task<ConnectionPage> ListAttentionAsync(
        string tenantId, ListFilter filter, int pageSize, string? continuationToken, Func<StoredConnection, bool> stillNeedsAttention, Func<StoredConnection, bool> matches, CancellationToken cancellationToken)
    {
        var scope = $"{tenantId}{StatusRowKeys.StatusRowKeyEnd}attention";
        var after = ContinuationTokens.Open(continuationToken, scope) is { } position
            ? StatusRowKeys.IsAttentionPosition(position) ? position : throw new InvalidContinuationTokenException()
            : null;
        var items = new List<StoredConnection>(pageSize);
        var unreadable = new List<UnreadableRow>();
        string? lastRowKey = null;
        try
        {
            var rows = _connections.QueryAsync<TableEntity>(filter.Within(StatusRowKeys.AttentionRowsOf(tenantId, after)), Math.Min(pageSize + 1, 1000), cancellationToken: cancellationToken);
            await foreach (var row in rows)
            {
                var indexRowKey = row.RowKey;
                var indexETag = row.ETag;
                if (TableColumns.GetString(row, nameof(ConnectionEntity.AttentionOf)) is not { } accountId || !StatusRowKeys.IsAttentionRowKeyOf(indexRowKey, accountId))
                {
                    logger.LogError("Attention index row {TenantId}/{RowKey} names no account of its key and is skipped", tenantId, indexRowKey);
                    continue;
                }

                // Read as the status row it copies; the index row's ETag is not the status row's, so it is not kept.
                row.RowKey = accountId;
                if (!reader.TryRead(row, out var stored, out var bad, out _))
                {
                    if (items.Count < pageSize)
                    {
                        unreadable.Add(bad!);
                    }

                    continue;
                }

                if (!stillNeedsAttention(stored!))
                {
                    await RemoveLapsedAsync(new ConnectionKey(tenantId, accountId), indexRowKey, indexETag, stillNeedsAttention, cancellationToken);
                    continue;
                }

                if (!matches(stored!))
                {
                    continue;
                }

                if (items.Count == pageSize)
                {
                    // One more entry exists, so a next page does.
                    return new ConnectionPage(items, unreadable, ContinuationTokens.Seal(lastRowKey, scope));
                }

                items.Add(stored! with { ETag = default });
                lastRowKey = indexRowKey;
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return new ConnectionPage(items, unreadable, null);
    }

    /// <summary>
    /// How many index entries the tenant has under the filter: one query of the index alone, so its
    /// cost grows with the accounts needing attention, not with the tenant; RowKeys only, unless the
    /// filter has in-memory parts, which <paramref name="matches"/> then decides on each entry's columns.
    /// Entries that lapsed and were not yet read by a list are still counted.
    /// </summary>
    public async Task<int> CountAttentionAsync(string tenantId, ListFilter filter, Func<StoredConnection, bool> matches, CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            var columns = filter.FiltersInMemory ? null : new[] { "RowKey" };
            await foreach (var row in _connections.QueryAsync<TableEntity>(filter.Within(StatusRowKeys.AttentionRowsOf(tenantId, after: null)), 1000, columns, cancellationToken))
            {
                if (!filter.FiltersInMemory)
                {
                    count++;
                }
                else if (TableColumns.GetString(row, nameof(ConnectionEntity.AttentionOf)) is { } accountId)
                {
                    row.RowKey = accountId;
                    count += reader.TryRead(row, out var stored, out _, out _) && matches(stored!) ? 1 : 0;
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return count;
    }

    /// <summary>
    /// Removes an index entry that no longer needs attention, with the status row's column that
    /// names it, in one transaction conditional on both rows' ETags. Decided again on the status row
    /// as read; if either row moved meanwhile, a writer has already set the index right: skip.
    /// </summary>
    private async Task RemoveLapsedAsync(ConnectionKey key, string indexRowKey, ETag indexETag, Func<StoredConnection, bool> stillNeedsAttention, CancellationToken cancellationToken)
    {
        var status = await reader.ReadRowAsync(key, cancellationToken);
        var statusEntity = status is null ? null : TableColumns.Read<ConnectionEntity>(status, new List<string>());
        try
        {
            if (statusEntity?.AttentionRowKey != indexRowKey)
            {
                // No status row owns it (left by a hand edit): nothing to keep in step.
                await _connections.DeleteEntityAsync(key.TenantId, indexRowKey, indexETag, cancellationToken);
                return;
            }

            if (!reader.TryRead(status!, out var stored, out _, out _) || stillNeedsAttention(stored!))
            {
                return;
            }

            statusEntity.AttentionRowKey = null;
            await _connections.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, statusEntity, status!.ETag),
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(key.TenantId, indexRowKey), indexETag),
                ],
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            logger.LogDebug("Lapsed attention entry {TenantId}/{RowKey} was changed by a writer meanwhile; left to it", key.TenantId, indexRowKey);
        }
    }
}
