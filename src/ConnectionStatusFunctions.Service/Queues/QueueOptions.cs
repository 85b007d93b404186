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
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Standalone: how long a received message stays invisible, and so the longest its handler may run.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int BatchSize { get; set; } = 16;

    public abstract int Concurrency { get; set; }

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    public string PoisonName => Name + "-poison";

    public IEnumerable<string> Validate()
    {
        // The poison queue's name adds 7 characters and must still fit the 63 allowed.
        if (Name is null || !QueueName().IsMatch(Name))
        {
            yield return $"{NameSettingName} '{Name}' is not a queue name: 3-56 lower-case letters, digits and single hyphens.";
        }

        if (MaxDequeueCount is < 1 or > 100)
        {
            yield return $"{Section}:MaxDequeueCount must be between 1 and 100.";
        }

        if (VisibilityTimeout < TimeSpan.FromSeconds(1) || VisibilityTimeout > TimeSpan.FromHours(1))
        {
            yield return $"{Section}:VisibilityTimeout must be between 00:00:01 and 01:00:00.";
        }

        if (BatchSize is < 1 or > 32)
        {
            yield return $"{Section}:BatchSize must be between 1 and 32.";
        }

        if (Concurrency is < 1 or > 64)
        {
            yield return $"{Section}:Concurrency must be between 1 and 64.";
        }

        if (MaxPollingInterval < TimeSpan.FromMilliseconds(50) || MaxPollingInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:MaxPollingInterval must be between 00:00:00.050 and 00:01:00.";
        }
    }

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,54}[a-z0-9]$")]
    private static partial Regex QueueName();
}
