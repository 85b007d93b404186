using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// A real Azurite (the project's pinned npm package), in memory, on free 127.0.0.1 ports. Used by
/// the integration tests and the benchmarks alike.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>
    /// node's arguments for an Azurite on these ports that exits once the process
    /// <paramref name="exitWith"/> is gone. The test host is often ended before its exit handlers
    /// stop the Azurites it started, which left every run's Azurites behind, about 100 MB each; so
    /// each one checks every second that its starter still runs.
    /// </summary>
    public static IReadOnlyList<string> NodeArguments(int blobPort, int queuePort, int tablePort, int exitWith) =>
    [
        "--import", $"data:text/javascript,setInterval(()=>{{try{{process.kill({exitWith},0)}}catch{{process.exit(0)}}}},1000).unref();",
        FindAzuriteScript(), "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    public static async Task<AzuriteProcess> StartAsync()
    {
        var (blobPort, queuePort, tablePort) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in NodeArguments(blobPort, queuePort, tablePort, Environment.ProcessId))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, blobPort, queuePort, tablePort);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { blobPort, queuePort, tablePort })
        {
            while (!await IsListeningAsync(port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    await azurite.DisposeAsync();
                    throw new InvalidOperationException($"Azurite did not listen on 127.0.0.1:{port} within 60 s (exited: {process.HasExited}).");
                }

                await Task.Delay(100);
            }
        }

        return azurite;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindAzuriteScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Azurite is not installed: run `npm ci` at the repository root (./test.sh does).");
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
