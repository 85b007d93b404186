using System.Net;
using System.Text.Json;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Probes;

/// <summary>The probe HTTP contract: one GET to a connector's health URL, and how its answer reads as a status.</summary>
public sealed class ProbeClient(IHttpClientFactory httpClients, IOptions<ProbeOptions> options, TimeProvider time)
{
    public const string HttpClientName = "probes";

    /// <summary>
    /// The probe's connection settings. No redirects: the connector's own answer is judged, not a
    /// sign-in page it points to. Nothing of an unread body is drained to reuse the connection, so
    /// <see cref="PeerBody"/>'s bound holds. No cookies carried from one account's probe to another's,
    /// no decompression.
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        MaxResponseDrainSize = 0,
        MaxResponseHeadersLength = 64,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    };

    /// <summary>
    /// 2xx connected; 401/403 auth_error; 429 rate_limit; 3xx (not followed), timeouts, 5xx and
    /// anything else unknown. A JSON body of at most <see cref="PeerBody.MaxBytes"/> may refine
    /// category, code and message; a longer one is ignored.
    /// </summary>
    public async Task<ProbeResult> ProbeAsync(Uri url, CancellationToken cancellationToken)
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

            var status = (int)response.StatusCode;
            var category = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ErrorCategory.AuthError,
                HttpStatusCode.TooManyRequests => ErrorCategory.RateLimit,
                _ => ErrorCategory.Unknown,
            };
            var code = $"HTTP_{status}";
            var message = status is >= 300 and < 400
                ? $"Health probe answered HTTP {status} {response.ReasonPhrase}, a redirect, which the probe does not follow"
                : $"Health probe answered HTTP {status} {response.ReasonPhrase}";
            TimeSpan? retryAfter = response.StatusCode == HttpStatusCode.TooManyRequests ? ProbeBackoff.PauseFor(RetryAfterOf(response)) : null;

            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
                && await ReadBodyAsync(response.Content, timeout.Token, cancellationToken) is { } body)
            {
                var detail = DetailOf(body);
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
            return new ProbeResult(ConnectionStatus.Error, ErrorCategory.Unknown, "PROBE_UNREACHABLE", $"Health probe failed: {WhatHappened(e, "connector")}", null);
        }
    }

    /// <summary>The body when it arrives whole, within the bound and the probe's time; else null, and the status code decides.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContent content, CancellationToken timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await PeerBody.ReadAsync(content, PeerBody.MaxBytes, timeout);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>What went wrong on the wire, in words support can act on; <paramref name="peer"/> names who was called ("connector", "receiver").</summary>
    public static string WhatHappened(HttpRequestException exception, string peer)
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
                HttpRequestError.ResponseEnded => $"connection closed before a complete answer (reset by the {peer})",
                HttpRequestError.ConfigurationLimitExceeded => $"the {peer}'s answer headers were over the size limit",
                HttpRequestError.InvalidResponse => "the answer was not valid HTTP",
                HttpRequestError.ProxyTunnelError => "the proxy refused the connection",
                _ => "the request failed without an HTTP answer",
            },
        };
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };

    private static (ErrorCategory? Category, string? Code, string? Message) DetailOf(byte[] body)
    {
        try
        {
            var json = body.AsMemory();
            if (json.Span.StartsWith("\uFEFF"u8))
            {
                json = json[3..];
            }

            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            string? Text(params string[] names) => names
                .Select(n => document.RootElement.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

            ErrorCategory? category = WireName.TryParse<ErrorCategory>(Text("errorCategory", "category"), out var parsed) ? parsed : null;
            var code = Text("errorCode", "code");
            return (category, Identifier.IsSafe(code, ReportValidator.MaxErrorCodeLength) ? code : null, Text("errorMessage", "message"));
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
