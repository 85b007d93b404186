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
}
