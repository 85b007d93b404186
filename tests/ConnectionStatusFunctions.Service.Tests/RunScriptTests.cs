using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The app command line of ./run.sh, run as the script runs it (without Azurite, and without a
/// build: --no-build in the tests' configuration): the environment the caller gives is the one the
/// app runs in, and none given is Development as before.
/// </summary>
[Collection(SerialCollection.Name)]
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
        var (environment, devKeyStatus) = await RunAsync("Production");

        Assert.Equal("Production", environment);
        Assert.Equal(HttpStatusCode.Unauthorized, devKeyStatus);
    }

    [Fact]
    public async Task RunShWithoutAnEnvironmentRunsAsDevelopmentWithTheDevelopmentKeys()
    {
        // What the script passes when the caller sets none.
        Assert.Contains("ASPNETCORE_ENVIRONMENT=\"${ASPNETCORE_ENVIRONMENT:-Development}\"", Script(), StringComparison.Ordinal);

        var (environment, devKeyStatus) = await RunAsync("Development");

        Assert.Equal("Development", environment);
        // Accepted: past the key check, storage (unreachable here) answers for it.
        Assert.NotEqual(HttpStatusCode.Unauthorized, devKeyStatus);
        Assert.NotEqual(HttpStatusCode.Forbidden, devKeyStatus);
    }

    private static string Script() => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "run.sh"));

    /// <summary>The script's `dotnet run ...` line as arguments, with --no-build and a free port of its own.</summary>
    private static List<string> ScriptArguments(int port)
    {
        var line = Script().Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("dotnet run ", StringComparison.Ordinal));
        var arguments = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var configuration = new DirectoryInfo(RepositoryPaths.BuildFolder("ConnectionStatusFunctions.Standalone")).Parent!.Name;
        arguments.InsertRange(1, ["--no-build", "--configuration", configuration]);
        var urls = arguments.IndexOf("--urls");
        Assert.True(urls > 0, "run.sh no longer passes --urls; update this test");
        arguments[urls + 1] = $"http://127.0.0.1:{port}";
        return arguments;
    }

    private static async Task<(string Environment, HttpStatusCode DevKeyStatus)> RunAsync(string aspNetCoreEnvironment)
    {
        var port = AzuriteProcess.FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryPaths.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in ScriptArguments(port))
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
