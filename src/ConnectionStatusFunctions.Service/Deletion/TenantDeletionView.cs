using System.ComponentModel;

namespace ConnectionStatusFunctions.Service.Deletion;

[Description("A tenant's deletion: its tombstone, and how far the job removing its rows has gone.")]
public sealed record TenantDeletionView(
    [Description("The deleted tenant.")] string TenantId,
    [Description("`pending` (queued, not started), `running` (removing rows, or waiting to make its last pass once every instance has learned the deletion), `done` (every row removed; only the tombstone remains), or `failed` (the job failed on every delivery: rows may remain; DELETE the tenant again to resume it).")] TenantDeletionState State,
    [Description("When the deletion was asked for, on the service's clock: reports observed up to StatusPolicy:MaxClockSkew after it are refused for good.")] DateTimeOffset RequestedAt,
    [Description("Who asked for it: the API key's or token's caller name.")] string RequestedBy,
    [Description("Rows removed so far: status, history, index and outbox rows, probe marks and counts, webhook subscriptions and deliveries.")] long RowsRemoved,
    [Description("When the job finished; null until `done`.")] DateTimeOffset? FinishedAt,
    [Description("Why the job failed; null unless `failed`.")] string? FailureReason)
{
    public static TenantDeletionView Of(TenantDeletion deletion)
    {
        ArgumentNullException.ThrowIfNull(deletion);
        return new(deletion.TenantId, deletion.State, deletion.RequestedAt, deletion.RequestedBy, deletion.RowsRemoved, deletion.FinishedAt, deletion.FailureReason);
    }
}
