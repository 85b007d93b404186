using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// A connector's health endpoint written by hand on a raw socket on 127.0.0.1: the test writes every
/// byte of each answer, sees each request target exactly as it came over the wire, and counts how
/// much of its answers' bodies the client let it send before it closed the connection.
/// </summary>
public sealed class RawConnector : IAsyncDisposable
{
    /// <summary>What the accepted socket may hold unsent: small, so that the count is close to what the client read.</summary>
    public const int SendBufferBytes = 16 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<Exchange, Task> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _exchanges = [];
    private readonly Task _accepting;
    private long _bodyBytesSent;
    private int _finished;

    private RawConnector(Func<Exchange, Task> answer)
    {
        _answer = answer;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Starts listening; <paramref name="answer"/> writes the answer to each request (the connection is closed after it).</summary>
    public static RawConnector Start(Func<Exchange, Task> answer) => new(answer);

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Request targets (path and query) in the order they arrived, as sent.</summary>
    public ConcurrentQueue<string> Targets { get; } = new();

    /// <summary>Bytes written after the answers' heads that the socket accepted.</summary>
    public long BodyBytesSent => Interlocked.Read(ref _bodyBytesSent);

    /// <summary>Waits, polling with a bound, until <paramref name="count"/> exchanges have ended.</summary>
    public async Task WaitForFinishedAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Volatile.Read(ref _finished) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Volatile.Read(ref _finished)} of {count} exchanges ended within {within}.");
            }

            await Task.Delay(20);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _exchanges.Add(Task.Run(() => ServeAsync(socket)));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            socket.SendBufferSize = SendBufferBytes;
            var head = await ReadHeadAsync(socket);
            if (head is not null)
            {
                var target = head.Split(' ')[1];
                Targets.Enqueue(target);
                await _answer(new Exchange(this, socket, target));
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            // The client closed the connection: what it took is counted.
        }
        finally
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already closed by the client.
            }

            socket.Dispose();
            Interlocked.Increment(ref _finished);
        }
    }

    private async Task<string?> ReadHeadAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[1024];
        while (received.Count < 64 * 1024)
        {
            var read = await socket.ReceiveAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return null;
            }

            received.AddRange(buffer.AsSpan(0, read));
            var text = Encoding.ASCII.GetString([.. received]);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return text;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_exchanges);
        _stop.Dispose();
    }

    /// <summary>One request and the answer the test writes to it.</summary>
    public sealed class Exchange(RawConnector owner, Socket socket, string target)
    {
        public string Target => target;

        /// <summary>Body bytes of this exchange the socket took so far.</summary>
        public long Sent { get; private set; }

        /// <summary>The status line and headers; "Connection: close" is added.</summary>
        public Task HeadAsync(string statusLine, params string[] headers) =>
            SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {statusLine}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Connection: close\r\n\r\n"));

        /// <summary>Part of the body, counted once the socket took it; throws once the client has closed the connection.</summary>
        public async Task BodyAsync(ReadOnlyMemory<byte> bytes)
        {
            await SendAsync(bytes);
            Sent += bytes.Length;
            Interlocked.Add(ref owner._bodyBytesSent, bytes.Length);
        }

        /// <summary>One chunk of a chunked body.</summary>
        public Task ChunkAsync(ReadOnlyMemory<byte> bytes) =>
            BodyAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n").Concat(bytes.ToArray()).Concat("\r\n"u8.ToArray()).ToArray());

        private async Task SendAsync(ReadOnlyMemory<byte> bytes)
        {
            while (bytes.Length > 0)
            {
                var sent = await socket.SendAsync(bytes, owner._stop.Token);
                bytes = bytes[sent..];
            }
        }
    }
}
