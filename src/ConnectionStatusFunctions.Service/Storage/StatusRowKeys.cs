using Azure.Data.Tables;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The Connections table's keys, named once: PartitionKey is the tenant id; an account's status row
/// has its id as RowKey and its history rows "~{id}~{slot}" (<see cref="HistoryEntity"/>), so a
/// tenant's status rows are exactly the row keys before <see cref="StatusRowKeyEnd"/>.
/// </summary>
internal static class StatusRowKeys
{
    /// <summary>Every status row's RowKey sorts before this (account ids never contain it); history rows start with it.</summary>
    public const string StatusRowKeyEnd = "~";

    /// <summary>A tenant's status rows, without the history rows that follow them in its partition.</summary>
    public static string StatusRowsOf(string tenantId) => TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey lt {StatusRowKeyEnd}");

    /// <summary>A tenant's status rows in the row-key range [from, to) of one shard (null: open-ended), history rows left out.</summary>
    public static string StatusRowsOf(string tenantId, string? from, string? to)
    {
        var end = to is null || string.CompareOrdinal(to, StatusRowKeyEnd) > 0 ? StatusRowKeyEnd : to;
        return TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {from ?? string.Empty} and RowKey lt {end}");
    }
}
