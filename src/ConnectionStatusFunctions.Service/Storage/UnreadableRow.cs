namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A stored row the service cannot turn into a state (edited by hand, say): which one, and why.</summary>
public sealed record UnreadableRow(ConnectionKey Key, string Reason);
