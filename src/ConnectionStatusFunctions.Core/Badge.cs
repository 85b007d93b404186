using System.ComponentModel;

namespace ConnectionStatusFunctions.Core;

[Description("A summary's colour: `red` something needs attention, `yellow` something is degraded or unreadable, `green` all is well.")]
public enum Badge
{
    Green,
    Yellow,
    Red,
}
