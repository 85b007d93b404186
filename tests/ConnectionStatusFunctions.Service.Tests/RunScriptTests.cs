using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The app command line of ./run.sh, run as the script runs it (without Azurite, and without a
/// build: --no-build in the tests' configuration): the environment the caller gives is the one the
/// app runs in, and none given is Development as before.
/// Long because each environment case runs the script's own command line in a process of its own.
/// </summary>
[Trait("Tier", "Slow")]
public sealed partial class RunScriptTests
{
    // Storage nobody answers on: start-up does not need it, and a refused key is refused before storage.
    private const string UnreachableStorage =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    [Fact]
    public async Task RunShWithAspNetCoreEnvironmentProductionRunsAsProductionAndRefusesTheDevelopmentKeys()
    {
        var (environment, devKeyStatus) = await RunAsync("Production", ScriptArguments);

        Assert.Equal("Production", environment);
        Assert.Equal(HttpStatusCode.Unauthorized, devKeyStatus);
    }

    [Fact]
    public async Task DotnetRunWithTheLaunchProfileKeepsTheCallersEnvironment()
    {
        // `dotnet run --project src/ConnectionStatusFunctions.Standalone`, as a developer types it: the launch
        // profile applies, and its variables would win over the caller's.
        var (environment, devKeyStatus) = await RunAsync("Production", LaunchProfileArguments);

        Assert.Equal("Production", environment);
        Assert.Equal(HttpStatusCode.Unauthorized, devKeyStatus);
    }

    [Fact]
    public async Task RunShWithoutAnEnvironmentRunsAsDevelopmentWithTheDevelopmentKeys()
    {
        // What the script passes when the caller sets none.
        Assert.Contains("ASPNETCORE_ENVIRONMENT=\"${ASPNETCORE_ENVIRONMENT:-Development}\"", Script(), StringComparison.Ordinal);

        var (environment, devKeyStatus) = await RunAsync("Development", ScriptArguments);

        Assert.Equal("Development", environment);
        // Accepted: past the key check, storage (unreachable here) answers for it.
        Assert.NotEqual(HttpStatusCode.Unauthorized, devKeyStatus);
        Assert.NotEqual(HttpStatusCode.Forbidden, devKeyStatus);
    }

    [Theory]
    [InlineData("ASPNETCORE_ENVIRONMENT", true)]
    [InlineData("ASPNETCORE_ENVIRONMENT", false)]
    [InlineData("DOTNET_ENVIRONMENT", true)]
    public async Task TwoEnvironmentVariablesWhoseNamesDifferOnlyInCaseAndDisagreeAreNotDevelopment(string variable, bool upperCaseFirst)
    {
        // Linux keeps both; configuration merges them into one key, so the app sees whichever came
        // last. The demo tenant is Development only, so the start-up refuses it, naming both.
        (string, string) upper = (variable, "Production"), lower = (variable.ToLowerInvariant(), "Development");

        var (exitCode, output) = await RunToStartUpFailureAsync(upperCaseFirst ? [upper, lower] : [lower, upper]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Demo:Tenant fills a tenant with made-up accounts", output, StringComparison.Ordinal);
        Assert.Contains($"{variable}=Production and {variable.ToLowerInvariant()}=Development disagree", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunShRefusesABusyPortWithAMessageNamingItAndNoStackTrace()
    {
        using var busy = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        await using var script = ScriptRun.Start("--no-demo", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var exitCode = await script.ExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains($"Port {port} is already in use", script.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", script.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port")]
    [InlineData("--port", "http")]
    [InlineData("--port", "70000")]
    [InlineData("--colour")]
    public async Task RunShRefusesABadOptionWithItsUsage(params string[] arguments)
    {
        await using var script = ScriptRun.Start(arguments);

        Assert.Equal(2, await script.ExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Usage: ./run.sh [--no-demo] [--port N]", script.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunShPrintsThePagesAddressOnlyOnceThePageAnswersOnThePortItWasGiven()
    {
        // The whole script, and a build of the app if it is not up to date. The emulator's queue port is taken here
        // (by this listener, or by whatever already held it: the same either way), so the script's Azurite takes free
        // ports and the app uses it, not whatever answers on the emulator's ports.
        using var queuePortTaken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 10001);
        try
        {
            queuePortTaken.Start();
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Already taken by something else.
        }

        var port = AzuriteProcess.FreePort();
        await using var script = ScriptRun.Start("--no-demo", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var open = await script.LineAsync(l => l.StartsWith("Open ", StringComparison.Ordinal), TimeSpan.FromMinutes(5));

        Assert.StartsWith($"Open http://localhost:{port}/status ", open, StringComparison.Ordinal);
        Assert.Contains("Port 10001 is taken (another Azurite?): this run's Azurite listens on 127.0.0.1 ports ", script.Output, StringComparison.Ordinal);
        // At once: the line is printed after the page answered, not before the app started.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/status", UriKind.Relative))).StatusCode);
        // Its storage answers: the run's own Azurite, on the ports it printed.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/healthz", UriKind.Relative))).StatusCode);
    }

    /// <summary>./run.sh itself, with its output collected line by line; stopped with everything it started.</summary>
    private sealed class ScriptRun : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
        private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiting = [];

        private ScriptRun(Process process) => _process = process;

        public string Output => string.Join('\n', _output);

        public static ScriptRun Start(params string[] arguments)
        {
            var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryPaths.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("run.sh");
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var name in start.Environment.Keys.Where(k => k.EndsWith("_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(name);
            }

            var run = new ScriptRun(Process.Start(start)!);
            run._process.OutputDataReceived += run.Read;
            run._process.ErrorDataReceived += run.Read;
            run._process.BeginOutputReadLine();
            run._process.BeginErrorReadLine();
            return run;
        }

        public async Task<int> ExitAsync(TimeSpan within)
        {
            try
            {
                await _process.WaitForExitAsync().WaitAsync(within);
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException($"./run.sh did not exit within {within}:\n{Output}");
            }

            return _process.ExitCode;
        }

        public async Task<string> LineAsync(Func<string, bool> match, TimeSpan within)
        {
            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiting)
            {
                _waiting.Add((match, found));
                if (_output.FirstOrDefault(match) is { } seen)
                {
                    found.TrySetResult(seen);
                }
            }

            var exited = _process.WaitForExitAsync();
            var first = await Task.WhenAny(found.Task, exited).WaitAsync(within).ConfigureAwait(false);
            if (first != found.Task)
            {
                throw new InvalidOperationException($"./run.sh exited ({_process.ExitCode}) before the line:\n{Output}");
            }

            return await found.Task;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private void Read(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_waiting)
            {
                _output.Enqueue(e.Data);
                foreach (var (match, found) in _waiting.Where(w => w.Match(e.Data)))
                {
                    found.TrySetResult(e.Data);
                }
            }
        }
    }

    /// <summary>
    /// Runs the script's command line with the demo tenant and, of the environment-naming variables,
    /// only these: the app must refuse to start. Should it start instead, the failure says as what.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RunToStartUpFailureAsync(params (string Name, string Value)[] variables)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryPaths.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in ScriptArguments(AzuriteProcess.FreePort()))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.EndsWith("_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        start.Environment["Demo__Tenant"] = "demo";
        start.Environment["AzureWebJobsStorage"] = UnreachableStorage;

        using var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (HostingEnvironment().Match(e.Data) is { Success: true } match)
            {
                started.TrySetResult(match.Groups[1].Value);
            }
        }

        process.OutputDataReceived += Read;
        process.ErrorDataReceived += Read;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(exited, started.Task).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(first == exited, $"The app started as {(started.Task.IsCompleted ? started.Task.Result : "?")} with the demo tenant:\n{string.Join('\n', output)}");
            await exited;
            return (process.ExitCode, string.Join('\n', output));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static string Script() => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "run.sh"));

    /// <summary>The script's `dotnet run ...` line as arguments, with --no-build and a free port of its own.</summary>
    private static List<string> ScriptArguments(int port)
    {
        var line = Script().Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("dotnet run ", StringComparison.Ordinal));
        var arguments = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        arguments.InsertRange(1, ["--no-build", "--configuration", BuildConfiguration()]);
        var urls = arguments.IndexOf("--urls");
        Assert.True(urls > 0, "run.sh no longer passes --urls; update this test");
        arguments[urls + 1] = $"http://127.0.0.1:{port}";
        return arguments;
    }

    /// <summary>`dotnet run --project` with the project's launch profile, with --no-build and a free port of its own.</summary>
    private static List<string> LaunchProfileArguments(int port) =>
        ["run", "--project", "src/ConnectionStatusFunctions.Standalone", "--no-build", "--configuration", BuildConfiguration(), "--", "--urls", $"http://127.0.0.1:{port}"];

    private static string BuildConfiguration() =>
        new DirectoryInfo(RepositoryPaths.BuildFolder("ConnectionStatusFunctions.Standalone")).Parent!.Name;

    private static async Task<(string Environment, HttpStatusCode DevKeyStatus)> RunAsync(string aspNetCoreEnvironment, Func<int, List<string>> commandLine)
    {
        var port = AzuriteProcess.FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryPaths.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in commandLine(port))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("AZURE_FUNCTIONS_ENVIRONMENT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = aspNetCoreEnvironment;
        start.Environment["Demo__Tenant"] = string.Empty;
        start.Environment["AzureWebJobsStorage"] = UnreachableStorage;

        using var process = Process.Start(start)!;
        var hosting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Read(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (HostingEnvironment().Match(e.Data) is { Success: true } match)
            {
                hosting.TrySetResult(match.Groups[1].Value);
            }
        }

        process.OutputDataReceived += Read;
        process.ErrorDataReceived += Read;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var environment = await hosting.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenants/demo/connections");
            request.Headers.Add("X-Api-Key", "dev-support-key");
            var response = await client.SendAsync(request);
            return (environment, response.StatusCode);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException("The app did not start within 60 s:\n" + string.Join('\n', output));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    [GeneratedRegex(@"Hosting environment: (\S+)")]
    private static partial Regex HostingEnvironment();
}
