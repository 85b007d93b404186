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

    /// <summary>
    /// A setting's length of time, exactly, in the largest unit that holds it whole ("30 days", "12 hours", "90
    /// minutes"): a limit read as "0 days" or rounded down to "1 day" tells the reader a wrong rule.
    /// </summary>
    public static string DescribeExactly(TimeSpan length)
    {
        foreach (var (unit, name) in WholeUnits)
        {
            if (length.Ticks % unit.Ticks == 0 && length >= unit)
            {
                return Count(length.Ticks / unit.Ticks, name);
            }
        }

        return length.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " seconds";
    }

    private static readonly (TimeSpan Unit, string Name)[] WholeUnits =
        [(TimeSpan.FromDays(1), "day"), (TimeSpan.FromHours(1), "hour"), (TimeSpan.FromMinutes(1), "minute"), (TimeSpan.FromSeconds(1), "second")];

    private static string Count(long count, string unit) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? unit : unit + "s");
}
