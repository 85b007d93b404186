using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The tenant registry (Tenants table, PartitionKey <see cref="TenantsPartitions.Tenant"/>): one row
/// per tenant ever written, inserted if absent before its first status row, and the shard
/// boundaries its last survey recorded, which the probe tick splits the tenant by.
/// </summary>
public sealed class TenantStore(TableServiceClient service, IOptions<StorageOptions> options, IOptions<StatusPolicy> policy, StatusRowScans scans, TimeProvider time, ILogger<TenantStore> logger)
{
    private readonly TableClient _tenants = service.GetTableClient(options.Value.TenantsTable);
    private readonly int _attempts = options.Value.WriteAttempts;

    /// <summary>Keeps a tenant's boundaries well inside a string column's 64 KiB (ids up to 128 characters).</summary>
    public const int MaxShards = 200;

    private const string StatusRowsColumn = "StatusRows";
    private const string ShardBoundsColumn = "ShardBounds";
    private const string SurveyedAtColumn = "SurveyedAt";

    // Tenants this instance has registered or seen registered: their next new account skips the insert (and its 409).
    private readonly ConcurrentDictionary<string, byte> _knownTenants = new(StringComparer.Ordinal);

    /// <summary>Inserts the tenant's row if absent; called before a tenant's new status row is written.</summary>
    public async Task RegisterAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_knownTenants.ContainsKey(tenantId))
        {
            return;
        }

        try
        {
            await _tenants.AddEntityAsync(new TableEntity(TenantsPartitions.Tenant, tenantId) { ["FirstSeenAt"] = time.GetUtcNow() }, cancellationToken);
            _knownTenants.TryAdd(tenantId, 0);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already known: insert-if-absent is all that is wanted.
            _knownTenants.TryAdd(tenantId, 0);
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            await _tenants.CreateIfNotExistsAsync(cancellationToken);
            await RegisterAsync(tenantId, cancellationToken);
        }
    }

    /// <summary>Whether the tenant has a Tenants row, i.e. whether any account of it was ever written (one point read of its key).</summary>
    public async Task<bool> IsRegisteredAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            return (await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantsPartitions.Tenant, tenantId, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Up to <paramref name="pageSize"/> registered tenants after <paramref name="after"/> (null: from
    /// the first), in id order, with what their last survey counted: one query of the registry.
    /// </summary>
    public async Task<IReadOnlyList<RegisteredTenant>> ListRegisteredAsync(string? after, int pageSize, CancellationToken cancellationToken)
    {
        var tenants = new List<RegisteredTenant>(pageSize);
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TenantsPartitions.Tenant} and RowKey gt {after ?? string.Empty}");
            var latest = StoredTime.LatestReadable(time, policy.Value);
            await foreach (var row in _tenants.QueryAsync<TableEntity>(filter, Math.Min(pageSize, 1000), ["RowKey", StatusRowsColumn, SurveyedAtColumn], cancellationToken))
            {
                tenants.Add(ReadRegistered(row, latest));
                if (tenants.Count == pageSize)
                {
                    break;
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return tenants;
    }

    /// <summary>The tenant's registry row as the directory shows it; null when the tenant was never registered (one point read).</summary>
    public async Task<RegisteredTenant?> FindAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            var row = await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantsPartitions.Tenant, tenantId, select: ["RowKey", StatusRowsColumn, SurveyedAtColumn], cancellationToken: cancellationToken);
            return row.HasValue ? ReadRegistered(row.Value!, StoredTime.LatestReadable(time, policy.Value)) : null;
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return null;
        }
    }

    /// <summary>A survey's count with its time, or neither: a column edited by hand is not shown as a count.</summary>
    private static RegisteredTenant ReadRegistered(TableEntity row, DateTimeOffset latest)
    {
        var badColumns = new List<string>();
        var count = TableColumns.Get<int>(row, StatusRowsColumn, badColumns);
        var surveyedAt = TableColumns.Get<DateTimeOffset>(row, SurveyedAtColumn, badColumns);
        return badColumns.Count == 0 && count is not null && surveyedAt is { } at && at <= latest
            ? new RegisteredTenant(row.RowKey, count, at)
            : new RegisteredTenant(row.RowKey, null, null);
    }

    /// <summary>Each tenant with the shard boundaries its last survey recorded (none: probed as one request).</summary>
    public async Task<IReadOnlyList<TenantShards>> ListShardsAsync(CancellationToken cancellationToken)
    {
        var tenants = new List<TenantShards>();
        try
        {
            var latest = StoredTime.LatestReadable(time, policy.Value);
            await foreach (var row in _tenants.QueryAsync<TableEntity>(e => e.PartitionKey == TenantsPartitions.Tenant, select: ["RowKey", ShardBoundsColumn, SurveyedAtColumn], cancellationToken: cancellationToken))
            {
                tenants.Add(ReadTenant(row, latest));
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return tenants;
    }

    /// <summary>
    /// Counts a tenant's status rows and records on its Tenants row the row key at every shard-th
    /// row, so the next ticks can split it without reading it. At most <see cref="MaxShards"/>
    /// shards: past that, shards grow instead. The rows are read once, with the index entry each
    /// names, and returned for the survey's removal of orphan index entries.
    /// </summary>
    public async Task<TenantSurvey> SurveyAsync(string tenantId, int shardSize, CancellationToken cancellationToken)
    {
        var rows = await scans.ListSurveyRowsAsync(tenantId, cancellationToken);
        var step = Math.Max(shardSize, (rows.Count + MaxShards - 1) / MaxShards);
        var bounds = rows.Where((_, i) => i > 0 && i % step == 0).Select(row => row.ChannelAccountId).ToList();
        var surveyedAt = time.GetUtcNow();
        var survey = new Dictionary<string, object?> { [StatusRowsColumn] = rows.Count, [ShardBoundsColumn] = bounds.Count > 0 ? string.Join(' ', bounds) : null, [SurveyedAtColumn] = surveyedAt };
        await ReplaceColumnsAsync(tenantId, survey, cancellationToken);
        return new TenantSurvey(new TenantShards(tenantId, bounds, surveyedAt), rows);
    }

    /// <summary>
    /// Sets the given columns of a Tenants row and keeps its others (FirstSeenAt), leaving out the
    /// empty ones. A merge cannot remove a column, so the row is replaced, under its ETag: of two
    /// surveys at once the second re-reads and writes again (both are right).
    /// </summary>
    private async Task ReplaceColumnsAsync(string tenantId, Dictionary<string, object?> columns, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantsPartitions.Tenant, tenantId, cancellationToken: cancellationToken);
            var row = new TableEntity(TenantsPartitions.Tenant, tenantId);
            if (existing.HasValue)
            {
                foreach (var (name, value) in existing.Value!)
                {
                    if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") && !columns.ContainsKey(name))
                    {
                        row[name] = value;
                    }
                }
            }

            foreach (var (name, value) in columns)
            {
                if (value is not null)
                {
                    row[name] = value;
                }
            }

            try
            {
                _ = existing.HasValue
                    ? await _tenants.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
                    : await _tenants.AddEntityAsync(row, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < _attempts)
            {
                // Real time on purpose: the back-off spaces out storage calls.
                await Task.Delay(TableRetry.Backoff(attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// A Tenants row as the tick needs it. A survey column edited by hand (another type, bounds that
    /// are not ascending ids, a survey time later than now) would fail every tick or misplace the
    /// tenant's shards: the tenant is then probed as one request and surveyed again, which rewrites the row.
    /// </summary>
    private TenantShards ReadTenant(TableEntity row, DateTimeOffset latest)
    {
        var badColumns = new List<string>();
        var bounds = TableColumns.GetString(row, ShardBoundsColumn, badColumns)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var surveyedAt = TableColumns.Get<DateTimeOffset>(row, SurveyedAtColumn, badColumns);
        if (!bounds.All(Identifier.IsValid) || bounds.Zip(bounds.Skip(1)).Any(pair => string.CompareOrdinal(pair.First, pair.Second) >= 0))
        {
            badColumns.Add(ShardBoundsColumn);
        }

        if (surveyedAt > latest)
        {
            badColumns.Add(SurveyedAtColumn);
        }

        if (badColumns.Count == 0)
        {
            return new TenantShards(row.RowKey, bounds, surveyedAt);
        }

        logger.LogError("Tenants row {TenantId} cannot be read (column {Columns}): probed whole and surveyed again", row.RowKey, string.Join(", ", badColumns));
        return new TenantShards(row.RowKey, [], null);
    }
}
