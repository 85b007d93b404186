using System.Globalization;

namespace ConnectionStatusFunctions.Core;

/// <summary>How long ago, in the one largest whole unit a person reads at a glance ("2 days", "3 hours").</summary>
public static class Age
{
    public static string Describe(TimeSpan age) => age switch
    {
        { TotalDays: >= 1 } => Count((int)age.TotalDays, "day"),
        { TotalHours: >= 1 } => Count((int)age.TotalHours, "hour"),
        { TotalMinutes: >= 1 } => Count((int)age.TotalMinutes, "minute"),
        _ => "less than a minute",
    };

    private static string Count(int count, string unit) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? unit : unit + "s");
}
