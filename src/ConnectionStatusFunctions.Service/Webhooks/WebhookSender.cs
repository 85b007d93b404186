using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ConnectionStatusFunctions.Service.Probes;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// What one attempt to deliver came to: delivered, or why not (in words support can act on, nothing
/// the receiver sent), and whether the receiver answered at all (a status, even an error) rather
/// than not in time or not at all.
/// </summary>
public sealed record SendResult(bool Delivered, string? Failure, bool Answered);

/// <summary>
/// Sends one signed delivery. The client follows no redirect (a 3xx is a failed delivery), uses no
/// proxy (a proxy would connect where the guard never looked), carries no cookies and no trace context, connects only
/// through <see cref="WebhookAddressGuard.ConnectAsync"/>, gives up after Webhooks:DeliveryTimeout,
/// and reads the answer's status and headers (at most 64 KiB) but none of its body.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string MediaType = "application/cloudevents+json";

    private readonly HttpClient _client;
    private readonly IOptions<WebhookOptions> _options;
    private readonly TimeProvider _time;

    public WebhookSender(WebhookAddressGuard guard, IOptions<WebhookOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(options);
        // Read per send, not here: a hosted service builds the sender before start-up validation reports every bad setting at once.
        _options = options;
        _time = time;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxResponseDrainSize = 0,
            MaxResponseHeadersLength = 64,
            // A pooled connection skips the connect callback; a short life makes a name's new addresses checked soon.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = guard.ConnectAsync,
            // A receiver is someone else's server: our trace ids (a delivery runs inside a span when tracing is on) are not theirs to see.
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<SendResult> SendAsync(Uri url, string eventId, string body, string secret, CancellationToken cancellationToken)
    {
        var timestamp = _time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, MediaType),
        };
        request.Headers.Add("webhook-id", eventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(eventId, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("ConnectionStatusFunctions-Webhooks", "1"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = _options.Value.DeliveryTimeout;
        timeout.CancelAfter(limit);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => new SendResult(true, null, Answered: true),
                >= 300 and < 400 => new SendResult(false, $"HTTP {status}, a redirect, which deliveries do not follow", Answered: true),
                _ => new SendResult(false, $"HTTP {status}", Answered: true),
            };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new SendResult(false, $"no answer within {limit.TotalSeconds:0.#} s", Answered: false);
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            return new SendResult(false, $"refused: {refused.Message}", Answered: false);
        }
        catch (HttpRequestException e)
        {
            return new SendResult(false, ProbeClient.WhatHappened(e, "receiver"), Answered: false);
        }
    }

    private static WebhookAddressRefusedException? Refusal(Exception? e) => e switch
    {
        null => null,
        WebhookAddressRefusedException refused => refused,
        _ => Refusal(e.InnerException),
    };

    public void Dispose() => _client.Dispose();
}
