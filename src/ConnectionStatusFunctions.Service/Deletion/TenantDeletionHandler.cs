using System.Text.Json;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Webhooks;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Deletion;

/// <summary>
/// The tenant deletion queue's handler, whoever delivers the message (the Functions queue trigger or
/// the standalone listener): removes a tombstoned tenant's rows, recording on its tombstone how many
/// after every transaction. Every step deletes what is still there, so a job stopped anywhere (a
/// process killed, a message redelivered, two deliveries at once) resumes where it stopped. A
/// message makes at most <see cref="TenantDeletionQueueOptions.BatchesPerMessage"/> transactions and
/// then queues its continuation. The tenant is done only after a whole pass that started once every
/// instance's cache of known tenants has learned the tombstone (<see cref="StorageOptions.KnownTenantRecheck"/>):
/// until then a report admitted by an older cache entry may have written a row behind the pass, so
/// the job comes back for it. The tombstone is read again before every transaction and every other
/// step: a delivery that finds it done (another delivery finished), gone (the tenant created again)
/// or replaced by a later deletion stops, so a stale delivery never removes a re-created tenant's
/// rows. A malformed message is poisoned at once; a message that fails on every
/// delivery is poisoned and its tombstone marked failed (a DELETE again resumes it).
/// </summary>
public sealed class TenantDeletionHandler(
    TenantStore tenants,
    AccountDeletionStore accounts,
    ProbeCountStore probeCounts,
    QueuedShardStore queuedShards,
    WebhookStore webhooks,
    IWebhookSecrets secrets,
    QueueServiceClient queues,
    PoisonRecords poisonRecords,
    IOptions<TenantDeletionQueueOptions> queueOptions,
    IOptions<StorageOptions> storageOptions,
    TimeProvider time,
    ILogger<TenantDeletionHandler> logger) : IQueueMessageHandler<TenantDeletionQueueOptions>
{
    public const int MaxMessageLength = 1024;

    Task IQueueMessageHandler<TenantDeletionQueueOptions>.HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken) =>
        HandleAsync(message, dequeueCount, cancellationToken);

    /// <summary>The tombstone as this delivery left it; null when the message was poisoned or the tenant has no tombstone (created again since).</summary>
    public async Task<TenantDeletion?> HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!TryRead(message, out var tenantId, out var problem))
        {
            await PoisonAsync(message, problem, dequeueCount, cancellationToken);
            return null;
        }

        var passStartedAt = time.GetUtcNow();
        var deletion = await tenants.UpdateDeletionAsync(tenantId, d => d.State == TenantDeletionState.Done ? null : d with { State = TenantDeletionState.Running, FailureReason = null }, cancellationToken);
        if (deletion is null)
        {
            logger.LogInformation("Tenant deletion job for {TenantId} found no tombstone (the tenant was created again after its deletion): nothing to do", tenantId);
            return null;
        }

        if (deletion.State == TenantDeletionState.Done)
        {
            return deletion;
        }

        // Several deliveries of the job may be under way at once (each DELETE before done queues
        // one): when another finishes it and a report creates the tenant again, this one must not
        // go on removing the new tenant's rows, so the tombstone is read again before every
        // transaction and every other step, and a delivery that finds it done, gone or replaced stops.
        TenantDeletion started = deletion;
        var stopped = false;
        async Task<bool> StillDeletingAsync(CancellationToken token)
        {
            if (stopped)
            {
                return false;
            }

            var current = await tenants.FindDeletionAsync(tenantId, token);
            if (current is { State: not TenantDeletionState.Done } && current.RequestedAt == started.RequestedAt)
            {
                return true;
            }

            stopped = true;
            deletion = current;
            logger.LogInformation(
                "Tenant deletion job for {TenantId} stopped: its tombstone of {RequestedAt:O} is {Found}, so another delivery finished it or the tenant was created again",
                tenantId,
                started.RequestedAt,
                current is null ? "gone" : current.RequestedAt != started.RequestedAt ? "replaced by a later deletion" : "done");
            return false;
        }

        var batches = 0;
        await foreach (var removed in accounts.DeleteTenantRowsAsync(tenantId, StillDeletingAsync, cancellationToken))
        {
            deletion = await AddRemovedAsync(started, removed, cancellationToken) ?? deletion;
            if (++batches >= queueOptions.Value.BatchesPerMessage)
            {
                await RequestAsync(tenantId, TimeSpan.Zero, cancellationToken);
                logger.LogInformation("Tenant deletion of {TenantId}: {RowsRemoved} rows removed so far; continued in a new message", tenantId, deletion?.RowsRemoved);
                return deletion;
            }
        }

        // Outside the tenant's partition: a few rows each.
        if (!await StillDeletingAsync(cancellationToken))
        {
            return deletion;
        }

        var others = await probeCounts.DeleteTenantPartialsAsync(tenantId, cancellationToken);
        if (!await StillDeletingAsync(cancellationToken))
        {
            return await AddRemovedAsync(started, others, cancellationToken) ?? deletion;
        }

        others += await queuedShards.DeleteTenantAsync(tenantId, cancellationToken);
        foreach (var subscription in await webhooks.ListAsync(tenantId, cancellationToken))
        {
            if (!await StillDeletingAsync(cancellationToken))
            {
                return await AddRemovedAsync(started, others, cancellationToken) ?? deletion;
            }

            // Every secret before any row: a job stopped in between finds the rows again and
            // deletes the secrets again, where the other order would leave secrets no row names.
            await secrets.DeleteAsync(tenantId, subscription.SubscriptionId, subscription.SecretReference, cancellationToken);
        }

        // Subscriptions, their slots and deliveries: the tenant's whole webhook partition.
        others += await webhooks.DeleteTenantAsync(tenantId, StillDeletingAsync, cancellationToken);
        deletion = await AddRemovedAsync(started, others, cancellationToken) ?? deletion;
        if (stopped || deletion is null)
        {
            return deletion;
        }

        var settled = started.RequestedAt + storageOptions.Value.KnownTenantRecheck + QueuedShard.ClockSkew;
        if (passStartedAt < settled)
        {
            // Real time on purpose: the queue's visibility delay is the only timer a queued job has.
            var wait = settled - passStartedAt;
            await RequestAsync(tenantId, wait, cancellationToken);
            logger.LogInformation("Tenant deletion of {TenantId}: {RowsRemoved} rows removed; the last pass runs in {Wait}, once every instance has learned the tombstone", tenantId, deletion.RowsRemoved, wait);
            return deletion;
        }

        var finishedAt = time.GetUtcNow();
        var finished = await tenants.UpdateDeletionAsync(tenantId, d => IsRunning(d, started) ? d with { State = TenantDeletionState.Done, FinishedAt = finishedAt } : null, cancellationToken);
        if (finished is not { State: TenantDeletionState.Done } || finished.RequestedAt != started.RequestedAt)
        {
            logger.LogInformation("Tenant deletion job for {TenantId} found its tombstone of {RequestedAt:O} gone or replaced when done: the tenant was created again", tenantId, started.RequestedAt);
            return finished;
        }

        logger.LogInformation("Tenant {TenantId} deleted (asked by {RequestedBy} at {RequestedAt:O}): {RowsRemoved} rows removed", tenantId, finished.RequestedBy, finished.RequestedAt, finished.RowsRemoved);
        return finished;
    }

    /// <summary>Whether <paramref name="current"/> is still the deletion a delivery started on, not yet done.</summary>
    private static bool IsRunning(TenantDeletion current, TenantDeletion started) =>
        current.State != TenantDeletionState.Done && current.RequestedAt == started.RequestedAt;

    /// <summary>Counts the rows on the tombstone, only while it is still the deletion this delivery started on.</summary>
    private Task<TenantDeletion?> AddRemovedAsync(TenantDeletion started, long removed, CancellationToken cancellationToken) =>
        tenants.UpdateDeletionAsync(started.TenantId, d => !IsRunning(d, started) || removed == 0 ? null : d with { RowsRemoved = d.RowsRemoved + removed }, cancellationToken);

    public async Task PoisonAsync(string message, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        await poisonRecords.WriteAsync(queueOptions.Value, message, reason, null, dequeueCount, cancellationToken);
        if (TryRead(message, out var tenantId, out _))
        {
            // Never half-deleted and unknown: the status route answers failed, and a DELETE again resumes the job.
            await tenants.UpdateDeletionAsync(tenantId, d => d.State == TenantDeletionState.Done ? null : d with { State = TenantDeletionState.Failed, FailureReason = reason }, cancellationToken);
            logger.LogError("Tenant deletion of {TenantId} failed at delivery {DequeueCount} and was poisoned: {Reason}; DELETE the tenant again to resume it", tenantId, dequeueCount, reason);
            return;
        }

        logger.LogWarning("Poisoned a tenant deletion request at delivery {DequeueCount}: {Reason}", dequeueCount, reason);
    }

    /// <summary>Queues the tenant's deletion job, visible after <paramref name="delay"/>; creates the queue if it does not exist yet.</summary>
    public Task RequestAsync(string tenantId, TimeSpan delay, CancellationToken cancellationToken) =>
        queues.GetQueueClient(queueOptions.Value.Name)
            .SendCreatingIfMissingAsync(JsonSerializer.Serialize(new TenantDeletionRequest(tenantId), ServiceJson.Options), delay, cancellationToken);

    private static bool TryRead(string message, out string tenantId, out string problem)
    {
        tenantId = string.Empty;
        if (!QueueMessageText.TryRead<TenantDeletionRequest>(message, MaxMessageLength, "tenant deletion request", out var request, out problem))
        {
            return false;
        }

        if (!Identifier.IsValid(request!.TenantId))
        {
            problem = $"tenantId must be {Identifier.Rule}.";
            return false;
        }

        tenantId = request.TenantId;
        return true;
    }
}
