namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// Test classes that must not share the machine with the parallel ones, because they read
/// process-wide state (the meters) or hold real-time windows (a short storage budget, the timer's
/// ticks): xunit runs this collection after all the others, one test at a time. A class that only
/// starts processes and waits for them with a generous bound (<see cref="RunScriptTests"/>) runs
/// beside the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
