using System.Net;
using System.Text.Json;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>What one probe observed, before it becomes a report.</summary>
public sealed record ProbeResult(ConnectionStatus Status, ErrorCategory? Category, string? Code, string? Message, TimeSpan? RetryAfter);

/// <summary>The probe HTTP contract: one GET to a connector's health URL, and how its answer reads as a status.</summary>
public sealed class ProbeClient(IHttpClientFactory httpClients, IOptions<ProbeOptions> options, TimeProvider time)
{
    public const string HttpClientName = "probes";

    /// <summary>2xx connected; 401/403 auth_error; 429 rate_limit; timeouts, 5xx and anything else unknown. A JSON body may refine category, code and message.</summary>
    public async Task<ProbeResult> ProbeAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return new ProbeResult(ConnectionStatus.Connected, null, null, null, null);
            }

            var category = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ErrorCategory.AuthError,
                HttpStatusCode.TooManyRequests => ErrorCategory.RateLimit,
                _ => ErrorCategory.Unknown,
            };
            var code = $"HTTP_{(int)response.StatusCode}";
            var message = $"Health probe answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            var retryAfter = response.StatusCode == HttpStatusCode.TooManyRequests ? RetryAfterOf(response) : null;

            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                var detail = await ReadDetailAsync(response, timeout.Token);
                category = detail.Category ?? category;
                code = detail.Code ?? code;
                message = detail.Message ?? message;
            }

            return new ProbeResult(ConnectionStatus.Error, category, code, message, retryAfter);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(ConnectionStatus.Error, ErrorCategory.Unknown, "PROBE_TIMEOUT", $"Health probe did not answer within {options.Value.Timeout.TotalSeconds:0.#} s", null);
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(ConnectionStatus.Error, ErrorCategory.Unknown, "PROBE_UNREACHABLE", $"Health probe failed: {WhatHappened(e)}", null);
        }
    }

    /// <summary>What went wrong on the wire, in words support can act on.</summary>
    public static string WhatHappened(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var socket = exception.InnerException as System.Net.Sockets.SocketException
            ?? exception.InnerException?.InnerException as System.Net.Sockets.SocketException;
        return socket?.SocketErrorCode switch
        {
            System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
            System.Net.Sockets.SocketError.ConnectionReset => "connection reset",
            System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData or System.Net.Sockets.SocketError.TryAgain => "DNS lookup failed",
            System.Net.Sockets.SocketError.TimedOut => "connection timed out",
            System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable => "host unreachable",
            _ => exception.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "DNS lookup failed",
                HttpRequestError.SecureConnectionError => "TLS handshake failed",
                HttpRequestError.ConnectionError => "could not connect",
                HttpRequestError.ResponseEnded => "connection closed before a complete answer (reset by the connector)",
                HttpRequestError.InvalidResponse => "the answer was not valid HTTP",
                HttpRequestError.ProxyTunnelError => "the proxy refused the connection",
                _ => "the request failed without an HTTP answer",
            },
        };
    }

    public static string Expand(string template, ConnectionKey key) => template
        .Replace("{tenantId}", Uri.EscapeDataString(key.TenantId), StringComparison.Ordinal)
        .Replace("{channelAccountId}", Uri.EscapeDataString(key.ChannelAccountId), StringComparison.Ordinal);

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };

    private static async Task<(ErrorCategory? Category, string? Code, string? Message)> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            string? Text(params string[] names) => names
                .Select(n => document.RootElement.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

            ErrorCategory? category = WireName.TryParse<ErrorCategory>(Text("errorCategory", "category"), out var parsed) ? parsed : null;
            var code = Text("errorCode", "code");
            var message = Text("errorMessage", "message");
            return (category, Identifier.IsSafe(code, ReportValidator.MaxErrorCodeLength) ? code : null, message is { Length: <= ReportValidator.MaxErrorMessageLength } ? message : message?[..ReportValidator.MaxErrorMessageLength]);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
