using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// The built standalone app in a process of its own, configured only through environment
/// variables, the way a container starts it. Ready once /api/healthz answers 200.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private int _disposed;

    private readonly ConcurrentQueue<string> _output;

    private AppProcess(Process process, HttpClient client, ConcurrentQueue<string> output)
    {
        _process = process;
        Client = client;
        _output = output;
    }

    /// <summary>A client for the app's port on 127.0.0.1.</summary>
    public HttpClient Client { get; }

    /// <summary>The lines the app has written to its standard output so far (its console log).</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>
    /// The settings that give app processes storage of their own on a shared Azurite: every table, queue and container
    /// name the app uses, made of <paramref name="prefix"/> (lower-case letters) and a random suffix. Processes started
    /// with the same settings share their storage, and no other test's; a test adds its own settings to the dictionary.
    /// </summary>
    public static Dictionary<string, string> OwnStorage(string connectionString, string prefix)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return new()
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Storage__ConnectionsTable"] = prefix + suffix,
            ["Storage__TenantsTable"] = prefix + "tenants" + suffix,
            ["Storage__ChannelHealthTable"] = prefix + "channels" + suffix,
            ["Storage__WebhooksTable"] = prefix + "hooks" + suffix,
            ["Storage__LeaseContainer"] = prefix + "-" + suffix,
            ["FailureQueueName"] = prefix + "-" + suffix,
            ["ProbeQueueName"] = prefix + "probes-" + suffix,
            ["DispatchQueueName"] = prefix + "dispatch-" + suffix,
            ["EventsQueueName"] = prefix + "events-" + suffix,
            ["TenantDeletionQueueName"] = prefix + "deletions-" + suffix,
        };
    }

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var appDir = AppBuildFolder();
        var port = AzuriteProcess.FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = appDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(appDir, "ConnectionStatusFunctions.Standalone.dll"));
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // As in StatusApplication: Azurite on a loaded test machine may answer later than the production 5 s.
        start.Environment["Storage__ResponseTimeout"] = "00:01:00";
        // As the test projects run: a process that lives for seconds pays for profile-guided optimisation's
        // instrumentation and never gains from it.
        start.Environment["DOTNET_TieredPGO"] = "0";

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } data)
            {
                output.Enqueue(data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") }, output);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await app.Client.GetAsync("/api/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || DateTime.UtcNow >= deadline)
            {
                await app.DisposeAsync();
                throw new InvalidOperationException(process.HasExited ? "The app exited during start-up." : "The app did not listen within 60 s.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Two processes of the app on one environment, started side by side: their start-ups (mostly JIT
    /// on a core of their own) overlap instead of following each other. Neither is left running when
    /// the other fails to start.
    /// </summary>
    public static async Task<(AppProcess First, AppProcess Second)> StartPairAsync(IReadOnlyDictionary<string, string> environment)
    {
        var starting = new[] { StartAsync(environment), StartAsync(environment) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(s => s.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        return (starting[0].Result, starting[1].Result);
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return ValueTask.CompletedTask;
        }

        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string AppBuildFolder()
    {
        var folder = RepositoryPaths.BuildFolder("ConnectionStatusFunctions.Standalone");
        return File.Exists(Path.Combine(folder, "ConnectionStatusFunctions.Standalone.dll"))
            ? folder
            : throw new InvalidOperationException($"The standalone app is not built at {folder}.");
    }
}
