using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// What offering a report did, from the store up to every caller (HTTP, the queue handler, probes,
/// the demo seeder): one of the cases below, matched rather than trusted. The store returns
/// <see cref="Applied"/>, <see cref="Unchanged"/> or <see cref="Gone"/>; the intake returns <see cref="Rejected"/> before any write.
/// </summary>
public abstract record ApplyResult
{
    private ApplyResult()
    {
    }

    /// <summary>The report failed validation, keyed by the camelCase field each error concerns; nothing was written.</summary>
    public sealed record Rejected(IReadOnlyDictionary<string, string[]> Errors) : ApplyResult;

    /// <summary>The report was newer and was written; <paramref name="IsTransition"/> when it changed the status or error category.</summary>
    public sealed record Applied(StoredConnection Connection, bool IsTransition) : ApplyResult;

    /// <summary>The report was older than the stored state (<see cref="TransitionKind.Stale"/>) or already applied (<see cref="TransitionKind.Duplicate"/>): the row as it stands.</summary>
    public sealed record Unchanged(TransitionKind Kind, StoredConnection Connection) : ApplyResult;

    /// <summary>
    /// The account has no status row and the report may not create one: it was deleted at
    /// <paramref name="DeletedAt"/>, not before the report's checkedAt (a stale report), or the report
    /// is a probe's (null when no deletion is known), which never creates an account. Nothing was written.
    /// </summary>
    public sealed record Gone(DateTimeOffset? DeletedAt) : ApplyResult;
}
