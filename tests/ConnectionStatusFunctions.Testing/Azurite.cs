using Xunit;

namespace ConnectionStatusFunctions.Testing;

/// <summary>One Azurite for a test assembly; tests isolate themselves with their own table and queue names.</summary>
public sealed class Azurite : IAsyncLifetime
{
    private AzuriteProcess? _process;

    public string ConnectionString => _process!.ConnectionString;

    /// <summary>Its ports, for a test that puts a <see cref="FaultProxy"/> in front of one.</summary>
    public AzuriteProcess Process => _process!;

    public async Task InitializeAsync() => _process = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
