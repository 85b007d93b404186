using Azure;
using Azure.Data.Tables;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>Deletes of rows that may already be gone, as a deletion job and the tick's clean-ups make them.</summary>
internal static class TableDeletes
{
    /// <summary>One transaction of deletes; when one of the rows is already gone (a tick summed it), each of them alone, a missing one skipped.</summary>
    public static async Task DeleteAsync(TableClient table, string partition, IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rowKeys.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), ETag.All)), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404 && !TableRetry.IsTableMissing(e))
        {
            foreach (var key in rowKeys)
            {
                try
                {
                    await table.DeleteEntityAsync(partition, key, ETag.All, cancellationToken);
                }
                catch (RequestFailedException gone) when (gone.Status == 404)
                {
                    // Deleting twice is deleting once.
                }
            }
        }
    }
}
