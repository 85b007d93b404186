using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// One status row: PartitionKey = tenant id, RowKey = channel account id. Columns are typed and
/// named for an operator reading them in Storage Explorer; enums are stored as their API text.
/// </summary>
public sealed class ConnectionEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Channel { get; set; } = string.Empty;
    public string? DisplayName { get; set; }
    public string Status { get; set; } = string.Empty;
    public DateTimeOffset LastCheckedAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public DateTimeOffset StatusChangedAt { get; set; }
    public string? ErrorCategory { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorSummary { get; set; }
    public int ConsecutiveFailures { get; set; }

    /// <summary>Failures per UTC hour over the last day, e.g. "2026-11-24T13Z=2 2026-11-24T14Z=1".</summary>
    public string? FailuresByHour { get; set; }

    /// <summary>The last 21 check results, oldest first: C connected, E error, D disconnected.</summary>
    public string? RecentResults { get; set; }

    public bool IsFlapping { get; set; }
    public string LastSource { get; set; } = string.Empty;
    public string? LastReportId { get; set; }

    /// <summary>
    /// Set only while the newest report is a probe's success: when the newest other report was
    /// observed, its status, id and source. The probe's success cannot overrule all of it.
    /// </summary>
    public DateTimeOffset? VerdictAt { get; set; }

    public string? VerdictStatus { get; set; }
    public string? VerdictReportId { get; set; }
    public string? VerdictSource { get; set; }

    /// <summary>Null on a row written before it was recorded: the engine then takes the status change.</summary>
    public DateTimeOffset? FlappingSince { get; set; }

    /// <summary>On a status row: the attention index row it owns (<see cref="StatusRowKeys.AttentionRowKey"/>), written and removed in the same transaction; null when it owns none.</summary>
    public string? AttentionRowKey { get; set; }

    /// <summary>On an attention index row: the account it stands for, and since when it needs attention.</summary>
    public string? AttentionOf { get; set; }

    public DateTimeOffset? AttentionSince { get; set; }

    /// <summary>How many transitions this account has had; the last <see cref="ConnectionStore.HistoryLength"/> are in its history rows.</summary>
    public long TransitionCount { get; set; }

    /// <summary>
    /// Which life of the account this row is: set when the row is created (a row stored before
    /// events existed gets one on its next write), new when it is created again after a deletion,
    /// so an event id built on it is never reused (<see cref="Core.AccountEvents.IdOf"/>).
    /// </summary>
    public string? Incarnation { get; set; }

    /// <summary>How many events this incarnation has put in the outbox; numbers its outbox rows.</summary>
    public long EventCount { get; set; }

    public static ConnectionEntity From(ConnectionKey key, ConnectionState state, long transitionCount) => new()
    {
        PartitionKey = key.TenantId,
        RowKey = key.ChannelAccountId,
        Channel = WireName.Of(state.Channel),
        DisplayName = Stored(state.DisplayName),
        Status = WireName.Of(state.Status),
        LastCheckedAt = state.LastCheckedAt,
        LastSuccessAt = state.LastSuccessAt,
        LastErrorAt = state.LastErrorAt,
        StatusChangedAt = state.StatusChangedAt,
        ErrorCategory = state.ErrorCategory is { } category ? WireName.Of(category) : null,
        ErrorCode = Stored(state.ErrorCode),
        ErrorSummary = Stored(state.ErrorSummary),
        ConsecutiveFailures = state.ConsecutiveFailures,
        FailuresByHour = Stored(state.RecentFailures.ToString()),
        RecentResults = Stored(state.RecentResults.ToString()),
        IsFlapping = state.IsFlapping,
        LastSource = WireName.Of(state.LastSource),
        LastReportId = Stored(state.LastReportId),
        VerdictAt = state.LastVerdict?.CheckedAt,
        VerdictStatus = state.LastVerdict is { } verdict ? WireName.Of(verdict.Status) : null,
        VerdictReportId = Stored(state.LastVerdict?.ReportId),
        VerdictSource = state.LastVerdict is { } from ? WireName.Of(from.Source) : null,
        TransitionCount = transitionCount,
        FlappingSince = state.FlappingSince,
    };

    /// <summary>The index row for this status row: a copy of its columns, so a page of the index needs no other read.</summary>
    public ConnectionEntity ToAttentionRow(DateTimeOffset since)
    {
        var row = (ConnectionEntity)MemberwiseClone();
        row.RowKey = StatusRowKeys.AttentionRowKey(since, RowKey);
        row.ETag = default;
        row.AttentionRowKey = null;
        row.AttentionOf = RowKey;
        row.AttentionSince = since;
        return row;
    }

    /// <summary>An empty value is not stored (docs/azurite.md): the column is left out of the row, which a replace then removes.</summary>
    private static string? Stored(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The time columns that hold a time later than <paramref name="latest"/>.</summary>
    public IReadOnlyList<string> TimesLaterThan(DateTimeOffset latest)
    {
        // Asked of every row a list reads, and almost always empty: no list until a column is found.
        List<string>? columns = null;
        void Check(DateTimeOffset? value, string name)
        {
            if (value > latest)
            {
                (columns ??= []).Add(name);
            }
        }

        Check(LastCheckedAt, nameof(LastCheckedAt));
        Check(LastSuccessAt, nameof(LastSuccessAt));
        Check(LastErrorAt, nameof(LastErrorAt));
        Check(StatusChangedAt, nameof(StatusChangedAt));
        return columns ?? [];
    }

    [IgnoreDataMember]
    public ConnectionKey Key => new(PartitionKey, RowKey);

    /// <summary>The state this row holds; a column with a value the service never writes throws a <see cref="FormatException"/> naming it.</summary>
    public ConnectionState ToState()
    {
        try
        {
            return new ConnectionState(
                WireName.Parse<Channel>(Channel),
                DisplayName,
                WireName.Parse<ConnectionStatus>(Status),
                LastCheckedAt,
                LastSuccessAt,
                LastErrorAt,
                StatusChangedAt,
                ErrorCategory is null ? null : WireName.Parse<ErrorCategory>(ErrorCategory),
                ErrorCode,
                ErrorSummary,
                ConsecutiveFailures,
                FailureWindow.Parse(FailuresByHour),
                CheckHistory.Parse(RecentResults),
                IsFlapping,
                WireName.Parse<ReportSource>(LastSource),
                LastReportId,
                VerdictAt is { } verdictAt
                    ? new ReportStamp(verdictAt, WireName.Parse<ConnectionStatus>(VerdictStatus ?? string.Empty), VerdictReportId, WireName.Parse<ReportSource>(VerdictSource ?? string.Empty))
                    : null,
                FlappingSince);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            // Rare (a hand-edited row), so finding the column can take a second look.
            var columns = new List<string>();
            if (!WireName.TryParse<Channel>(Channel, out _))
            {
                columns.Add(nameof(Channel));
            }

            if (!WireName.TryParse<ConnectionStatus>(Status, out _))
            {
                columns.Add(nameof(Status));
            }

            if (ErrorCategory is not null && !WireName.TryParse<ErrorCategory>(ErrorCategory, out _))
            {
                columns.Add(nameof(ErrorCategory));
            }

            if (!WireName.TryParse<ReportSource>(LastSource, out _))
            {
                columns.Add(nameof(LastSource));
            }

            if (VerdictAt is not null && !WireName.TryParse<ConnectionStatus>(VerdictStatus, out _))
            {
                columns.Add(nameof(VerdictStatus));
            }

            if (VerdictAt is not null && !WireName.TryParse<ReportSource>(VerdictSource, out _))
            {
                columns.Add(nameof(VerdictSource));
            }

            var where = columns.Count > 0 ? string.Join(", ", columns) : $"{nameof(FailuresByHour)} or {nameof(RecentResults)}";
            throw new FormatException($"column {where}: {e.Message}", e);
        }
    }
}
