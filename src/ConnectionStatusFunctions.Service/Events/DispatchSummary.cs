namespace ConnectionStatusFunctions.Service.Events;

/// <summary>What one dispatch did: events every sink took, and accounts held back by a failing sink.</summary>
public sealed record DispatchSummary(int Published, int AccountsHeldBack);
