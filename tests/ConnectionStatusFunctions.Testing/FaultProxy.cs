using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ConnectionStatusFunctions.Testing;

/// <summary>How the proxy treats connections, new and pooled alike.</summary>
public enum Fault
{
    /// <summary>Bytes flow both ways.</summary>
    None,

    /// <summary>Connections are accepted, requests read and never answered.</summary>
    Hang,

    /// <summary>Connections are accepted and reset; a pooled connection is reset at its next request.</summary>
    Reset,

    /// <summary>Nothing listens: connections are refused, open ones reset.</summary>
    Refuse,
}

/// <summary>
/// A TCP proxy on a free 127.0.0.1 port in front of one of Azurite's ports, whose <see cref="Fault"/>
/// a test switches at any time: the service then meets a store that hangs, resets or refuses, as it
/// would in production, through the real SDK and sockets.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener _listener;
    private Task _accepting;
    private volatile Fault _fault;

    public FaultProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        Port = AzuriteProcess.FreePort();
        _listener = Listen(Port);
        _accepting = AcceptAsync(_listener);
    }

    public int Port { get; }

    /// <summary>Added before the first bytes of each answer: a slow but healthy store.</summary>
    public TimeSpan Latency { get; set; }

    public Fault Fault
    {
        get => _fault;
        set
        {
            lock (_open)
            {
                var was = _fault;
                _fault = value;
                if (value == Fault.Refuse && was != Fault.Refuse)
                {
                    _listener.Stop();
                }
                else if (was == Fault.Refuse && value != Fault.Refuse)
                {
                    _listener = Listen(Port);
                    _accepting = AcceptAsync(_listener);
                }

                if (value is Fault.Reset or Fault.Refuse)
                {
                    foreach (var client in _open)
                    {
                        Abort(client);
                    }

                    _open.Clear();
                }
            }
        }
    }

    /// <summary>Azurite's connection string with the table endpoint through <paramref name="tables"/>.</summary>
    public static string ConnectionString(AzuriteProcess azurite, FaultProxy tables) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{azurite.BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{azurite.QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tables.Port}/devstoreaccount1;";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        lock (_open)
        {
            _listener.Stop();
            foreach (var client in _open)
            {
                Abort(client);
            }

            _open.Clear();
        }

        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return listener;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        if (_fault is Fault.Reset or Fault.Refuse)
        {
            Abort(client);
            return;
        }

        lock (_open)
        {
            _open.Add(client);
        }

        using var upstream = new TcpClient();
        try
        {
            if (_fault == Fault.None)
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            }

            var up = upstream.Connected ? upstream.GetStream() : null;
            var asked = new StrongBox<bool>();
            await Task.WhenAny(
                PumpAsync(client.GetStream(), up, client, asked, isAnswer: false),
                up is null ? Task.Delay(Timeout.Infinite, _stop.Token) : PumpAsync(up, client.GetStream(), client, asked, isAnswer: true));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection ended, by either side or by a fault.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
            }

            client.Dispose();
        }
    }

    /// <summary>Copies while there is no fault; swallows while hanging; resets the client's connection on a reset.</summary>
    private async Task PumpAsync(NetworkStream from, NetworkStream? to, TcpClient client, StrongBox<bool> asked, bool isAnswer)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            switch (_fault)
            {
                case Fault.None when to is not null:
                    if (!isAnswer)
                    {
                        asked.Value = true;
                    }
                    else if (asked.Value && Latency > TimeSpan.Zero)
                    {
                        asked.Value = false;
                        await Task.Delay(Latency, _stop.Token);
                    }

                    await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    break;
                case Fault.Reset or Fault.Refuse:
                    Abort(client);
                    return;
                default:
                    // Hanging: the bytes go nowhere and nothing is answered.
                    break;
            }
        }
    }

    private static void Abort(TcpClient client)
    {
        try
        {
            // Linger 0: close with RST, as a peer that resets.
            client.Client.LingerState = new LingerOption(true, 0);
            client.Client.Close();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
