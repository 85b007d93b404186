using System.Text;
using BenchmarkDotNet.Attributes;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Benchmarks;

/// <summary>The status engine's hot paths. Targets: a transition under 2 µs allocating only the new state; a 2 KB redaction under 20 µs.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly StatusPolicy _policy = new();
    private ConnectionState _state = null!;
    private ConnectionReport _failure = null!;
    private string _message = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A realistic row: a full 21-result history and failures spread over the day.
        ConnectionState? state = null;
        for (var i = 0; i < 30; i++)
        {
            var at = T0.AddMinutes(i * 40);
            var report = i % 4 == 0
                ? new ConnectionReport(ConnectionStatus.Error, at, ReportSource.Probe, ErrorCategory.RateLimit, "HTTP_429", "429 Too Many Requests")
                : new ConnectionReport(ConnectionStatus.Connected, at, ReportSource.Probe);
            state = StatusTransition.Apply(state, report, _policy).State;
        }

        _state = state!;
        _failure = new ConnectionReport(ConnectionStatus.Error, T0.AddDays(1), ReportSource.Connector, ErrorCategory.AuthError, "LINE_401", "401 Unauthorized", "rep-1", Channel.Line);
        _message = BuildMessage(2048);
    }

    [Benchmark]
    public ConnectionState? Transition() => StatusTransition.Apply(_state, _failure, _policy).State;

    [Benchmark]
    public string Redact2KB() => SecretRedactor.Redact(_message);

    /// <summary>A 2 KB connector error with the kinds of secrets connectors leak, and plenty of benign text.</summary>
    public static string BuildMessage(int length)
    {
        var builder = new StringBuilder(length + 256);
        var parts = new[]
        {
            "LINE Messaging API push failed: HTTP 401 Unauthorized from https://api.line.me/v2/bot/message/push ",
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c ",
            "request id 3f2c9a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b; retry after 30 seconds; ",
            "callback https://shop.example.com/oauth/callback?code=4/0AX4XfWh8s7d6f5g4h3j2k1l&state=abc ",
            "Graph API error: OAuthException code 190, access_token=EAAGm0PX4ZCpsBAKZCZAnT9ZBZCcZAZBZCZCbZCZCZAZAhZBZCZCZAZBZCZCZAZAZB invalid; ",
            "upstream said: connection reset by peer (ECONNRESET) after 1532 ms; ",
        };
        for (var i = 0; builder.Length < length; i++)
        {
            builder.Append(parts[i % parts.Length]);
        }

        return builder.ToString(0, length);
    }
}
