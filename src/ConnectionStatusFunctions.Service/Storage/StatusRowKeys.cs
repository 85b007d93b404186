using Azure.Data.Tables;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The Connections table's keys, named once: PartitionKey is the tenant id; an account's status row
/// has its id as RowKey and its history rows "~{id}~{slot}" (<see cref="HistoryEntity"/>), so a
/// tenant's status rows are exactly the row keys before <see cref="StatusRowKeyEnd"/>. The attention
/// index rows, "~~attention~{since as 19-digit UTC ticks}~{id}", follow them: an id is never empty
/// and never holds '~', so no history row starts with "~~", and a range query over the index returns
/// the longest-broken account first, ties by id. The outbox rows of events not yet published,
/// "~~outbox~{id}~{incarnation}~{event number as 19 digits}", follow the index ('o' sorts after
/// 'a'): one account's rows form one key range in the order they were written, and the tenant's
/// whole outbox is one range too. Every query of status rows, history rows or index rows ends before
/// them, so an outbox row is never read as any of those. The tombstones of deleted accounts,
/// "~~tombstone~{id}", follow the outbox ('t' sorts after 'o'): outside every range above, one
/// point read for the write path, one range for their removal.
/// </summary>
internal static class StatusRowKeys
{
    /// <summary>Every status row's RowKey sorts before this (account ids never contain it); history and index rows start with it.</summary>
    public const string StatusRowKeyEnd = "~";

    /// <summary>Every attention index row's RowKey starts with this; <see cref="AttentionRowKeyEnd"/> follows them all.</summary>
    public const string AttentionRowKeyPrefix = "~~attention~";

    /// <summary>'~' sorts after the digits of the ticks, so every index row sorts before this.</summary>
    public const string AttentionRowKeyEnd = "~~attention~~";

    /// <summary>The index row of an account that has needed attention since <paramref name="since"/>.</summary>
    public static string AttentionRowKey(DateTimeOffset since, string channelAccountId) =>
        $"{AttentionRowKeyPrefix}{since.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)}~{channelAccountId}";

    /// <summary>Whether <paramref name="rowKey"/> is an index row of this account (a column edited by hand must never name another row to delete).</summary>
    public static bool IsAttentionRowKeyOf(string? rowKey, string channelAccountId) =>
        rowKey is not null
        && rowKey.Length == AttentionRowKeyPrefix.Length + 20 + channelAccountId.Length
        && rowKey.StartsWith(AttentionRowKeyPrefix, StringComparison.Ordinal)
        && rowKey.EndsWith($"~{channelAccountId}", StringComparison.Ordinal)
        && !rowKey.AsSpan(AttentionRowKeyPrefix.Length, 19).ContainsAnyExceptInRange('0', '9');

    /// <summary>The account whose entry <paramref name="rowKey"/> is, or null when it is not an index row of the form <see cref="AttentionRowKey"/> writes.</summary>
    public static string? AccountOfAttentionRowKey(string rowKey)
    {
        var idStart = AttentionRowKeyPrefix.Length + 20;
        return rowKey.Length > idStart && IsAttentionRowKeyOf(rowKey, rowKey[idStart..]) ? rowKey[idStart..] : null;
    }

    /// <summary>Whether a continuation position is an index RowKey (else the token was not issued by the attention list).</summary>
    public static bool IsAttentionPosition(string position) =>
        position.StartsWith(AttentionRowKeyPrefix, StringComparison.Ordinal) && string.CompareOrdinal(position, AttentionRowKeyEnd) < 0;

    /// <summary>A tenant's attention index rows after <paramref name="after"/> (null: from the first).</summary>
    public static string AttentionRowsOf(string tenantId, string? after) => after is null
        ? TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {AttentionRowKeyPrefix} and RowKey lt {AttentionRowKeyEnd}")
        : TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {after} and RowKey lt {AttentionRowKeyEnd}");

    /// <summary>Every outbox row's RowKey starts with this; it sorts after <see cref="AttentionRowKeyEnd"/>.</summary>
    public const string OutboxRowKeyPrefix = "~~outbox~";

    /// <summary>'~' sorts after every character of an id, so every outbox row sorts before this.</summary>
    public const string OutboxRowKeyEnd = "~~outbox~~";

    /// <summary>
    /// The outbox row of an account's event: the incarnation (time-ordered) and then the event number
    /// order its rows, so a row created again after a deletion never meets the old row's keys.
    /// </summary>
    public static string OutboxRowKey(string channelAccountId, string incarnation, long eventNumber) =>
        $"{OutboxRowKeyPrefix}{channelAccountId}~{incarnation}~{eventNumber.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The part of an outbox RowKey that orders one account's events: "{incarnation}~{event number}".</summary>
    public static string OutboxOrderOf(string rowKey, string channelAccountId) => rowKey[(OutboxRowKeyPrefix.Length + channelAccountId.Length + 1)..];

    /// <summary>A tenant's whole outbox, in key order: per account, in the order the events were written.</summary>
    public static string OutboxRowsOf(string tenantId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {OutboxRowKeyPrefix} and RowKey lt {OutboxRowKeyEnd}");

    /// <summary>A tenant's status rows, without the history rows that follow them in its partition.</summary>
    public static string StatusRowsOf(string tenantId) => TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey lt {StatusRowKeyEnd}");

    /// <summary>A tenant's status rows in the row-key range [from, to) of one shard (null: open-ended), history rows left out.</summary>
    public static string StatusRowsOf(string tenantId, string? from, string? to)
    {
        var end = to is null || string.CompareOrdinal(to, StatusRowKeyEnd) > 0 ? StatusRowKeyEnd : to;
        return TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {from ?? string.Empty} and RowKey lt {end}");
    }

    /// <summary>Every tombstone's RowKey starts with this; it sorts after <see cref="OutboxRowKeyEnd"/>.</summary>
    public const string TombstoneRowKeyPrefix = "~~tombstone~";

    /// <summary>'~' sorts after every character of an id, so every tombstone sorts before this.</summary>
    public const string TombstoneRowKeyEnd = "~~tombstone~~";

    /// <summary>The tombstone a deleted account leaves: when it was deleted, so that no report observed before that brings it back.</summary>
    public static string TombstoneRowKey(string channelAccountId) => TombstoneRowKeyPrefix + channelAccountId;

    /// <summary>A tenant's tombstones.</summary>
    public static string TombstoneRowsOf(string tenantId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {TombstoneRowKeyPrefix} and RowKey lt {TombstoneRowKeyEnd}");
}
