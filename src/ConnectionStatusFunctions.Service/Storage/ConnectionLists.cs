using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The reads of a tenant's status rows as pages of accounts: the plain list (storage's own pages
/// and filters), the in-memory filters and search (<see cref="ListFilter.Scans"/>), and every page in
/// turn for the summary. Reads only: the rows are written by <see cref="ConnectionStore"/>.
/// </summary>
public sealed class ConnectionLists(TableServiceClient service, IOptions<StorageOptions> options, StatusRowReader reader)
{
    private readonly TableClient _connections = service.GetTableClient(options.Value.ConnectionsTable);

    public async Task<ConnectionPage> ListAsync(string tenantId, ListFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var storageToken = ContinuationTokens.Open(continuationToken, tenantId);
        var query = _connections.QueryAsync<TableEntity>(filter.StorageFilter(tenantId), pageSize, StatusRowReader.ViewColumns, cancellationToken);
        try
        {
            await foreach (var page in query.AsPages(storageToken, pageSize).WithCancellation(cancellationToken))
            {
                var items = new List<StoredConnection>(page.Values.Count);
                var unreadable = new List<UnreadableRow>();
                foreach (var entity in page.Values)
                {
                    if (reader.TryRead(entity, out var stored, out var row, out _))
                    {
                        items.Add(stored!);
                    }
                    else
                    {
                        unreadable.Add(row!);
                    }
                }

                return new ConnectionPage(items, unreadable, ContinuationTokens.Seal(page.ContinuationToken, tenantId));
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return new ConnectionPage([], [], null);
    }


    /// <summary>
    /// A page of up to <paramref name="pageSize"/> accounts that <paramref name="matches"/> keeps, read
    /// from the filter's <see cref="ListFilter.Scans"/> over as many storage pages as it takes, so that
    /// only the last page is short. The continuation token is the position of the last row answered
    /// (which scan, which row key), not storage's token, which would point into the middle of a page.
    /// Only the columns a view needs are read (<see cref="StatusRowReader.ViewColumns"/>).
    /// </summary>
    public async Task<ConnectionPage> ListMatchingAsync(string tenantId, ListFilter filter, Func<StoredConnection, bool> matches, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(matches);
        var scope = PositionScope(tenantId);
        var scans = filter.Scans(tenantId);
        var (first, after) = ContinuationTokens.Open(continuationToken, scope) is { } position ? ListPosition.Parse(position, scans.Count) : new ListPosition(0, null);
        var items = new List<StoredConnection>(pageSize);
        var unreadable = new List<UnreadableRow>();
        try
        {
            for (var scan = first; scan < scans.Count; scan++, after = null)
            {
                var range = after is null ? scans[scan].Filter : $"{scans[scan].Filter} and {TableClient.CreateQueryFilter($"RowKey gt {after}")}";
                var (read, kept) = (0, 0);
                string? storageToken = null;
                do
                {
                    var take = RowsToAsk(pageSize - items.Count, read, kept, scans[scan].Narrow);
                    var page = await FirstPageAsync(_connections.QueryAsync<TableEntity>(range, take, StatusRowReader.ViewColumns, cancellationToken), storageToken, take, cancellationToken);
                    for (var i = 0; i < page.Values.Count; i++)
                    {
                        var entity = page.Values[i];
                        read++;
                        if (!scans[scan].Admits(entity.RowKey))
                        {
                            continue;
                        }

                        if (!reader.TryRead(entity, out var stored, out var row, out _))
                        {
                            unreadable.Add(row!);
                        }
                        else if (matches(stored!))
                        {
                            kept++;
                            items.Add(stored!);
                            if (items.Count == pageSize)
                            {
                                var more = i < page.Values.Count - 1 || page.ContinuationToken is not null || scan < scans.Count - 1;
                                return new ConnectionPage(items, unreadable, more ? ContinuationTokens.Seal(new ListPosition(scan, entity.RowKey).ToString(), scope) : null);
                            }
                        }
                    }

                    storageToken = page.ContinuationToken;
                }
                while (storageToken is not null);
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return new ConnectionPage(items, unreadable, null);
    }

    /// <summary>Storage's largest page.</summary>
    private const int MaxStoragePage = 1000;

    /// <summary>
    /// How many rows to ask storage for next: what the page still needs over the share of rows kept
    /// so far. A narrow scan (an id range) starts as if every row matched, so the first page of an id
    /// search reads about as much as a plain page; a wide one (a name search) starts at storage's
    /// largest page, as a sparse match reads the fewest round trips that way.
    /// </summary>
    private static int RowsToAsk(int needed, int read, int kept, bool narrow) =>
        read == 0 ? (narrow ? needed : MaxStoragePage)
        : kept == 0 ? MaxStoragePage
        : (int)Math.Clamp((long)needed * read / kept + 1, needed, MaxStoragePage);

    private static async Task<Page<TableEntity>> FirstPageAsync(AsyncPageable<TableEntity> query, string? storageToken, int take, CancellationToken cancellationToken)
    {
        await foreach (var page in query.AsPages(storageToken, take).WithCancellation(cancellationToken))
        {
            return page;
        }

        throw new InvalidOperationException("A table query answered no page at all.");
    }

    // Not an id character, so no history scope ("tenant/account") can read as it: a token of the plain list or of a history is refused here.
    private static string PositionScope(string tenantId) => $"{tenantId} position";

    /// <summary>Every page of the tenant's status rows, each with the rows it could not read.</summary>
    public async IAsyncEnumerable<ConnectionPage> ListAllAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await ListAsync(tenantId, ListFilter.None, 1000, token, cancellationToken);
            yield return page;
            token = page.ContinuationToken;
        }
        while (token is not null);
    }
}
