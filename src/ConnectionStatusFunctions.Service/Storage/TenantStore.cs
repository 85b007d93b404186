using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Deletion;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// The tenant registry (Tenants table, PartitionKey <see cref="TenantsPartitions.Tenant"/>): one row
/// per tenant ever written, inserted if absent before its first status row, and the shard
/// boundaries its last survey recorded, which the probe tick splits the tenant by. A deleted
/// tenant's row becomes its tombstone (<see cref="TenantDeletion"/>): no tick, directory or report
/// sees it as a tenant, and its deletion job records its progress there (docs/status-engine.md).
/// Long because the registry, the deletion tombstone and the survey's shard boundaries are columns of the same row, written through one conditional replace.
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

    private const string FirstSeenAtColumn = "FirstSeenAt";
    private const string DeletedAtColumn = "DeletedAt";
    private const string DeletedByColumn = "DeletedBy";
    private const string DeletionStateColumn = "DeletionState";
    private const string RowsRemovedColumn = "RowsRemoved";
    private const string DeletionFinishedAtColumn = "DeletionFinishedAt";
    private const string DeletionFailureColumn = "DeletionFailure";

    // On a tenant created again after its deletion: that deletion's time, which still refuses a late report observed up to it plus StatusPolicy:MaxClockSkew.
    private const string PreviousDeletedAtColumn = "PreviousDeletedAt";

    // Tenants this instance has found writable, with when (its clock): a report to one skips the
    // registry until the entry is older than Storage:KnownTenantRecheck, so another instance's
    // tombstone is learned within that much time (the deletion job waits as long before its last pass).
    private readonly ConcurrentDictionary<string, LiveTenant> _knownTenants = new(StringComparer.Ordinal);
    private readonly TimeSpan _recheck = options.Value.KnownTenantRecheck;

    /// <summary>
    /// Called before every report is written: inserts the tenant's row if absent, and refuses a
    /// tenant with a tombstone (<see cref="TenantDeletedException"/>) unless its deletion is done and
    /// the report was observed after it and the allowed clock skew (<see cref="StatusPolicy.RefusedUpTo"/>),
    /// which creates the tenant again (a fresh registry row that keeps the deletion's time: a report
    /// observed up to then is refused for good, as it was by the tombstone). One point read per tenant per <see cref="StorageOptions.KnownTenantRecheck"/> per instance.
    /// </summary>
    public async Task EnsureWritableAsync(string tenantId, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (KnownLive(tenantId, now) is { } known)
        {
            RefuseIfObservedBeforeDeletion(tenantId, known, observedAt);
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantsPartitions.Tenant, tenantId, select: ["RowKey", DeletedAtColumn, DeletedByColumn, DeletionStateColumn, RowsRemovedColumn, DeletionFinishedAtColumn, DeletionFailureColumn, PreviousDeletedAtColumn], cancellationToken: cancellationToken);
                LiveTenant live;
                if (!existing.HasValue)
                {
                    await _tenants.AddEntityAsync(new TableEntity(TenantsPartitions.Tenant, tenantId) { [FirstSeenAtColumn] = now }, cancellationToken);
                    live = new LiveTenant(now, null);
                }
                else if (ReadDeletion(existing.Value!) is { } deletion)
                {
                    _knownTenants.TryRemove(tenantId, out _);
                    if (Refuses(deletion, observedAt))
                    {
                        throw new TenantDeletedException(tenantId, deletion.RequestedAt);
                    }

                    // Under the tombstone's ETag: of two reports creating it again, one writes and the other re-reads a live row.
                    await _tenants.UpdateEntityAsync(new TableEntity(TenantsPartitions.Tenant, tenantId) { [FirstSeenAtColumn] = now, [PreviousDeletedAtColumn] = deletion.RequestedAt }, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                    logger.LogInformation("Tenant {TenantId}, deleted at {DeletedAt:O}, created again by a report observed at {ObservedAt:O}", tenantId, deletion.RequestedAt, observedAt);
                    live = new LiveTenant(now, deletion.RequestedAt);
                }
                else
                {
                    live = ReadLive(existing.Value!, now);
                }

                _knownTenants[tenantId] = live;
                RefuseIfObservedBeforeDeletion(tenantId, live, observedAt);
                return;
            }
            catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
            {
                await _tenants.CreateIfNotExistsAsync(cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < _attempts)
            {
                // Another writer inserted, tombstoned or re-created the row first: read it again.
                await Task.Delay(TableRetry.Backoff(attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Refuses the report as <see cref="EnsureWritableAsync"/> would (<see cref="TenantDeletedException"/>)
    /// without registering the tenant: for a report about to be refused for another reason, so that
    /// its caller learns the tenant's deletion, which no retry changes, first.
    /// </summary>
    public async Task RefuseIfDeletedAsync(string tenantId, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (KnownLive(tenantId, now) is { } known)
        {
            RefuseIfObservedBeforeDeletion(tenantId, known, observedAt);
            return;
        }

        switch (await FindRowAsync(tenantId, cancellationToken))
        {
            case { } row when ReadDeletion(row) is { } deletion:
                if (Refuses(deletion, observedAt))
                {
                    throw new TenantDeletedException(tenantId, deletion.RequestedAt);
                }

                break;
            case { } row:
                RefuseIfObservedBeforeDeletion(tenantId, ReadLive(row, now), observedAt);
                break;
        }
    }

    /// <summary>A tombstone refuses every report until its deletion is done, and then any observed up to its last refused instant.</summary>
    private bool Refuses(TenantDeletion deletion, DateTimeOffset observedAt) =>
        deletion.State != TenantDeletionState.Done || observedAt <= policy.Value.RefusedUpTo(deletion.RequestedAt);

    private LiveTenant? KnownLive(string tenantId, DateTimeOffset now) =>
        _knownTenants.TryGetValue(tenantId, out var known) && known.LearnedAt <= now && now - known.LearnedAt < _recheck ? known : null;

    private void RefuseIfObservedBeforeDeletion(string tenantId, LiveTenant live, DateTimeOffset observedAt)
    {
        if (live.PreviousDeletedAt is { } deletedAt && observedAt <= policy.Value.RefusedUpTo(deletedAt))
        {
            throw new TenantDeletedException(tenantId, deletedAt);
        }
    }

    /// <summary>A live row as the cache keeps it; a deletion time edited by hand into another type refuses nothing.</summary>
    private static LiveTenant ReadLive(TableEntity row, DateTimeOffset now) =>
        new(now, row.TryGetValue(PreviousDeletedAtColumn, out var value) && value is DateTimeOffset deletedAt ? deletedAt : null);

    /// <summary>A tenant this instance found live, when (its clock), and the time of the deletion it was created again after, if any.</summary>
    private sealed record LiveTenant(DateTimeOffset LearnedAt, DateTimeOffset? PreviousDeletedAt);

    /// <summary>
    /// Whether reads hide the tenant: from its tombstone on (while its deletion job runs too) until a
    /// report creates it again. Learned as <see cref="EnsureWritableAsync"/> learns a live tenant, so a
    /// read costs one point read per tenant per <see cref="StorageOptions.KnownTenantRecheck"/> per
    /// instance; the instance that wrote the tombstone hides the tenant at once, another within that time.
    /// </summary>
    public async Task<bool> IsDeletedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (KnownLive(tenantId, now) is not null)
        {
            return false;
        }

        var row = await FindRowAsync(tenantId, cancellationToken);
        if (row is not null && !IsTombstone(row))
        {
            _knownTenants[tenantId] = ReadLive(row, now);
        }

        return row is not null && IsTombstone(row);
    }

    /// <summary>Whether the tenant has a live Tenants row, i.e. whether any account of it was ever written and it is not deleted (one point read of its key).</summary>
    public async Task<bool> IsRegisteredAsync(string tenantId, CancellationToken cancellationToken) =>
        await RegistrationOfAsync(tenantId, cancellationToken) == TenantRegistration.Live;

    /// <summary>Whether the tenant was never written, is live, or carries a tombstone (one point read of its key).</summary>
    public async Task<TenantRegistration> RegistrationOfAsync(string tenantId, CancellationToken cancellationToken) =>
        await FindRowAsync(tenantId, cancellationToken) is not { } row ? TenantRegistration.None : IsTombstone(row) ? TenantRegistration.Deleted : TenantRegistration.Live;

    private async Task<TableEntity?> FindRowAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            var row = await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantsPartitions.Tenant, tenantId, select: ["RowKey", DeletedAtColumn, DeletionStateColumn, PreviousDeletedAtColumn], cancellationToken: cancellationToken);
            return row.HasValue ? row.Value : null;
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return null;
        }
    }

    private static bool IsTombstone(TableEntity row) => row.TryGetValue(DeletedAtColumn, out var value) && value is not null;

    /// <summary>
    /// Replaces a live tenant's row with its tombstone (its survey columns go with it, so the next
    /// tick has nothing of it to probe), under its ETag. A tenant already tombstoned keeps its
    /// tombstone (the same job); a failed one is set pending again. Returns the deletion, or null for
    /// a tenant never registered.
    /// </summary>
    public async Task<TenantDeletion?> MarkDeletedAsync(string tenantId, string requestedBy, CancellationToken cancellationToken)
    {
        _knownTenants.TryRemove(tenantId, out _);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantsPartitions.Tenant, tenantId, cancellationToken: cancellationToken);
                if (!existing.HasValue)
                {
                    return null;
                }

                if (ReadDeletion(existing.Value!) is { } deletion)
                {
                    return deletion.State == TenantDeletionState.Failed
                        ? await UpdateDeletionAsync(tenantId, d => d with { State = TenantDeletionState.Pending, FailureReason = null }, cancellationToken)
                        : deletion;
                }

                var now = time.GetUtcNow();
                var tombstone = new TableEntity(TenantsPartitions.Tenant, tenantId)
                {
                    [DeletedAtColumn] = now,
                    [DeletedByColumn] = requestedBy,
                    [DeletionStateColumn] = WireName.Of(TenantDeletionState.Pending),
                    [RowsRemovedColumn] = 0L,
                };
                if (existing.Value!.TryGetValue(FirstSeenAtColumn, out var firstSeen) && firstSeen is DateTimeOffset)
                {
                    tombstone[FirstSeenAtColumn] = firstSeen;
                }

                await _tenants.UpdateEntityAsync(tombstone, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                // Again: a read here may have learned the row as live between the first removal and the tombstone.
                _knownTenants.TryRemove(tenantId, out _);
                return new TenantDeletion(tenantId, TenantDeletionState.Pending, now, requestedBy, 0, null, null);
            }
            catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
            {
                return null;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < _attempts)
            {
                await Task.Delay(TableRetry.Backoff(attempt), cancellationToken);
            }
        }
    }

    /// <summary>The tenant's tombstone, or null when it has none (never registered, live, or created again since).</summary>
    public async Task<TenantDeletion?> FindDeletionAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            var row = await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantsPartitions.Tenant, tenantId, cancellationToken: cancellationToken);
            return row.HasValue ? ReadDeletion(row.Value!) : null;
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Changes the tombstone as <paramref name="change"/> says (null: leave it), under its ETag, so a
    /// late worker never undoes a later state (a done deletion stays done). Returns the tombstone as
    /// written or found; null when there is none any more.
    /// </summary>
    public async Task<TenantDeletion?> UpdateDeletionAsync(string tenantId, Func<TenantDeletion, TenantDeletion?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantsPartitions.Tenant, tenantId, cancellationToken: cancellationToken);
            if (!existing.HasValue || ReadDeletion(existing.Value!) is not { } deletion)
            {
                return null;
            }

            if (change(deletion) is not { } next || next == deletion)
            {
                return deletion;
            }

            var row = new TableEntity(TenantsPartitions.Tenant, tenantId)
            {
                [DeletionStateColumn] = WireName.Of(next.State),
                [RowsRemovedColumn] = next.RowsRemoved,

                // A merge cannot remove a column: a failure reason cleared is written empty, and read as none.
                [DeletionFailureColumn] = next.FailureReason ?? string.Empty,
            };
            if (next.FinishedAt is { } finishedAt)
            {
                row[DeletionFinishedAtColumn] = finishedAt;
            }

            try
            {
                await _tenants.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Merge, cancellationToken);
                return next;
            }
            catch (RequestFailedException e) when (e.Status is 412 && attempt < _attempts * 4)
            {
                await Task.Delay(TableRetry.Backoff(attempt), cancellationToken);
            }
        }
    }

    /// <summary>The tombstone a row carries, or null for a live row; a state edited by hand into something unknown reads as failed (a DELETE again resumes it).</summary>
    private static TenantDeletion? ReadDeletion(TableEntity row)
    {
        if (!IsTombstone(row))
        {
            return null;
        }

        var badColumns = new List<string>();
        var deletedAt = TableColumns.Get<DateTimeOffset>(row, DeletedAtColumn, badColumns) ?? DateTimeOffset.MaxValue;
        var state = WireName.TryParse<TenantDeletionState>(TableColumns.GetString(row, DeletionStateColumn, badColumns), out var read) ? read : TenantDeletionState.Failed;
        var failure = TableColumns.GetString(row, DeletionFailureColumn, badColumns);
        return new TenantDeletion(
            row.RowKey,
            state,
            deletedAt,
            TableColumns.GetString(row, DeletedByColumn, badColumns) ?? string.Empty,
            TableColumns.Get<long>(row, RowsRemovedColumn, badColumns) ?? 0,
            TableColumns.Get<DateTimeOffset>(row, DeletionFinishedAtColumn, badColumns),
            string.IsNullOrEmpty(failure) ? null : failure);
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
            await foreach (var row in _tenants.QueryAsync<TableEntity>(filter, Math.Min(pageSize, 1000), ["RowKey", StatusRowsColumn, SurveyedAtColumn, DeletedAtColumn], cancellationToken))
            {
                if (IsTombstone(row))
                {
                    continue;
                }

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

    /// <summary>The tenant's registry row as the directory shows it; null when the tenant was never registered or is deleted (one point read).</summary>
    public async Task<RegisteredTenant?> FindAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            var row = await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantsPartitions.Tenant, tenantId, select: ["RowKey", StatusRowsColumn, SurveyedAtColumn, DeletedAtColumn], cancellationToken: cancellationToken);
            return row.HasValue && !IsTombstone(row.Value!) ? ReadRegistered(row.Value!, StoredTime.LatestReadable(time, policy.Value)) : null;
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
            await foreach (var row in _tenants.QueryAsync<TableEntity>(e => e.PartitionKey == TenantsPartitions.Tenant, select: ["RowKey", ShardBoundsColumn, SurveyedAtColumn, DeletedAtColumn], cancellationToken: cancellationToken))
            {
                if (IsTombstone(row))
                {
                    // Deleted: no tick probes or surveys it from the moment its tombstone is written.
                    continue;
                }

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
