using System.ComponentModel.DataAnnotations;
using ConnectionStatusFunctions.Core;
using NCrontab;

namespace ConnectionStatusFunctions.App.Triggers;

/// <summary>How the timer and queue triggers are delivered in this process.</summary>
public sealed class TriggerOptions
{
    public const string SectionName = "Triggers";

    /// <summary>
    /// Run the timer and queue listener inside the app (laptop, CI, container). Off by default
    /// under the Functions host, which owns the triggers there.
    /// </summary>
    public bool Standalone { get; set; } = !FunctionsHost.IsCustomHandler;

    /// <summary>
    /// Map the endpoints the Functions host posts timer and queue invocations to. They carry no
    /// API key, so they exist only where the host is the only caller (it listens on 127.0.0.1).
    /// </summary>
    public bool HostInvocations { get; set; } = FunctionsHost.IsCustomHandler;
}

/// <summary>Connector failure reports absorbed from a queue.</summary>
public sealed class FailureQueueOptions
{
    public const string SectionName = "FailureQueue";

    /// <summary>The top-level app setting function.json reads as %FailureQueueName%.</summary>
    public const string NameSetting = "FailureQueueName";

    /// <summary>Read only from <see cref="NameSetting"/>, the one setting the host and the app share.</summary>
    [Required, RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,53}[a-z0-9]$")]
    public string Name { get; internal set; } = "connection-failure-reports";

    /// <summary>Deliveries before a message that keeps failing is poisoned (the Functions default).</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 32)]
    public int BatchSize { get; set; } = 16;

    [Range(1, 64)]
    public int Concurrency { get; set; } = 8;

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    public string PoisonName => Name + "-poison";
}

/// <summary>Active health probes run by the timer.</summary>
public sealed class ProbeOptions
{
    public const string SectionName = "Probes";

    /// <summary>The top-level app setting function.json reads as %ProbeSchedule%.</summary>
    public const string ScheduleSetting = "ProbeSchedule";

    /// <summary>NCRONTAB with seconds: second minute hour day month day-of-week. Read only from <see cref="ScheduleSetting"/>, the one setting the host and the app share.</summary>
    [Required]
    public string Schedule { get; internal set; } = "0 */5 * * * *";

    /// <summary>An account is due when its last check is older than this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;

    /// <summary>A run stops starting probes after this; what is left waits for the next tick.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(4);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Health URL template per channel, with {tenantId} and {channelAccountId}. Channels without one are not probed.</summary>
    public Dictionary<string, string> Urls { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A channel has an outage when more than this share of its recently checked accounts are in error...</summary>
    [Range(0.0, 1.0)]
    public double OutageErrorRate { get; set; } = 0.5;

    /// <summary>...among at least this many accounts...</summary>
    [Range(1, 100_000)]
    public int OutageMinSample { get; set; } = 5;

    /// <summary>...checked within this window.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan OutageWindow { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<string> Validate()
    {
        if (CrontabSchedule.TryParse(Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is null)
        {
            yield return $"{ScheduleSetting} '{Schedule}' is not an NCRONTAB expression with six fields (second minute hour day month day-of-week).";
        }

        foreach (var (channel, template) in Urls)
        {
            if (!WireName.TryParse<Channel>(channel, out _))
            {
                yield return $"Probes:Urls key '{channel}' must be one of {WireName.AllowedValues<Channel>()}.";
            }

            if (!Uri.TryCreate(template.Replace("{tenantId}", "t", StringComparison.Ordinal).Replace("{channelAccountId}", "a", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https"))
            {
                yield return $"Probes:Urls:{channel} must be an absolute http(s) URL template.";
            }
        }
    }
}
