using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The tests' own Azurite leaves with the process that started it, however that process ends: a
/// test host ended before its exit handlers ran left its Azurites behind on every run.
/// </summary>
public sealed class AzuriteProcessTests
{
    [Fact]
    public async Task AnAzuriteWhoseStarterIsGoneExitsByItself()
    {
        using var starter = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var tablePort = AzuriteProcess.FreePort();
        foreach (var argument in AzuriteProcess.NodeArguments(AzuriteProcess.FreePort(), AzuriteProcess.FreePort(), tablePort, starter.Id))
        {
            start.ArgumentList.Add(argument);
        }

        using var azurite = Process.Start(start)!;
        azurite.BeginOutputReadLine();
        azurite.BeginErrorReadLine();
        try
        {
            // Serving while its starter runs: a watch that ended it at once would also pass the check below.
            var serving = false;
            for (var poll = 0; poll < 600 && !serving && !azurite.HasExited; poll++)
            {
                using var probe = new TcpClient();
                try
                {
                    await probe.ConnectAsync(IPAddress.Loopback, tablePort);
                    serving = true;
                }
                catch (SocketException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.True(serving, "Azurite did not serve while its starter ran");
            starter.Kill();
            await starter.WaitForExitAsync();

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await azurite.WaitForExitAsync(bound.Token);
            Assert.Equal(0, azurite.ExitCode);
        }
        finally
        {
            if (!azurite.HasExited)
            {
                azurite.Kill();
            }
        }
    }
}
