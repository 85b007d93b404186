using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ConnectionStatusFunctions.Core;

[Description("What a report did: `applied` (newer than the stored state), `stale` (older: nothing changes) or `duplicate` (already applied: nothing changes).")]
[JsonConverter(typeof(WireNameJsonConverter<TransitionKind>))]
public enum TransitionKind
{
    /// <summary>The report was newer than the stored state and produced a new state.</summary>
    Applied,

    /// <summary>The report was older than the stored state: nothing changes.</summary>
    Stale,

    /// <summary>The report was already applied: nothing changes.</summary>
    Duplicate,
}

/// <summary>The result of offering a report: <see cref="State"/> is the new state when applied, else the unchanged one.</summary>
public readonly record struct TransitionOutcome(TransitionKind Kind, ConnectionState? State);
