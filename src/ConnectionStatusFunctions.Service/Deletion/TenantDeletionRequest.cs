namespace ConnectionStatusFunctions.Service.Deletion;

/// <summary>A message of the tenant deletion queue: the tenant; its tombstone holds the rest (who asked, when, how far the job has gone).</summary>
public sealed record TenantDeletionRequest(string TenantId);
