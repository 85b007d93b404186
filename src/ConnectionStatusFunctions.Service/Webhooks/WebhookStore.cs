using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// The webhook table (Storage:WebhooksTable), partitioned by tenant: a subscription row per
/// subscription (<c>s|{id}</c>) and a delivery row per event per subscription
/// (<c>d|{subscription}|{account}|{incarnation}~{event number}|{event}</c>), so one query reads a
/// tenant's pending deliveries grouped by subscription and account, each group in the order the
/// outbox wrote them; and
/// <see cref="MaxSubscriptionsPerTenant"/> slot rows (<c>n|{00-19}</c>), each naming the
/// subscription that holds it, so that creations side by side cannot pass the most. The only
/// writer of these rows; every write is conditional (insert-if-absent or ETag).
/// </summary>
public sealed class WebhookStore(TableServiceClient service, IOptions<StorageOptions> options, TimeProvider time, ILogger<WebhookStore> logger)
{
    /// <summary>More would make every event's fan-out and every listing long; a tenant needs a few receivers.</summary>
    public const int MaxSubscriptionsPerTenant = 20;

    /// <summary>How long a delivered or given-up row stays, so an event offered again by the dispatcher is known and not sent twice.</summary>
    public static readonly TimeSpan FinishedRetention = TimeSpan.FromDays(2);

    private const string SubscriptionPrefix = "s|";

    /// <summary>'~' is in no tenant id, so this partition is no tenant's.</summary>
    private const string RegistryPartition = "~tenants";
    private const string DeliveryPrefix = "d|";
    private const string SlotPrefix = "n|";
    private const string Pending = "pending";
    private const string Finished = "finished";

    private readonly TableClient _table = service.GetTableClient(options.Value.WebhooksTable);
    private readonly int _attempts = options.Value.WriteAttempts;

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var subscriptions = new List<WebhookSubscription>();
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {SubscriptionPrefix} and RowKey lt {"s}"}");
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                if (Read(row) is { } subscription)
                {
                    subscriptions.Add(subscription);
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return subscriptions;
    }

    public async Task<WebhookSubscription?> GetAsync(string tenantId, string subscriptionId, CancellationToken cancellationToken)
    {
        try
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(tenantId, SubscriptionPrefix + subscriptionId, cancellationToken: cancellationToken);
            return row.HasValue ? Read(row.Value!) : null;
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            return null;
        }
    }

    /// <summary>
    /// The tenants that ever had a subscription: what the sweep visits. One query of the registry
    /// partition (a row per tenant, written with its first subscription), never a scan of the
    /// subscription and delivery rows.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        var tenants = new List<string>();
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RegistryPartition}"), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                tenants.Add(row.RowKey);
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return tenants;
    }

    /// <summary>
    /// Writes the subscription's row and claims a free slot for it in one transaction; false when
    /// every slot is held. A slot is free when it has no row, or when its row names a subscription
    /// that no longer exists (a deletion that died between its two writes): the slots are read
    /// before the subscriptions, so a slot whose subscription is being created is never taken for
    /// a stale one, and a claim is insert-if-absent or If-Match on the stale row.
    /// </summary>
    public async Task<bool> AddAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        var view = subscription.View;
        var row = new TableEntity(view.TenantId, SubscriptionPrefix + view.SubscriptionId)
        {
            ["Url"] = view.Url,
            ["EventTypes"] = string.Join(' ', view.EventTypes),
            ["Channels"] = string.Join(' ', view.Channels.Select(WireName.Of)),
            ["State"] = WireName.Of(view.State),
            ["CreatedAt"] = view.CreatedAt,
            ["ConsecutiveFailures"] = 0,
            ["Secret"] = subscription.SecretReference,
        };
        // The registry row first: a subscription the sweep cannot find would wait for its tenant's next event.
        await InsertIfAbsentAsync(new TableEntity(RegistryPartition, view.TenantId), cancellationToken);
        for (var attempt = 0; attempt < _attempts; attempt++)
        {
            var slots = await ReadSlotsAsync(view.TenantId, cancellationToken);
            var existing = await SubscriptionIdsAsync(view.TenantId, cancellationToken);
            var frees = Enumerable.Range(0, MaxSubscriptionsPerTenant)
                .Where(n => !slots.TryGetValue(n, out var held) || !existing.Contains(held.GetString("SubscriptionId") ?? string.Empty))
                .ToList();
            if (frees.Count == 0)
            {
                return false;
            }

            // Any free slot, not the first: creations side by side then mostly claim different ones.
            var free = frees[Random.Shared.Next(frees.Count)];

            var slot = new TableEntity(view.TenantId, SlotKey(free)) { ["SubscriptionId"] = view.SubscriptionId };
            var claim = slots.TryGetValue(free, out var stale)
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, slot, stale.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, slot);
            try
            {
                await _table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, row), claim], cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
            {
                // The row's id is new to this creation, so only its own transaction can have written it: a retry of
                // the transaction (the SDK's, after an answer lost on the way) found it committed, slot and all.
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && e.FailedTransactionActionIndex == 1)
            {
                // Another creation took that slot first: look again.
                await Task.Delay(TableRetry.Backoff(attempt), cancellationToken);
            }
        }

        // Creations side by side took every slot this one found free, each time: the most was reached meanwhile.
        return false;
    }

    private static string SlotKey(int slot) => $"{SlotPrefix}{slot:D2}";

    /// <summary>The ids of every subscription row, readable or not: a row this version cannot read still holds its slot.</summary>
    private async Task<HashSet<string>> SubscriptionIdsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {SubscriptionPrefix} and RowKey lt {"s}"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(row.RowKey[SubscriptionPrefix.Length..]);
        }

        return ids;
    }

    private async Task<Dictionary<int, TableEntity>> ReadSlotsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var slots = new Dictionary<int, TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {SlotPrefix} and RowKey lt {"n}"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            // Only the keys this store writes: a row spelled another way ("n|5") names no slot.
            if (int.TryParse(row.RowKey.AsSpan(SlotPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var slot)
                && slot is >= 0 and < MaxSubscriptionsPerTenant && row.RowKey == SlotKey(slot))
            {
                slots[slot] = row;
            }
        }

        return slots;
    }

    /// <summary>Removes the subscription's row, then frees its slot (its pending deliveries are dropped as the worker meets them); false when there was none.</summary>
    public async Task<bool> DeleteAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(subscription.TenantId, SubscriptionPrefix + subscription.SubscriptionId, subscription.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Its health changed since it was read: still the same subscription, still to be removed.
            await _table.DeleteEntityAsync(subscription.TenantId, SubscriptionPrefix + subscription.SubscriptionId, ETag.All, cancellationToken);
        }

        // A slot left behind (this process dies here) is free anyway: it names a subscription that no longer exists.
        foreach (var (_, slot) in await ReadSlotsAsync(subscription.TenantId, cancellationToken))
        {
            if (slot.GetString("SubscriptionId") == subscription.SubscriptionId)
            {
                try
                {
                    await _table.DeleteEntityAsync(slot.PartitionKey, slot.RowKey, slot.ETag, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status is 404 or 412)
                {
                    // Already freed, or already claimed again by a creation that saw it stale.
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Removes every row left in a deleted tenant's partition (its deliveries; its subscriptions go
    /// first, each with its secret) and then its registry row, so the sweep no longer visits it. Keys
    /// only read, 100 to a transaction. Returns how many rows. <paramref name="stillDeleting"/> is
    /// asked before every transaction; once it says no, nothing more is removed.
    /// </summary>
    public async Task<int> DeleteTenantAsync(string tenantId, Func<CancellationToken, Task<bool>> stillDeleting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stillDeleting);
        // With their ETags: a row written again after this read (the tenant created again meanwhile) is not deleted.
        var keys = new List<(string RowKey, ETag ETag)>();
        var removed = 0;
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add((row.RowKey, row.ETag));
            }

            foreach (var batch in keys.Chunk(100))
            {
                if (!await stillDeleting(cancellationToken))
                {
                    return removed;
                }

                await TableDeletes.DeleteAsync(_table, tenantId, batch, cancellationToken);
                removed += batch.Length;
            }

            if (await stillDeleting(cancellationToken))
            {
                await TableDeletes.DeleteAsync(_table, RegistryPartition, [tenantId], cancellationToken);
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return removed;
    }

    /// <summary>
    /// A delivery row per event per matching subscription, each inserted if absent, so an event
    /// offered again (the dispatcher retries after a crash) writes nothing new. Returns the
    /// subscriptions that got a new row: the lanes to nudge.
    /// </summary>
    public async Task<IReadOnlySet<string>> AddDeliveriesAsync(IReadOnlyList<WebhookSubscription> subscriptions, IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken)
    {
        var added = new HashSet<string>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        foreach (var outgoing in events)
        {
            foreach (var subscription in subscriptions.Where(s => s.Matches(outgoing.Type, outgoing.Channel)))
            {
                var row = new TableEntity(outgoing.TenantId, DeliveryKey(subscription.SubscriptionId, outgoing))
                {
                    ["State"] = Pending,
                    ["Subscription"] = subscription.SubscriptionId,
                    ["Account"] = outgoing.ChannelAccountId,
                    ["EventId"] = outgoing.Id,
                    ["Body"] = outgoing.CloudEventJson,
                    ["Attempts"] = 0,
                    ["NextAttemptAt"] = now,
                    ["WrittenAt"] = now,
                };
                if (await InsertIfAbsentAsync(row, cancellationToken))
                {
                    added.Add(subscription.SubscriptionId);
                }
            }
        }

        return added;
    }

    private async Task<bool> InsertIfAbsentAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            return await InsertIfAbsentAsync(row, cancellationToken);
        }
    }

    /// <summary>
    /// Grouped by subscription then account, each group in the outbox's order (incarnation, then
    /// event number: <see cref="OutgoingEvent.Order"/>): the row key sorts so. The event id is hashed
    /// in (ids may hold characters a row key may not).
    /// </summary>
    private static string DeliveryKey(string subscriptionId, OutgoingEvent outgoing) =>
        $"{DeliveryPrefix}{subscriptionId}|{outgoing.ChannelAccountId}|{outgoing.Order}|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(outgoing.Id)))[..32]}";

    /// <summary>The tenant's pending deliveries, in row key order: grouped by subscription and account, each group oldest first.</summary>
    public Task<IReadOnlyList<WebhookDelivery>> ListPendingAsync(string tenantId, CancellationToken cancellationToken) =>
        QueryPendingAsync(tenantId, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {DeliveryPrefix} and RowKey lt {"d}"} and State eq {Pending}"), cancellationToken);

    /// <summary>
    /// One subscription's pending deliveries, grouped by account, each group oldest first: the range
    /// of its row keys (<c>d|{subscription}|</c>; a subscription id is 32 hex digits, so no other
    /// subscription's keys fall in it, and the column is checked as well).
    /// </summary>
    public Task<IReadOnlyList<WebhookDelivery>> ListPendingAsync(string tenantId, string subscriptionId, CancellationToken cancellationToken)
    {
        var from = $"{DeliveryPrefix}{subscriptionId}|";
        // '}' sorts right after '|': the first key past every one that starts with 'from'.
        var to = $"{DeliveryPrefix}{subscriptionId}}}";
        return QueryPendingAsync(tenantId, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {from} and RowKey lt {to} and Subscription eq {subscriptionId} and State eq {Pending}"), cancellationToken);
    }

    /// <summary>The subscriptions of the tenant with pending deliveries: the lanes the sweep runs. Their column only is read, not their bodies.</summary>
    public async Task<IReadOnlyList<string>> ListPendingSubscriptionsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var subscriptions = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {DeliveryPrefix} and RowKey lt {"d}"} and State eq {Pending}");
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["Subscription"], cancellationToken: cancellationToken))
            {
                if (row.GetString("Subscription") is { Length: > 0 } subscription)
                {
                    subscriptions.Add(subscription);
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return [.. subscriptions];
    }

    private async Task<IReadOnlyList<WebhookDelivery>> QueryPendingAsync(string tenantId, string filter, CancellationToken cancellationToken)
    {
        var deliveries = new List<WebhookDelivery>();
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                var bad = new List<string>();
                var subscription = TableColumns.GetString(row, "Subscription", bad);
                var account = TableColumns.GetString(row, "Account", bad);
                var eventId = TableColumns.GetString(row, "EventId", bad);
                var body = TableColumns.GetString(row, "Body", bad);
                var next = TableColumns.Get<DateTimeOffset>(row, "NextAttemptAt", bad);
                if (bad.Count > 0 || subscription is null || account is null || eventId is null || body is null || next is null)
                {
                    logger.LogWarning("Webhook delivery row {RowKey} of tenant {TenantId} cannot be read; it is skipped", row.RowKey, tenantId);
                    continue;
                }

                var delivery = new WebhookDelivery(
                    tenantId, subscription, account, eventId, body,
                    TableColumns.Get<int>(row, "Attempts") ?? 0,
                    TableColumns.Get<DateTimeOffset>(row, "FirstAttemptAt"),
                    next.Value,
                    TableColumns.Get<DateTimeOffset>(row, "LeaseUntil"),
                    row.RowKey,
                    row.ETag);
                deliveries.Add(TableColumns.Get<DateTimeOffset>(row, "WrittenAt") is { } writtenAt ? delivery with { WrittenAt = writtenAt } : delivery);
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return deliveries;
    }

    /// <summary>Claims the delivery for one attempt until <paramref name="until"/>; null when another writer changed it first.</summary>
    public async Task<WebhookDelivery?> LeaseAsync(WebhookDelivery delivery, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var patch = new TableEntity(delivery.TenantId, delivery.RowKey) { ["LeaseUntil"] = until };
        try
        {
            var response = await _table.UpdateEntityAsync(patch, delivery.ETag, TableUpdateMode.Merge, cancellationToken);
            return delivery with { LeaseUntil = until, ETag = response.Headers.ETag ?? delivery.ETag };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>Delivered, given up or dropped: kept for <see cref="FinishedRetention"/> only so a second offer of its event is known.</summary>
    public Task FinishAsync(WebhookDelivery delivery, string outcome, CancellationToken cancellationToken) =>
        UpdateDeliveryAsync(delivery, Finish(delivery, outcome), cancellationToken);

    private TableEntity Finish(WebhookDelivery delivery, string outcome) =>
        new(delivery.TenantId, delivery.RowKey) { ["State"] = Finished, ["Outcome"] = outcome, ["FinishedAt"] = time.GetUtcNow(), ["LeaseUntil"] = time.GetUtcNow() };

    public Task RescheduleAsync(WebhookDelivery delivery, DateTimeOffset firstAttemptAt, DateTimeOffset next, CancellationToken cancellationToken) =>
        UpdateDeliveryAsync(delivery, new TableEntity(delivery.TenantId, delivery.RowKey) { ["Attempts"] = delivery.Attempts + 1, ["FirstAttemptAt"] = firstAttemptAt, ["NextAttemptAt"] = next, ["LeaseUntil"] = time.GetUtcNow() }, cancellationToken);

    private async Task UpdateDeliveryAsync(WebhookDelivery delivery, TableEntity patch, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpdateEntityAsync(patch, delivery.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Our lease was taken over after it ran out: the other writer decides the row now.
            logger.LogWarning("Webhook delivery {EventId} to subscription {SubscriptionId} changed under its lease; left to the other writer", delivery.EventId, delivery.SubscriptionId);
        }
    }

    /// <summary>
    /// Finishes the subscription's pending deliveries as dropped: called when it is deleted, so no run
    /// or sweep is left to meet them. A delivery under an attempt's lease is left to that attempt: its
    /// receiver may be accepting it right now, and then it was delivered, not dropped (if it fails, the
    /// next run of the lane finds the subscription gone and drops it). One leased after it was listed
    /// is left to its attempt the same way (its ETag no longer matches).
    /// </summary>
    public async Task DropPendingAsync(string tenantId, string subscriptionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var delivery in await ListPendingAsync(tenantId, subscriptionId, cancellationToken))
        {
            if (delivery.LeaseUntil > now)
            {
                continue;
            }

            try
            {
                await _table.UpdateEntityAsync(Finish(delivery, "dropped"), delivery.ETag, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
            }
        }
    }

    /// <summary>Removes the tenant's finished rows older than <see cref="FinishedRetention"/>; the sweep calls it.</summary>
    public async Task<int> PruneFinishedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - FinishedRetention;
        var removed = 0;
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {DeliveryPrefix} and RowKey lt {"d}"} and State eq {Finished} and FinishedAt lt {before}");
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                try
                {
                    await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                    removed++;
                }
                catch (RequestFailedException e) when (e.Status is 404 or 412)
                {
                }
            }
        }
        catch (RequestFailedException e) when (TableRetry.IsTableMissing(e))
        {
        }

        return removed;
    }

    /// <summary>
    /// Records what a run saw on the subscription, in the order its attempts ended, in one write: a
    /// success resets its failures, a failure counts one, and a given-up delivery disables it when
    /// nothing was delivered since that delivery's first attempt. Read-modify-write with its ETag
    /// (other instances' runs may record too), retried with jitter. The health before and after;
    /// null when the subscription is gone.
    /// </summary>
    public async Task<(WebhookSubscriptionView Before, WebhookSubscriptionView After)?> RecordAsync(string tenantId, string subscriptionId, IReadOnlyList<WebhookAttempt> attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        for (var round = 0; round < _attempts; round++)
        {
            var current = await GetAsync(tenantId, subscriptionId, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var view = attempts.Aggregate(current.View, Apply);
            var patch = new TableEntity(tenantId, SubscriptionPrefix + subscriptionId)
            {
                ["State"] = WireName.Of(view.State),
                ["ConsecutiveFailures"] = view.ConsecutiveFailures,
                ["LastFailureAt"] = view.LastFailureAt,
                ["LastFailureReason"] = view.LastFailureReason,
                ["LastSuccessAt"] = view.LastSuccessAt,
                ["DisabledAt"] = view.DisabledAt,
            };
            try
            {
                await _table.UpdateEntityAsync(patch, current.ETag, TableUpdateMode.Merge, cancellationToken);
                return (current.View, view);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                await Task.Delay(TableRetry.Backoff(round), cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        }

        logger.LogWarning("Webhook subscription {SubscriptionId} of tenant {TenantId}: its health was not recorded after {Attempts} contended attempts", subscriptionId, tenantId, _attempts);
        return null;
    }

    /// <summary>
    /// The subscription's health after one more attempt. Attempts may come late and out of order (each
    /// run records what it saw when it ends, and runs of several instances overlap), so the times only
    /// move forward, and a failure older than the last success counts no failure in a row after it.
    /// </summary>
    internal static WebhookSubscriptionView Apply(WebhookSubscriptionView view, WebhookAttempt attempt) => attempt switch
    {
        WebhookAttempt.Delivered delivered when view.LastSuccessAt >= delivered.At => view,
        WebhookAttempt.Delivered delivered => view with
        {
            // A failure after this success (recorded first) still counts: its count is kept, not reset.
            ConsecutiveFailures = view.LastFailureAt > delivered.At ? view.ConsecutiveFailures : 0,
            LastSuccessAt = delivered.At,
        },
        WebhookAttempt.Failed failed => Failed(view, failed.At, failed.Reason),
        WebhookAttempt.GivenUp given when view.State == WebhookState.Active && (view.LastSuccessAt is null || view.LastSuccessAt < given.FirstAttemptAt) =>
            Failed(view, given.At, given.Reason) with { State = WebhookState.Disabled, DisabledAt = given.At },
        WebhookAttempt.GivenUp given => Failed(view, given.At, given.Reason),
        _ => throw new InvalidOperationException($"No rule for {attempt.GetType().Name}."),
    };

    private static WebhookSubscriptionView Failed(WebhookSubscriptionView view, DateTimeOffset at, string reason) =>
        view with
        {
            ConsecutiveFailures = view.LastSuccessAt > at ? view.ConsecutiveFailures : view.ConsecutiveFailures + 1,
            LastFailureAt = view.LastFailureAt > at ? view.LastFailureAt : at,
            LastFailureReason = view.LastFailureAt > at ? view.LastFailureReason : reason,
        };

    private WebhookSubscription? Read(TableEntity row)
    {
        var bad = new List<string>();
        var url = TableColumns.GetString(row, "Url", bad);
        var secret = TableColumns.GetString(row, "Secret", bad);
        var createdAt = TableColumns.Get<DateTimeOffset>(row, "CreatedAt", bad);
        var state = WireName.TryParse<WebhookState>(TableColumns.GetString(row, "State", bad), out var parsed) ? parsed : (WebhookState?)null;
        var channels = new List<Channel>();
        foreach (var name in (TableColumns.GetString(row, "Channels", bad) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (WireName.TryParse<Channel>(name, out var channel))
            {
                channels.Add(channel);
            }
            else
            {
                bad.Add("Channels");
            }
        }

        if (bad.Count > 0 || url is null || secret is null || createdAt is null || state is null)
        {
            logger.LogWarning("Webhook subscription row {RowKey} of tenant {TenantId} cannot be read; it is left out", row.RowKey, row.PartitionKey);
            return null;
        }

        var view = new WebhookSubscriptionView(
            row.RowKey[SubscriptionPrefix.Length..],
            row.PartitionKey,
            url,
            (TableColumns.GetString(row, "EventTypes") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries),
            channels,
            state.Value,
            createdAt.Value,
            TableColumns.Get<int>(row, "ConsecutiveFailures") ?? 0,
            TableColumns.Get<DateTimeOffset>(row, "LastFailureAt"),
            TableColumns.GetString(row, "LastFailureReason"),
            TableColumns.Get<DateTimeOffset>(row, "LastSuccessAt"),
            TableColumns.Get<DateTimeOffset>(row, "DisabledAt"));
        return new WebhookSubscription(view, secret, row.ETag);
    }
}

/// <summary>What one delivery attempt did, as the subscription's health records it.</summary>
public abstract record WebhookAttempt(DateTimeOffset At)
{
    public sealed record Delivered(DateTimeOffset At) : WebhookAttempt(At);

    public sealed record Failed(DateTimeOffset At, string Reason) : WebhookAttempt(At);

    public sealed record GivenUp(DateTimeOffset At, string Reason, DateTimeOffset FirstAttemptAt) : WebhookAttempt(At);
}
