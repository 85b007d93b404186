using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// A 412 storm on status rows, refused by Azurite itself: while <c>rivalWrites</c> allows one more,
/// each conditional write of a status row is preceded by a rival's write of that row, so the write
/// (and every other action of its transaction: the history entry, the index rows) fails its
/// If-Match as it would against a busy account, and whatever the service does next meets storage's
/// answer, not a mock's.
/// </summary>
public static class StatusRowStorm
{
    public static void ReplaceTables(IServiceCollection services, string connectionString, Func<bool> rivalWrites)
    {
        ArgumentNullException.ThrowIfNull(rivalWrites);
        FaultyStorage.ReplaceTables(services, connectionString, name => name.StartsWith(StatusApplication.ConnectionsTablePrefix, StringComparison.Ordinal), (table, real) =>
        {
            async Task RivalAsync(string partitionKey, string rowKey, CancellationToken ct)
            {
                if (rivalWrites())
                {
                    // A column the service does not read: the rival changes the row's ETag, not its state.
                    await real.UpdateEntityAsync(new TableEntity(partitionKey, rowKey) { ["Rival"] = Guid.NewGuid().ToString("N") }, ETag.All, TableUpdateMode.Merge, ct);
                }
            }

            table.Setup(t => t.UpdateEntityAsync(It.IsAny<ConnectionEntity>(), It.IsAny<ETag>(), It.IsAny<TableUpdateMode>(), It.IsAny<CancellationToken>()))
                .Returns(async (ConnectionEntity entity, ETag etag, TableUpdateMode mode, CancellationToken ct) =>
                {
                    await RivalAsync(entity.PartitionKey, entity.RowKey, ct);
                    return await real.UpdateEntityAsync(entity, etag, mode, ct);
                });
            table.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
                .Returns(async (IEnumerable<TableTransactionAction> actions, CancellationToken ct) =>
                {
                    var all = actions.ToList();
                    // The status row's write comes first; only a conditional one can lose to a rival.
                    if (all[0] is { ActionType: TableTransactionActionType.UpdateReplace, Entity: var status })
                    {
                        await RivalAsync(status.PartitionKey, status.RowKey, ct);
                    }

                    return await real.SubmitTransactionAsync(all, ct);
                });
        });
    }
}
