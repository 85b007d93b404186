using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// Scans of one tenant's status rows by row-key range (a shard), each filtered by the table and
/// returning only the columns its caller needs: the rows due for a probe, the connected rows gone
/// silent, and every row key with the index entry it names for the survey. Reads only; the rows are written by <see cref="ConnectionStore"/>.
/// </summary>
public sealed class StatusRowScans(TableServiceClient service, IOptions<StorageOptions> options, IOptions<StatusPolicy> policy, TimeProvider time)
{
    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);

    /// <summary>
    /// The status rows of one tenant's row-key range [from, to) that are due: not disconnected, of
    /// a probed channel, and last checked at or before <paramref name="checkedBefore"/>. The table
    /// filters; only the columns the worker orders by come back.
    /// </summary>
    public async IAsyncEnumerable<DueAccount> ListDueAsync(
        string tenantId, string? from, string? to, DateTimeOffset checkedBefore, IReadOnlyCollection<Channel> channels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (channels.Count == 0)
        {
            yield break;
        }

        // Named statuses rather than "not disconnected": a row edited by hand into an unknown status is skipped, as a listing skips it.
        var (connected, error, stale) = (WireName.Of(ConnectionStatus.Connected), WireName.Of(ConnectionStatus.Error), WireName.Of(ConnectionStatus.Stale));
        // A LastCheckedAt later than any accepted report was typed in: due, so that the probe's report replaces the row.
        var filter = StatusRowKeys.StatusRowsOf(tenantId, from, to)
            + TableClient.CreateQueryFilter($" and (LastCheckedAt le {checkedBefore} or LastCheckedAt gt {StoredTime.LatestReadable(time, policy.Value)}) and (Status eq {connected} or Status eq {error} or Status eq {stale})")
            + " and (" + string.Join(" or ", channels.Select(c => TableClient.CreateQueryFilter($"Channel eq {WireName.Of(c)}"))) + ")";
        var rows = _connections.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "Channel", "LastCheckedAt", "Status", "ErrorCategory"], cancellationToken: cancellationToken);
        await foreach (var row in UnlessTableMissing(rows, cancellationToken))
        {
            // Column by column: a cell retyped by hand spoils only its own row's order, never the request.
            if (WireName.TryParse<Channel>(TableColumns.GetString(row, "Channel"), out var channel))
            {
                var rateLimited = TableColumns.GetString(row, "Status") == error && TableColumns.GetString(row, "ErrorCategory") == WireName.Of(ErrorCategory.RateLimit);
                yield return new DueAccount(new ConnectionKey(tenantId, row.RowKey), channel, TableColumns.Get<DateTimeOffset>(row, "LastCheckedAt") ?? DateTimeOffset.MinValue, rateLimited);
            }
        }
    }

    /// <summary>
    /// The connected accounts of one tenant's row-key range [from, to) with no report for their
    /// channel's StaleAfter as of <paramref name="now"/>: one query, filtered by the table on status,
    /// channel and last check (one clause per distinct limit), returning row keys only.
    /// </summary>
    public async IAsyncEnumerable<ConnectionKey> ListSilentAsync(string tenantId, string? from, string? to, DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rules = policy.Value;
        var ownLimits = rules.StaleAfterByChannel.Keys.Where(name => WireName.TryParse<Channel>(name, out _)).ToList();
        var clauses = ownLimits
            .Select(name => TableClient.CreateQueryFilter($"(Channel eq {name} and LastCheckedAt le {now - rules.StaleAfterByChannel[name]})"))
            .Append("(" + string.Join(" and ", ownLimits.Select(name => TableClient.CreateQueryFilter($"Channel ne {name}")).Append(TableClient.CreateQueryFilter($"LastCheckedAt le {now - rules.StaleAfter}"))) + ")");
        var filter = StatusRowKeys.StatusRowsOf(tenantId, from, to)
            + TableClient.CreateQueryFilter($" and Status eq {WireName.Of(ConnectionStatus.Connected)}")
            + " and (" + string.Join(" or ", clauses) + ")";
        var rows = _connections.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken);
        await foreach (var row in UnlessTableMissing(rows, cancellationToken))
        {
            yield return new ConnectionKey(tenantId, row.RowKey);
        }
    }

    /// <summary>
    /// Every status row of the tenant, in order, with the index entry it names, for the hourly
    /// survey: the row keys cut the shards and the names show which index entries are orphans. Two
    /// columns come back per row.
    /// </summary>
    public async Task<IReadOnlyList<SurveyedRow>> ListSurveyRowsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var surveyed = new List<SurveyedRow>();
        var rows = _connections.QueryAsync<TableEntity>(StatusRowKeys.StatusRowsOf(tenantId), maxPerPage: 1000, select: ["RowKey", nameof(ConnectionEntity.AttentionRowKey)], cancellationToken: cancellationToken);
        await foreach (var row in UnlessTableMissing(rows, cancellationToken))
        {
            // A column retyped by hand names no entry; the survey then treats its entry, if any, as an orphan to ask again.
            surveyed.Add(new SurveyedRow(row.RowKey, row.TryGetValue(nameof(ConnectionEntity.AttentionRowKey), out var named) ? named as string : null));
        }

        return surveyed;
    }

    /// <summary>The rows of a query, or none while the table does not exist yet.</summary>
    private static async IAsyncEnumerable<TableEntity> UnlessTableMissing(AsyncPageable<TableEntity> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }
}
