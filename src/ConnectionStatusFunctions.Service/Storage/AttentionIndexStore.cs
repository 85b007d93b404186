using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The reads and upkeep of a tenant's attention index (<see cref="StatusRowKeys.AttentionRowKey"/>):
/// a page longest-broken first with its total, the count alone, and the removal of entries that
/// must not be listed: one whose account no longer needs attention (lapsed, found as read), and one
/// its status row does not name (an orphan: the status row was deleted or edited by hand, or names
/// another entry; found by the hourly survey, which reads every status row anyway). The index rows
/// are written by <see cref="ConnectionStore"/> in the status row's own transaction, so a read
/// trusts them and reads no status row; the only writes here remove an entry, conditionally on the
/// rows as read.
/// </summary>
public sealed class AttentionIndexStore(TableServiceClient service, IOptions<StorageOptions> options, StatusRowReader reader, ILogger<AttentionIndexStore> logger)
{
    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);

    /// <summary>
    /// A page of the tenant's attention index, longest-broken first, and the total it is a page of,
    /// both from one read of the index (every entry the filter's columns keep). An entry is listed and
    /// counted only when it is readable, <paramref name="stillNeedsAttention"/> (health as of now)
    /// keeps it and <paramref name="matches"/> (the filter's in-memory parts: a health state, a
    /// search) keeps it. Lapsed entries are removed; entries the filter rejects are only skipped. So a page
    /// is full unless the list ends, and the total is what every page would list if read now. The
    /// continuation token is the last index RowKey returned, sealed with a scope of its own ('~' is
    /// in no id), so a plain list's token is refused here and this one there.
    /// </summary>
    public async Task<AttentionPage> ListAttentionAsync(
        string tenantId, ListFilter filter, int pageSize, string? continuationToken, Func<StoredConnection, bool> stillNeedsAttention, Func<StoredConnection, bool> matches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var scope = $"{tenantId}{StatusRowKeys.StatusRowKeyEnd}attention";
        var after = ContinuationTokens.Open(continuationToken, scope) is { } position
            ? StatusRowKeys.IsAttentionPosition(position) ? position : throw new InvalidContinuationTokenException()
            : null;
        var items = new List<StoredConnection>(pageSize);
        var unreadable = new List<UnreadableRow>();
        var (total, more) = (0, false);
        await foreach (var (indexRowKey, entry) in ReadEntriesAsync(tenantId, filter, stillNeedsAttention, cancellationToken))
        {
            var onThisPage = after is null || string.CompareOrdinal(indexRowKey, after) > 0;
            if (entry.Unreadable is { } bad)
            {
                if (onThisPage && items.Count < pageSize)
                {
                    unreadable.Add(bad);
                }

                continue;
            }

            if (!matches(entry.Stored!))
            {
                continue;
            }

            total++;
            if (!onThisPage)
            {
                continue;
            }

            if (items.Count < pageSize)
            {
                items.Add(entry.Stored! with { ETag = default });
                if (items.Count == pageSize)
                {
                    after = indexRowKey;
                }
            }
            else
            {
                more = true;
            }
        }

        return new AttentionPage(new ConnectionPage(items, unreadable, more ? ContinuationTokens.Seal(after, scope) : null), total);
    }

    /// <summary>
    /// How many of the tenant's accounts need attention now, as the attention list would total them
    /// without a filter: the entries <paramref name="stillNeedsAttention"/> keeps (lapsed entries are
    /// removed on the way, as a list removes them). One query of the index range (one more per 1,000
    /// entries): no status row is read, so an orphan is counted until the next survey removes it.
    /// </summary>
    public async Task<int> CountAttentionAsync(string tenantId, Func<StoredConnection, bool> stillNeedsAttention, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var (_, entry) in ReadEntriesAsync(tenantId, ListFilter.None, stillNeedsAttention, cancellationToken))
        {
            count += entry.Stored is not null ? 1 : 0;
        }

        return count;
    }

    /// <summary>An index entry read as the status row it copies: its state, or why it cannot be read.</summary>
    private sealed record Entry(StoredConnection? Stored, UnreadableRow? Unreadable);

    /// <summary>
    /// Every entry of the tenant's index that the filter's columns keep, in index order, whose
    /// account still needs attention; lapsed ones are removed as met. Two entries of one account
    /// cannot both be its status row's: only then is the status row read, once per such entry, and
    /// the entries it does not name are removed (the survey finds the other orphans).
    /// </summary>
    private async IAsyncEnumerable<(string IndexRowKey, Entry Entry)> ReadEntriesAsync(
        string tenantId, ListFilter filter, Func<StoredConnection, bool> stillNeedsAttention, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = await ReadIndexRowsAsync(filter.Within(StatusRowKeys.AttentionRowsOf(tenantId, after: null)), select: null, cancellationToken);
        var entriesOf = index.CountBy(row => TableColumns.GetString(row, nameof(ConnectionEntity.AttentionOf)) ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        foreach (var row in index)
        {
            var indexRowKey = row.RowKey;
            var indexETag = row.ETag;
            if (TableColumns.GetString(row, nameof(ConnectionEntity.AttentionOf)) is not { } accountId || !StatusRowKeys.IsAttentionRowKeyOf(indexRowKey, accountId))
            {
                logger.LogError("Attention index row {TenantId}/{RowKey} names no account of its key and is skipped", tenantId, indexRowKey);
                continue;
            }

            var key = new ConnectionKey(tenantId, accountId);
            if (entriesOf[accountId] > 1 && await RemoveOrphanAsync(tenantId, indexRowKey, indexETag, cancellationToken))
            {
                continue;
            }

            // Read as the status row it copies; the index row's ETag is not the status row's, so it is not kept.
            row.RowKey = accountId;
            if (!reader.TryRead(row, out var stored, out var bad, out _))
            {
                yield return (indexRowKey, new Entry(null, bad));
                continue;
            }

            if (!stillNeedsAttention(stored!))
            {
                await RemoveLapsedAsync(key, indexRowKey, indexETag, stillNeedsAttention, cancellationToken);
                continue;
            }

            yield return (indexRowKey, new Entry(stored, null));
        }
    }

    private async Task<List<TableEntity>> ReadIndexRowsAsync(string filter, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in _connections.QueryAsync<TableEntity>(filter, 1000, select, cancellationToken))
            {
                rows.Add(row);
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return rows;
    }

    /// <summary>
    /// Removes the tenant's index entries that no row of <paramref name="statusRows"/> (every status
    /// row, as the survey read them) names, and returns how many. Cost: one query of the index range
    /// (row keys only), and for each entry not named, one point read of its status row and a delete.
    /// </summary>
    public async Task<int> RemoveOrphansAsync(string tenantId, IEnumerable<SurveyedRow> statusRows, CancellationToken cancellationToken)
    {
        var named = statusRows
            .Where(row => StatusRowKeys.IsAttentionRowKeyOf(row.AttentionRowKey, row.ChannelAccountId))
            .Select(row => row.AttentionRowKey!)
            .ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var entry in await ReadIndexRowsAsync(StatusRowKeys.AttentionRowsOf(tenantId, after: null), ["RowKey"], cancellationToken))
        {
            removed += !named.Contains(entry.RowKey) && await RemoveOrphanAsync(tenantId, entry.RowKey, entry.ETag, cancellationToken) ? 1 : 0;
        }

        return removed;
    }

    /// <summary>
    /// Removes an index entry unless its status row, read now, names it: true when the entry is not
    /// its status row's (removed, or already gone), false when it is (a writer may have made it so
    /// since the entry was read). The delete is conditional on the entry's ETag: a writer that names an
    /// entry rewrites it in the same transaction, so a delete that succeeds removed an entry no status
    /// row named, and one that fails leaves the entry to that writer.
    /// </summary>
    private async Task<bool> RemoveOrphanAsync(string tenantId, string indexRowKey, ETag indexETag, CancellationToken cancellationToken)
    {
        // A key not of the index's form is no account's entry: no status row can name it.
        if (StatusRowKeys.AccountOfAttentionRowKey(indexRowKey) is { } accountId
            && await reader.ReadRowAsync(new ConnectionKey(tenantId, accountId), cancellationToken) is { } status
            && TableColumns.GetString(status, nameof(ConnectionEntity.AttentionRowKey)) == indexRowKey)
        {
            return false;
        }

        try
        {
            await _connections.DeleteEntityAsync(tenantId, indexRowKey, indexETag, cancellationToken);
            logger.LogWarning("Attention index row {TenantId}/{RowKey} was named by no status row and is removed", tenantId, indexRowKey);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone, or rewritten by a writer since it was read: either way not this entry any more; the next read decides on what is there.
            logger.LogDebug("Orphan attention entry {TenantId}/{RowKey} was changed meanwhile; left to its writer", tenantId, indexRowKey);
        }

        return true;
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
                // No status row owns it any more: nothing to keep in step.
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
