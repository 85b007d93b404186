using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// What a list of a tenant's accounts keeps. Status, channel, error category and flapping are columns storage
/// matches (<see cref="StorageFilter"/>); a health state is computed as of now and a name is matched
/// by part, which storage cannot do, so those are decided in memory (<see cref="Matches"/>) on rows
/// read by <see cref="Scans"/>. <see cref="Matches"/> decides every part, so it also serves rows read
/// some other way (a page already read, an index row holding a copy of the status row's columns).
/// </summary>
/// <param name="Status">Accounts with this stored status.</param>
/// <param name="Channel">Accounts of this channel.</param>
/// <param name="HealthState">Accounts in this health state as of now.</param>
/// <param name="ErrorCategory">Accounts whose current error has this category: status error, not the kept last error of a recovered account.</param>
/// <param name="Search">An account-id prefix (case as written) or a part of the display name (case folded).</param>
/// <param name="Flapping">Accounts flapping (true) or not (false) as stored: flapping is a column, one of the reasons an account needs attention.</param>
public sealed record ListFilter(ConnectionStatus? Status, Channel? Channel, HealthState? HealthState = null, ErrorCategory? ErrorCategory = null, string? Search = null, bool? Flapping = null)
{
    public static readonly ListFilter None = new(null, null);

    /// <summary>As long as the longest account id: an operator who pastes a whole id finds its account.</summary>
    public const int MaxSearchLength = Identifier.MaxLength;

    /// <summary>True when storage cannot answer the filter alone, so its pages are filled in memory.</summary>
    public bool FiltersInMemory => HealthState is not null || Search is not null;

    /// <summary>The tenant's status rows with the status, channel, error category and flapping asked for.</summary>
    public string StorageFilter(string tenantId) => Within(StatusRowKeys.StatusRowsOf(tenantId));

    /// <summary>The rows of <paramref name="rows"/> (a key range's filter) with the status, channel, error category and flapping asked for; index rows carry the same columns.</summary>
    public string Within(string rows)
    {
        var parts = new List<string> { rows };
        if (Status is { } status)
        {
            parts.Add(TableClient.CreateQueryFilter($"Status eq {WireName.Of(status)}"));
        }

        if (Channel is { } channel)
        {
            parts.Add(TableClient.CreateQueryFilter($"Channel eq {WireName.Of(channel)}"));
        }

        if (ErrorCategory is { } category)
        {
            parts.Add(TableClient.CreateQueryFilter($"Status eq {WireName.Of(ConnectionStatus.Error)} and ErrorCategory eq {WireName.Of(category)}"));
        }

        if (Flapping is { } flapping)
        {
            // Every status row is written with the column (ConnectionEntity.IsFlapping), so false matches the rows that are not flapping.
            parts.Add(TableClient.CreateQueryFilter($"IsFlapping eq {flapping}"));
        }

        return string.Join(" and ", parts);
    }

    /// <summary>
    /// The ranges an in-memory filter reads, in this order, each with the row keys it admits. A search
    /// reads the id-prefix key range first (cheap: only those rows), then the whole tenant for names,
    /// leaving out the ids already answered; without a search, the whole tenant once.
    /// </summary>
    public IReadOnlyList<ListScan> Scans(string tenantId)
    {
        if (Search is not { } search)
        {
            return [new ListScan(StorageFilter(tenantId), _ => true, Narrow: false)];
        }

        var byName = new ListScan(StorageFilter(tenantId), rowKey => !IdMatches(rowKey, search), Narrow: false);
        // A text no id can start with (spaces, Thai...) has no id range to read.
        return Identifier.IsSafe(search, Identifier.MaxLength)
            ? [new ListScan(Within(StatusRowKeys.StatusRowsOf(tenantId, search, search + IdRangeEnd)), _ => true, Narrow: true), byName]
            : [byName];
    }

    /// <summary>
    /// Whether the account is kept, as the API evaluates it: <paramref name="health"/> is its health
    /// as of now under the current provider outages, asked only when a health state is filtered on.
    /// </summary>
    public bool Matches(StoredConnection stored, Func<StoredConnection, ConnectionHealth> health)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(health);
        var state = stored.State;
        return (Status is not { } status || state.Status == status)
            && (Channel is not { } channel || state.Channel == channel)
            && (ErrorCategory is not { } category || (state.Status == ConnectionStatus.Error && state.ErrorCategory == category))
            && (Flapping is not { } flapping || state.IsFlapping == flapping)
            && (Search is not { } search || IdMatches(stored.Key.ChannelAccountId, search) || NameMatches(state.DisplayName, search))
            && (HealthState is not { } healthState || health(stored).State == healthState);
    }

    // Every character an id may hold sorts before '~' (Identifier), so [q, q + "~") holds exactly the ids starting with q.
    private const string IdRangeEnd = "~";

    private static bool IdMatches(string channelAccountId, string search) => channelAccountId.StartsWith(search, StringComparison.Ordinal);

    // Ordinal case folding is culture-invariant: it folds Latin, Greek, Cyrillic and full-width letters alike, and leaves scripts without case (Thai) as they are.
    private static bool NameMatches(string? displayName, string search) => displayName is not null && displayName.Contains(search, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One range of a tenant's status rows that an in-memory filter reads, and which of its row keys it may answer.</summary>
/// <param name="Filter">The storage query of the range.</param>
/// <param name="Admits">Whether a row key of the range may be answered by this scan (not already by an earlier one).</param>
/// <param name="Narrow">True when the range holds only rows the search matches (an id range), so most of what it reads is kept.</param>
public sealed record ListScan(string Filter, Func<string, bool> Admits, bool Narrow);
