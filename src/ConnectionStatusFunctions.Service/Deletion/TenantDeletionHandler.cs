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
/// the job comes back for it. A malformed message is poisoned at once; a message that fails on every
/// delivery is poisoned and its tombstone marked failed (a DELETE again resumes it).
/// </summary>
public sealed class TenantDeletionHandler(
    TenantStore tenants,
    ConnectionStore connections,
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

        var batches = 0;
        await foreach (var removed in connections.DeleteTenantRowsAsync(tenantId, cancellationToken))
        {
            deletion = await AddRemovedAsync(tenantId, removed, cancellationToken) ?? deletion;
            if (++batches >= queueOptions.Value.BatchesPerMessage)
            {
                await RequestAsync(tenantId, TimeSpan.Zero, cancellationToken);
                logger.LogInformation("Tenant deletion of {TenantId}: {RowsRemoved} rows removed so far; continued in a new message", tenantId, deletion.RowsRemoved);
                return deletion;
            }
        }

        // Outside the tenant's partition: a few rows each.
        var others = await probeCounts.DeleteTenantPartialsAsync(tenantId, cancellationToken)
            + await queuedShards.DeleteTenantAsync(tenantId, cancellationToken);
        foreach (var subscription in await webhooks.ListAsync(tenantId, cancellationToken))
        {
            // Every secret before any row: a job stopped in between finds the rows again and
            // deletes the secrets again, where the other order would leave secrets no row names.
            await secrets.DeleteAsync(tenantId, subscription.SubscriptionId, subscription.SecretReference, cancellationToken);
        }

        // Subscriptions, their slots and deliveries: the tenant's whole webhook partition.
        others += await webhooks.DeleteTenantAsync(tenantId, cancellationToken);
        deletion = await AddRemovedAsync(tenantId, others, cancellationToken) ?? deletion;

        var settled = deletion.RequestedAt + storageOptions.Value.KnownTenantRecheck + QueuedShard.ClockSkew;
        if (passStartedAt < settled)
        {
            // Real time on purpose: the queue's visibility delay is the only timer a queued job has.
            var wait = settled - passStartedAt;
            await RequestAsync(tenantId, wait, cancellationToken);
            logger.LogInformation("Tenant deletion of {TenantId}: {RowsRemoved} rows removed; the last pass runs in {Wait}, once every instance has learned the tombstone", tenantId, deletion.RowsRemoved, wait);
            return deletion;
        }

        var finishedAt = time.GetUtcNow();
        deletion = await tenants.UpdateDeletionAsync(tenantId, d => d.State == TenantDeletionState.Done ? null : d with { State = TenantDeletionState.Done, FinishedAt = finishedAt }, cancellationToken) ?? deletion;
        logger.LogInformation("Tenant {TenantId} deleted (asked by {RequestedBy} at {RequestedAt:O}): {RowsRemoved} rows removed", tenantId, deletion.RequestedBy, deletion.RequestedAt, deletion.RowsRemoved);
        return deletion;
    }

    private Task<TenantDeletion?> AddRemovedAsync(string tenantId, long removed, CancellationToken cancellationToken) =>
        tenants.UpdateDeletionAsync(tenantId, d => d.State == TenantDeletionState.Done || removed == 0 ? null : d with { RowsRemoved = d.RowsRemoved + removed }, cancellationToken);

    public async Task PoisonAsync(string message, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        await poisonRecords.WriteAsync(queueOptions.Value, message, reason, null, dequeueCount, cancellationToken);
        if (TryRead(message, out var tenantId, out _))
        {
            // Never half-deleted and unknown: the status route answers failed, and a DELETE again resumes the job.
            await tenants.UpdateDeletionAsync(tenantId, d => d.State == TenantDeletionState.Done ? null : d with { State = TenantDeletionState.Failed, FailureReason = reason }, cancellationToken);
            logger.LogError("Tenant deletion of {TenantId} failed after {DequeueCount} deliveries and was poisoned: {Reason}; DELETE the tenant again to resume it", tenantId, dequeueCount, reason);
            return;
        }

        logger.LogWarning("Poisoned a tenant deletion request after {DequeueCount} deliveries: {Reason}", dequeueCount, reason);
    }

    /// <summary>Queues the tenant's deletion job, visible after <paramref name="delay"/>; creates the queue if it does not exist yet.</summary>
    public async Task RequestAsync(string tenantId, TimeSpan delay, CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(queueOptions.Value.Name);
        var text = JsonSerializer.Serialize(new TenantDeletionRequest(tenantId), ServiceJson.Options);
        try
        {
            await queue.SendMessageAsync(text, visibilityTimeout: delay, cancellationToken: cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(text, visibilityTimeout: delay, cancellationToken: cancellationToken);
        }
    }

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
