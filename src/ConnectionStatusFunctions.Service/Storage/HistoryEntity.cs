using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// One transition of an account, in its tenant's partition of the status table so that it is
/// written in one transaction with the status row. RowKey "~{channelAccountId}~{slot}": account ids
/// never contain '~', so every history row sorts after every status row, and an account's rows
/// form one key range. The slot is the transition's sequence number modulo
/// <see cref="ConnectionStore.HistoryLength"/>, so the oldest entry is overwritten, never left behind.
/// </summary>
public sealed class HistoryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The account, repeated for an operator reading the table.</summary>
    public string ChannelAccountId { get; set; } = string.Empty;

    /// <summary>1 for the account's first transition, then one more per transition.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }
    public string? From { get; set; }
    public string To { get; set; } = string.Empty;
    public string? ErrorCategory { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorSummary { get; set; }
    public string Source { get; set; } = string.Empty;

    public const char Separator = '~';

    public static string RowKeyOf(string channelAccountId, long sequence) =>
        $"{Separator}{channelAccountId}{Separator}{sequence % ConnectionStore.HistoryLength:D2}";

    /// <summary>The account's key range, [First, End): slots are digits, which sort before the separator.</summary>
    public static (string First, string End) RangeOf(string channelAccountId) =>
        ($"{Separator}{channelAccountId}{Separator}", $"{Separator}{channelAccountId}{Separator}{Separator}");

    /// <summary>The query filter of the account's history rows: its key range in the tenant's partition.</summary>
    public static string RowsOf(ConnectionKey key)
    {
        var (first, end) = RangeOf(key.ChannelAccountId);
        return TableClient.CreateQueryFilter($"PartitionKey eq {key.TenantId} and RowKey ge {first} and RowKey lt {end}");
    }

    public static HistoryEntity Of(ConnectionKey key, long sequence, StatusChange change) => new()
    {
        PartitionKey = key.TenantId,
        RowKey = RowKeyOf(key.ChannelAccountId, sequence),
        ChannelAccountId = key.ChannelAccountId,
        Sequence = sequence,
        At = change.At,
        From = change.From is { } from ? WireName.Of(from) : null,
        To = WireName.Of(change.To),
        ErrorCategory = change.ErrorCategory is { } category ? WireName.Of(category) : null,
        ErrorCode = change.ErrorCode,
        ErrorSummary = change.ErrorSummary,
        Source = WireName.Of(change.Source),
    };

    /// <summary>The change this row holds, or null when a value in it is not one the service writes (a hand edit).</summary>
    public StatusChange? ToChange()
    {
        ConnectionStatus? from = null;
        if (From is not null)
        {
            if (!WireName.TryParse<ConnectionStatus>(From, out var parsedFrom))
            {
                return null;
            }

            from = parsedFrom;
        }

        ErrorCategory? category = null;
        if (ErrorCategory is not null)
        {
            if (!WireName.TryParse<ErrorCategory>(ErrorCategory, out var parsedCategory))
            {
                return null;
            }

            category = parsedCategory;
        }

        return WireName.TryParse<ConnectionStatus>(To, out var to) && WireName.TryParse<ReportSource>(Source, out var source)
            ? new StatusChange(At, from, to, category, ErrorCode, ErrorSummary, source)
            : null;
    }
}
