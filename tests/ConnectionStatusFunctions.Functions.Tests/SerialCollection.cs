namespace ConnectionStatusFunctions.Functions.Tests;

/// <summary>
/// Test classes that must not share the machine with the parallel ones, because they read
/// process-wide state (the meters), hold real-time windows (a short storage budget, the timer's
/// ticks) or start processes: xunit runs this collection after all the others, one test at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
