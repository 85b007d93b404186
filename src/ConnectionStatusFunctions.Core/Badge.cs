using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ConnectionStatusFunctions.Core;

[Description("A summary's colour: `red` something needs attention, `yellow` something is degraded or unreadable, `green` all is well.")]
[JsonConverter(typeof(WireNameJsonConverter<Badge>))]
public enum Badge
{
    Green,
    Yellow,
    Red,
}
