using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>
/// A tenant's hourly survey, run for the probe queue's survey requests: it reads every status row
/// once (counting the accounts and re-cutting the probe shards), and since it has, it also keeps the
/// attention index whole (entries no row names go, accounts needing attention without an entry
/// join) and removes tombstones too old to guard anything.
/// </summary>
public sealed class TenantSurvey(
    TenantStore tenants,
    ConnectionStore connections,
    AccountDeletionStore deletions,
    AttentionIndexStore attention,
    IOptions<ProbeOptions> options,
    ILogger<TenantSurvey> logger)
{
    public async Task RunAsync(string tenantId, CancellationToken cancellationToken)
    {
        var survey = await tenants.SurveyAsync(tenantId, options.Value.ShardSize, cancellationToken);
        // The survey has read every status row anyway: the index entries none of them names go here, so no list or directory page has to.
        var orphans = await attention.RemoveOrphansAsync(tenantId, survey.StatusRows, cancellationToken);
        var joined = await connections.JoinAttentionIndexAsync(tenantId, cancellationToken);
        // Tombstones past StatusPolicy:MaxReportAge guard nothing: any report they would refuse is refused as too old.
        var tombstones = await deletions.RemoveOldTombstonesAsync(tenantId, cancellationToken);
        // Hourly for every tenant: only a survey that changed the index or removed tombstones is worth a line at Information.
        logger.Log(
            joined > 0 || orphans > 0 || tombstones > 0 ? LogLevel.Information : LogLevel.Debug,
            "Surveyed tenant {TenantId}: {Shards} shards, {Orphans} orphan index entries removed, {Joined} accounts joined the attention index, {Tombstones} old tombstones removed",
            tenantId, survey.Shards.Bounds.Count + 1, orphans, joined, tombstones);
    }
}
