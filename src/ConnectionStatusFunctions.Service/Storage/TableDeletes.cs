using Azure;
using Azure.Data.Tables;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>Deletes of rows that may already be gone, as a deletion job and the tick's clean-ups make them.</summary>
internal static class TableDeletes
{
    /// <summary>The most actions a table transaction may hold.</summary>
    public const int MaxPerTransaction = 100;

    /// <summary>
    /// Deletes the rows <paramref name="filter"/> finds, all of them in <paramref name="partition"/>,
    /// whose key <paramref name="selected"/> accepts (every one when null), <see cref="MaxPerTransaction"/>
    /// to a transaction, and returns how many. Their keys are read first, keys only, and held: for a
    /// partition small enough for that. No table, no rows.
    /// </summary>
    public static async Task<int> DeleteFoundAsync(TableClient table, string partition, string filter, Func<string, bool>? selected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var keys = new List<string>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                if (selected is null || selected(row.RowKey))
                {
                    keys.Add(row.RowKey);
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return 0;
        }

        foreach (var batch in keys.Chunk(MaxPerTransaction))
        {
            await DeleteAsync(table, partition, batch, cancellationToken);
        }

        return keys.Count;
    }

    /// <summary>One transaction of deletes; when one of the rows is already gone (a tick summed it), each of them alone, a missing one skipped.</summary>
    public static Task DeleteAsync(TableClient table, string partition, IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken) =>
        DeleteAsync(table, partition, [.. rowKeys.Select(key => (key, ETag.All))], cancellationToken);

    /// <summary>
    /// As above, each row only as it was read (its ETag): a row written again since is kept, and left
    /// to whoever reads it next (a deletion job's next pass, which first asks whether it still deletes).
    /// </summary>
    public static async Task DeleteAsync(TableClient table, string partition, IReadOnlyCollection<(string RowKey, ETag ETag)> rows, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey), row.ETag)), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412 && !TableRetry.IsTableMissing(e))
        {
            foreach (var (key, etag) in rows)
            {
                try
                {
                    await table.DeleteEntityAsync(partition, key, etag, cancellationToken);
                }
                catch (RequestFailedException skipped) when (skipped.Status is 404 or 412)
                {
                    // Deleting twice is deleting once; a row written again since is not this delete's.
                }
            }
        }
    }
}
