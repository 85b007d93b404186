namespace ConnectionStatusFunctions.Service.Events;

/// <summary>A message of the dispatch queue: the tenant whose outbox rows to publish; nothing else is needed, the rows say the rest.</summary>
public sealed record DispatchRequest(string TenantId);
