using Xunit;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// The test process's Azurites, as a class fixture: each class is given one of a few shared
/// instances in turn, each started by the first class given it, and each exits when the process is
/// gone (<see cref="AzuriteProcess.NodeArguments"/>). Starting Azurite takes seconds and xunit 2
/// has no assembly fixture; sharing is safe because each test isolates itself with its own table
/// and queue names (<see cref="StatusApplication"/>), which is what lets classes run in parallel.
/// More than one, because Azurite answers on one JavaScript thread: measured, it needed about four
/// fifths of the CPU the tests themselves did, so one instance for every class held the parallel
/// classes to one core's worth of storage, and less than that on a machine shared with other
/// builds.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    // As many as xunit runs classes at once (one per core), at least two.
    private static readonly Lazy<Task<AzuriteProcess>>[] Shared =
        [.. Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 2, 4)).Select(_ => new Lazy<Task<AzuriteProcess>>(StartSharedAsync))];

    private static int _classesGiven;

    private AzuriteProcess? _process;

    public string ConnectionString => Process.ConnectionString;

    /// <summary>Its ports, for a test that puts a <see cref="FaultProxy"/> in front of one.</summary>
    public AzuriteProcess Process => _process ?? throw new InvalidOperationException("Azurite is used before xunit initialized the fixture.");

    public async Task InitializeAsync() => _process = await Shared[(Interlocked.Increment(ref _classesGiven) - 1) % Shared.Length].Value;

    // Other classes still use it: the process-exit handler stops it.
    public Task DisposeAsync() => Task.CompletedTask;

    // One start at a time: two Azurites started at the same moment failed once in ./test.sh.
    private static readonly SemaphoreSlim Starting = new(1, 1);

    private static async Task<AzuriteProcess> StartSharedAsync()
    {
        await Starting.WaitAsync();
        AzuriteProcess process;
        try
        {
            process = await AzuriteProcess.StartAsync();
        }
        finally
        {
            Starting.Release();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return process;
    }
}
