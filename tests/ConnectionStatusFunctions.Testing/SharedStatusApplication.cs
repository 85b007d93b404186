using Xunit;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// One <see cref="StatusApplication"/> for every test of a class, as its class fixture. Building an
/// app (host, container, tables, a seeded demo tenant) costs several times what a test of one request
/// does, so a class whose tests only read, or each write rows no other test of the class reads, builds
/// it once. A class whose tests count rows, read a queue whole, move the clock or need settings of
/// their own keeps an app per test.
/// </summary>
public abstract class SharedStatusApplication : IAsyncLifetime
{
    private StatusApplication? _app;

    public StatusApplication App => _app ?? throw new InvalidOperationException("The app is used before xunit initialized the fixture.");

    /// <summary>The app, on the test process's Azurite; a fixture that needs a peer first (an identity provider) starts it here.</summary>
    protected abstract Task<StatusApplication> CreateAsync(Azurite azurite);

    public async Task InitializeAsync()
    {
        var azurite = new Azurite();
        await azurite.InitializeAsync();
        _app = await CreateAsync(azurite);
    }

    public virtual Task DisposeAsync()
    {
        _app?.Dispose();
        return Task.CompletedTask;
    }
}
