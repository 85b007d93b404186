using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Service.Queues;

/// <summary>
/// A queue the app consumes. Under the Functions host only the name matters (host.json sets the
/// delivery for every queue trigger alike); the standalone listener reads the rest. It polls as
/// host.json does but needs fewer deliveries, because it waits out a storage outage instead of
/// spending deliveries on it.
/// </summary>
public abstract partial class QueueOptions
{
    /// <summary>The settings section of the standalone listener's delivery settings.</summary>
    public abstract string Section { get; }

    /// <summary>The top-level app setting the queue trigger reads as %Setting%.</summary>
    public abstract string NameSettingName { get; }

    /// <summary>Read only from <see cref="NameSettingName"/>, the one setting both hosts share.</summary>
    public abstract string Name { get; internal set; }

    /// <summary>Deliveries before a message that keeps failing is poisoned (the Functions default).</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Standalone: how long a received message stays invisible, and so the longest its handler may run.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 32)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Messages handled at once. Each queue's override carries its range: the generated validator reads the override's annotations, not these.</summary>
    public abstract int Concurrency { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    public string PoisonName => Name + "-poison";

    /// <summary>The queue's name, a setting outside the section; the ranges are the annotations above, checked by each queue's generated validator.</summary>
    public IEnumerable<string> Validate()
    {
        // The poison queue's name adds 7 characters and must still fit the 63 allowed.
        if (!IsQueueName(Name))
        {
            yield return $"{NameSettingName} '{Name}' is not a queue name: 3-56 lower-case letters, digits and single hyphens.";
        }
    }

    /// <summary>Whether a queue, and its poison queue, may have this name.</summary>
    public static bool IsQueueName(string? name) => name is not null && QueueName().IsMatch(name);

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,54}[a-z0-9]$")]
    private static partial Regex QueueName();
}
