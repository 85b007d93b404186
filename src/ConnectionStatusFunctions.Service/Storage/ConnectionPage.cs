namespace ConnectionStatusFunctions.Service.Storage;

public sealed record ConnectionPage(IReadOnlyList<StoredConnection> Items, IReadOnlyList<UnreadableRow> Unreadable, string? ContinuationToken);
