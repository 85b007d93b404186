using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The reads of an account's transition history. Its rows are written by <see cref="ConnectionStore"/>,
/// in the same transaction as the status row whose change they record.
/// </summary>
public sealed class ConnectionHistory(TableServiceClient service, IOptions<StorageOptions> options, IOptions<StatusPolicy> policy, TimeProvider time, ILogger<ConnectionHistory> logger)
{
    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);

    /// <summary>
    /// The account's transitions, newest first, from before the continuation token's position; null
    /// when the account has no status row. One query reads the status row's key and the at most
    /// <see cref="ConnectionStore.HistoryLength"/> history rows together.
    /// </summary>
    public async Task<HistoryPage?> ListHistoryAsync(ConnectionKey key, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = $"{key.TenantId}/{key.ChannelAccountId}";
        var before = ContinuationTokens.Open(continuationToken, scope) is { } position ? HistoryPosition(position) : (long?)null;
        var (first, end) = HistoryEntity.RangeOf(key.ChannelAccountId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key.TenantId} and (RowKey eq {key.ChannelAccountId} or (RowKey ge {first} and RowKey lt {end}))");
        var exists = false;
        var entries = new List<(long Sequence, StatusChange Change)>();
        try
        {
            // The status row comes back too, to tell an account without history from an unknown one; its own columns are not needed.
            var latest = StoredTime.LatestReadable(time, policy.Value);
            await foreach (var stored in _connections.QueryAsync<TableEntity>(filter, select: HistoryColumns, cancellationToken: cancellationToken))
            {
                var badColumns = new List<string>();
                var row = TableColumns.Read<HistoryEntity>(stored, badColumns);
                if (row.RowKey == key.ChannelAccountId)
                {
                    exists = true;
                }
                else if (badColumns.Count == 0 && row.At <= latest && row.ToChange() is { } change)
                {
                    if (before is null || row.Sequence < before)
                    {
                        entries.Add((row.Sequence, change));
                    }
                }
                else
                {
                    logger.LogError("History row {TenantId}/{RowKey} cannot be read and is skipped", key.TenantId, row.RowKey);
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        if (!exists)
        {
            return null;
        }

        var page = entries.OrderByDescending(e => e.Sequence).Take(pageSize + 1).ToList();
        var next = page.Count > pageSize
            ? ContinuationTokens.Seal(page[pageSize - 1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), scope)
            : null;
        return new HistoryPage(page.Take(pageSize).Select(e => e.Change).ToList(), next);
    }

    private static readonly string[] HistoryColumns =
        ["RowKey", nameof(HistoryEntity.Sequence), nameof(HistoryEntity.At), nameof(HistoryEntity.From), nameof(HistoryEntity.To),
         nameof(HistoryEntity.ErrorCategory), nameof(HistoryEntity.ErrorCode), nameof(HistoryEntity.ErrorSummary), nameof(HistoryEntity.Source)];

    private static long HistoryPosition(string position) =>
        long.TryParse(position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new InvalidContinuationTokenException();
}
