using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A page of an account's transitions, newest first.</summary>
public sealed record HistoryPage(IReadOnlyList<StatusChange> Items, string? ContinuationToken);
