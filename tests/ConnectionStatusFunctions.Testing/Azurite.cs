using Xunit;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// The test process's one Azurite, as a class fixture: the first class to ask starts it, every
/// later one shares it, and it stops when the process exits. Starting Azurite takes seconds and
/// xunit 2 has no assembly fixture; sharing it is safe because each test isolates itself with its
/// own table and queue names (<see cref="StatusApplication"/>), which is what lets classes run in parallel.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private static readonly Lazy<Task<AzuriteProcess>> Shared = new(StartSharedAsync);

    private AzuriteProcess? _process;

    public string ConnectionString => Process.ConnectionString;

    /// <summary>Its ports, for a test that puts a <see cref="FaultProxy"/> in front of one.</summary>
    public AzuriteProcess Process => _process ?? throw new InvalidOperationException("Azurite is used before xunit initialized the fixture.");

    public async Task InitializeAsync() => _process = await Shared.Value;

    // Other classes still use it: the process-exit handler stops it.
    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<AzuriteProcess> StartSharedAsync()
    {
        var process = await AzuriteProcess.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return process;
    }
}
