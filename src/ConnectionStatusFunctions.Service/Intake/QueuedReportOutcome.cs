using System.Text.Json.Serialization;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Intake;

[JsonConverter(typeof(WireNameJsonConverter<QueuedReportOutcome>))]
public enum QueuedReportOutcome
{
    Applied,
    Stale,
    Duplicate,
    Poisoned,

    /// <summary>Its tenant was deleted (docs/status-engine.md): not written, not poisoned.</summary>
    Dropped,
}
