using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>One node tool's run: its exit code, what it printed, and what it complained about.</summary>
public sealed record NodeRun(string Tool, int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"{Tool} exited {ExitCode}:\n{Output}\n{Errors}";
}

/// <summary>
/// Starts the standalone app on the test process's Azurite, fetches its document and runs every
/// tool once: the lints and the client chain side by side. Offline: the tools are the ones
/// `npm ci` installed, Redocly's telemetry and update notice are off.
/// </summary>
public sealed class ContractTools : IAsyncLifetime
{
    public const string Tenant = "acme";
    public const string Account = "line-main";

    private static readonly string Tools = Path.Combine(RepositoryPaths.Root, "tests", "ConnectionStatusFunctions.Service.Tests", "Contract");
    private static readonly TimeSpan ToolBudget = TimeSpan.FromMinutes(5);

    private readonly Azurite _azurite = new();

    // Under the test's build folder, so that node finds the repository's node_modules above it.
    private readonly string _work = Path.Combine(AppContext.BaseDirectory, "contract-" + Guid.NewGuid().ToString("N")[..12]);

    public record Outcome(NodeRun Redocly, NodeRun Spectral, (NodeRun Generate, NodeRun Compile, NodeRun Client) Client, (NodeRun Generate, NodeRun Compile) LooseIntegers);

    public Outcome Results { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        await using var app = await AppProcess.StartAsync(AppProcess.OwnStorage(_azurite.ConnectionString, "contract"));

        Directory.CreateDirectory(_work);
        var answer = await app.Client.GetAsync("/" + StatusRoutes.ApiContractTemplate);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var document = await answer.Content.ReadAsStringAsync();
        var served = Path.Combine(_work, "openapi.json");
        await File.WriteAllTextAsync(served, document);

        var redocly = RunAsync("redocly", "lint", served, "--config", Path.Combine(Tools, "redocly.yaml"), "--format=json");
        var spectral = SpectralAsync(served);
        var client = ClientAsync(app.Client.BaseAddress!, served, Path.Combine(_work, "client"));

        // The same document with one integer loosened the way the web defaults used to describe it.
        var loose = JsonNode.Parse(document)!;
        loose["components"]!["schemas"]!["ConnectionView"]!["properties"]!["healthScore"]!["type"] = new JsonArray("string", "integer");
        var loosePath = Path.Combine(_work, "openapi-loose.json");
        await File.WriteAllTextAsync(loosePath, loose.ToJsonString());
        var looseIntegers = CompileAsync(loosePath, Path.Combine(_work, "loose"));

        Results = new Outcome(await redocly, await spectral, await client, await looseIntegers);
    }

    public async Task DisposeAsync()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }

        await _azurite.DisposeAsync();
    }

    /// <summary>Spectral's findings as JSON, written to a file: on its standard output they would share the stream with its messages.</summary>
    private async Task<NodeRun> SpectralAsync(string document)
    {
        var findings = Path.Combine(_work, "spectral.json");
        var run = await RunAsync("spectral", "lint", document, "--ruleset", Path.Combine(Tools, "spectral.yaml"), "--format=json", "--output", findings, "--fail-severity=warn", "--quiet");
        return run with { Output = File.Exists(findings) ? await File.ReadAllTextAsync(findings) : "" };
    }

    private static async Task<(NodeRun Generate, NodeRun Compile, NodeRun Client)> ClientAsync(Uri service, string document, string folder)
    {
        var (generate, compile) = await CompileAsync(document, folder);
        if (compile.ExitCode != 0)
        {
            return (generate, compile, new NodeRun("client", -1, "", "not run: the client did not compile"));
        }

        var checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var run = await RunAsync(Path.Combine(folder, "client.mjs"), service.ToString().TrimEnd('/'), "dev-connector-key", "dev-support-key", Tenant, Account, checkedAt);
        return (generate, compile, run);
    }

    /// <summary>Types generated from <paramref name="document"/>, then the committed client compiled against them.</summary>
    private static async Task<(NodeRun Generate, NodeRun Compile)> CompileAsync(string document, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in new[] { "client.mts", "tsconfig.json" })
        {
            File.Copy(Path.Combine(Tools, "client", file), Path.Combine(folder, file));
        }

        var generate = await RunAsync("openapi-typescript", document, "--output", Path.Combine(folder, "schema.mts"));
        if (generate.ExitCode != 0)
        {
            return (generate, new NodeRun("tsc", -1, "", "not run: no types were generated"));
        }

        return (generate, await RunAsync("tsc", "--project", Path.Combine(folder, "tsconfig.json"), "--pretty", "false"));
    }

    /// <summary>
    /// A tool from the repository's node_modules/.bin (or a script, by its path), bounded: a tool
    /// that hangs is killed and reported, never waited on for ever.
    /// </summary>
    private static async Task<NodeRun> RunAsync(string tool, params string[] arguments)
    {
        var script = Path.IsPathRooted(tool) ? tool : Path.Combine(RepositoryPaths.Root, "node_modules", ".bin", tool);
        if (!Path.IsPathRooted(tool) && !File.Exists(script))
        {
            // A checkout whose node_modules predates the tools in package.json: say how to get them.
            throw new InvalidOperationException($"{script} is missing: run 'npm ci' at the repository's root (./test.sh does) to install the pinned contract tools.");
        }

        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start node for {tool}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var budget = new CancellationTokenSource(ToolBudget);
        try
        {
            await process.WaitForExitAsync(budget.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new NodeRun(Path.GetFileName(tool), -1, await output, $"killed after {ToolBudget}: {await errors}");
        }

        return new NodeRun(Path.GetFileName(tool), process.ExitCode, await output, await errors);
    }
}
