using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Service.Intake;

/// <summary>
/// The queue of connector failure reports. Under the Functions host only the name matters (host.json
/// sets the delivery); the standalone listener reads the rest, with the same defaults as host.json.
/// </summary>
public sealed partial class FailureQueueOptions
{
    public const string SectionName = "FailureQueue";

    /// <summary>The top-level app setting the queue trigger reads as %FailureQueueName%.</summary>
    public const string NameSetting = "FailureQueueName";

    /// <summary>Read only from <see cref="NameSetting"/>, the one setting both hosts share.</summary>
    public string Name { get; internal set; } = "connection-failure-reports";

    /// <summary>Deliveries before a message that keeps failing is poisoned (the Functions default).</summary>
    public int MaxDequeueCount { get; set; } = 5;

    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int BatchSize { get; set; } = 16;

    public int Concurrency { get; set; } = 8;

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    public string PoisonName => Name + "-poison";

    public IEnumerable<string> Validate()
    {
        // The poison queue's name adds 7 characters and must still fit the 63 allowed.
        if (Name is null || !QueueName().IsMatch(Name))
        {
            yield return $"{NameSetting} '{Name}' is not a queue name: 3-56 lower-case letters, digits and single hyphens.";
        }

        if (MaxDequeueCount is < 1 or > 100)
        {
            yield return $"{SectionName}:MaxDequeueCount must be between 1 and 100.";
        }

        if (VisibilityTimeout < TimeSpan.FromSeconds(1) || VisibilityTimeout > TimeSpan.FromHours(1))
        {
            yield return $"{SectionName}:VisibilityTimeout must be between 00:00:01 and 01:00:00.";
        }

        if (BatchSize is < 1 or > 32)
        {
            yield return $"{SectionName}:BatchSize must be between 1 and 32.";
        }

        if (Concurrency is < 1 or > 64)
        {
            yield return $"{SectionName}:Concurrency must be between 1 and 64.";
        }

        if (MaxPollingInterval < TimeSpan.FromMilliseconds(50) || MaxPollingInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"{SectionName}:MaxPollingInterval must be between 00:00:00.050 and 00:01:00.";
        }
    }

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,54}[a-z0-9]$")]
    private static partial Regex QueueName();
}
