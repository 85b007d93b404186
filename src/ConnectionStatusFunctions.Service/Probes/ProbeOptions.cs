using System.ComponentModel.DataAnnotations;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;
using NCrontab;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>
/// Active health probes: the timer distributes one request per tenant or shard, queue workers probe.
/// When a channel counts as down is <see cref="OutagePolicy"/>, from the Outage* settings of the same section.
/// </summary>
public sealed class ProbeOptions
{
    public const string SectionName = "Probes";

    /// <summary>The top-level app setting the timer trigger reads as %ProbeSchedule%.</summary>
    public const string ScheduleSetting = "ProbeSchedule";

    /// <summary>NCRONTAB with seconds: second minute hour day month day-of-week. Read only from <see cref="ScheduleSetting"/>, the one setting both hosts share.</summary>
    public string Schedule { get; internal set; } = "0 * * * * *";

    /// <summary>An account is due when its last check is older than this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;

    /// <summary>
    /// One probe request (a tenant or shard) stops starting probes after this, its due-row query
    /// included; what is left stays due for the next tick. Shorter than the tick period, so that the
    /// next tick's request for the same shard rarely meets this one still working, and than the
    /// standalone listener's ProbeQueue:VisibilityTimeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(25);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Status rows per probe request: a tenant with more is split into row-key ranges of about this many.</summary>
    [Range(10, 100_000)]
    public int ShardSize { get; set; } = 1000;

    /// <summary>Time between two ticks of <see cref="Schedule"/> (from two consecutive occurrences).</summary>
    public TimeSpan TickPeriod
    {
        get
        {
            var schedule = ParseSchedule(Schedule) ?? throw new InvalidOperationException($"{ScheduleSetting} is not valid.");
            var first = schedule.GetNextOccurrence(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            return schedule.GetNextOccurrence(first) - first;
        }
    }

    /// <summary>
    /// How long a queued probe request lives: its message expires from the queue after this, the
    /// tick does not queue its shard again while it is pending for less than this, and a worker
    /// refuses a request whose round is older than this plus one tick. Three ticks, so that a lost
    /// request holds its shard back for at most three ticks; never under twice the time budget, so
    /// that a request still working within its budget is not queued twice.
    /// </summary>
    public TimeSpan RequestLifetime
    {
        get
        {
            var ticks = TickPeriod * 3;
            return ticks > TimeBudget * 2 ? ticks : TimeBudget * 2;
        }
    }

    /// <summary>A channel has an outage when more than this share of its recently checked accounts are in error...</summary>
    [Range(0.0, 1.0)]
    public double OutageErrorRate { get; set; } = OutagePolicy.Default.ErrorRate;

    /// <summary>...among at least this many accounts...</summary>
    [Range(1, 100_000)]
    public int OutageMinSample { get; set; } = OutagePolicy.Default.MinSample;

    /// <summary>...checked within this window. An outage no run has confirmed within it no longer counts.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan OutageWindow { get; set; } = OutagePolicy.Default.Window;

    /// <summary>Health URL template per channel, with {tenantId} and {channelAccountId}. Channels without one are not probed.</summary>
    public Dictionary<string, string> Urls { get; set; } = new(StringComparer.Ordinal);

    public OutagePolicy ToOutagePolicy() => new(OutageErrorRate, OutageMinSample, OutageWindow);

    public static CrontabSchedule? ParseSchedule(string? schedule) =>
        schedule is null ? null : CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    /// <summary>The rules that are the product's own; the ranges are the annotations above (<see cref="ProbeOptionsValidator"/>).</summary>
    public IEnumerable<string> Validate()
    {
        if (ParseSchedule(Schedule) is null)
        {
            yield return $"{ScheduleSetting} '{Schedule}' is not an NCRONTAB expression with six fields (second minute hour day month day-of-week).";
        }

        foreach (var (channel, template) in Urls)
        {
            if (!WireName.TryParse<Channel>(channel, out _))
            {
                yield return $"{SectionName}:Urls key '{channel}' must be one of {WireName.AllowedValues<Channel>()}.";
            }

            if (ProbeUrl.ProblemOf(template) is { } problem)
            {
                yield return $"{SectionName}:Urls:{channel} {problem}.";
            }
        }
    }
}

/// <summary>Checks <see cref="ProbeOptions"/>' range annotations; written by the options source generator.</summary>
[OptionsValidator]
internal sealed partial class ProbeOptionsValidator : IValidateOptions<ProbeOptions>;
