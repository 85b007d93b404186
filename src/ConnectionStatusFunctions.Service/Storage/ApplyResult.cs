using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>What offering a report did; <paramref name="IsTransition"/> when it changed the status or error category.</summary>
public sealed record ApplyResult(TransitionKind Outcome, StoredConnection Connection, bool IsTransition = false);
