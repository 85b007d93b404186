namespace ConnectionStatusFunctions.Service.Deletion;

/// <summary>A tenant's tombstone as the registry holds it: when and by whom it was deleted, and how far the job has gone.</summary>
public sealed record TenantDeletion(string TenantId, TenantDeletionState State, DateTimeOffset RequestedAt, string RequestedBy, long RowsRemoved, DateTimeOffset? FinishedAt, string? FailureReason);
