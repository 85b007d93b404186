using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Service.Telemetry;
using ConnectionStatusFunctions.Core;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Probes;

public sealed record ProbeRunSummary(int Tenants, int Due, int Probed, int Connected, int Failed, int Skipped, bool OutOfTime, IReadOnlyList<ChannelHealth> Channels);

/// <summary>What one probe observed, before it becomes a report.</summary>
public sealed record ProbeResult(ConnectionStatus Status, ErrorCategory? Category, string? Code, string? Message, TimeSpan? RetryAfter);

/// <summary>
/// One timer tick: find the accounts whose last check is older than the probe interval, probe them
/// over HTTP with bounded concurrency inside a time budget, apply the results as reports from
/// source "probe", and recompute each channel's provider health.
/// </summary>
public sealed class ProbeRunner(
    ConnectionStore store,
    ChannelHealthStore channelHealth,
    ReportIntake intake,
    IHttpClientFactory httpClients,
    IOptions<ProbeOptions> options,
    IOptions<OutagePolicy> outagePolicy,
    TimeProvider time,
    StatusTelemetry telemetry,
    ILogger<ProbeRunner> logger)
{
    public const string HttpClientName = "probes";

    private sealed record DueAccount(ConnectionKey Key, Channel Channel, string Url);

    public async Task<ProbeRunSummary> RunAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var outagePolicySettings = outagePolicy.Value;
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        using var activity = StatusTelemetry.Traces.StartActivity("ProbeRun");
        if (isPastDue)
        {
            logger.LogInformation("Probe tick is past due; running it once now");
        }

        var templates = settings.Urls.ToDictionary(pair => WireName.Parse<Channel>(pair.Key), pair => pair.Value);
        var recent = new Dictionary<ConnectionKey, (Channel Channel, bool Failing)>();
        var due = new List<DueAccount>();
        var tenants = await store.ListTenantsAsync(cancellationToken);
        foreach (var tenant in tenants)
        {
            await foreach (var stored in store.ListAllAsync(tenant, cancellationToken))
            {
                var state = stored.State;
                if (state.LastCheckedAt >= startedAt - outagePolicySettings.OutageWindow && state.Status != ConnectionStatus.Disconnected)
                {
                    recent[stored.Key] = (state.Channel, state.Status == ConnectionStatus.Error);
                }

                if (state.Status != ConnectionStatus.Disconnected
                    && state.LastCheckedAt <= startedAt - settings.Interval
                    && templates.TryGetValue(state.Channel, out var template))
                {
                    due.Add(new DueAccount(stored.Key, state.Channel, Expand(template, stored.Key)));
                }
            }
        }

        // The budget covers the whole run, the scan for due accounts included: under the host the
        // function's own timeout counts from the start too. Its timer runs on the run's clock.
        var left = settings.TimeBudget - (time.GetUtcNow() - startedAt);
        using var budget = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var pausedUntil = new ConcurrentDictionary<Channel, DateTimeOffset>();
        var results = new ConcurrentDictionary<ConnectionKey, (Channel Channel, bool Failing)>();
        int probed = 0, connected = 0, failed = 0, skipped = 0;
        var outOfTime = left <= TimeSpan.Zero;
        try
        {
            await Parallel.ForEachAsync(outOfTime ? [] : due, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = linked.Token }, async (account, token) =>
            {
                if (pausedUntil.TryGetValue(account.Channel, out var until) && time.GetUtcNow() < until)
                {
                    Interlocked.Increment(ref skipped); // the channel asked us to back off (429 Retry-After)
                    telemetry.Probed("skipped");
                    return;
                }

                var result = await ProbeAsync(account.Url, token);
                if (result.RetryAfter is { } wait)
                {
                    pausedUntil[account.Channel] = time.GetUtcNow() + wait;
                }

                var report = new ReportInput(
                    WireName.Of(result.Status),
                    time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    result.Category is { } category ? WireName.Of(category) : null,
                    result.Code,
                    result.Message);
                var outcome = await intake.SubmitAsync(account.Key, report, ReportSource.Probe, cancellationToken);
                if (outcome.Errors is not null)
                {
                    logger.LogWarning("Probe result for {TenantId}/{ChannelAccountId} was rejected: {Fields}", account.Key.TenantId, account.Key.ChannelAccountId, string.Join(",", outcome.Errors.Keys));
                    return;
                }

                Interlocked.Increment(ref probed);
                telemetry.Probed(WireName.Of(result.Status));
                Interlocked.Increment(ref result.Status == ConnectionStatus.Connected ? ref connected : ref failed);
                results[account.Key] = (account.Channel, result.Status == ConnectionStatus.Error);
            });
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            outOfTime = true;
        }

        if (outOfTime)
        {
            logger.LogWarning("Probe run used its {Budget} budget; {Left} due accounts wait for the next tick", settings.TimeBudget, due.Count - probed - skipped);
        }

        foreach (var (key, value) in results)
        {
            recent[key] = value;
        }

        var channels = ProviderHealth.Compute(recent.Values, outagePolicySettings, time.GetUtcNow());
        await channelHealth.SaveAsync(channels, cancellationToken);
        var summary = new ProbeRunSummary(tenants.Count, due.Count, probed, connected, failed, skipped, outOfTime, channels);
        telemetry.ProbeRunFinished(time.GetElapsedTime(started));
        activity?.SetTag("probe.due", summary.Due);
        activity?.SetTag("probe.probed", summary.Probed);
        logger.LogInformation("Probe run: {Tenants} tenants, {Due} due, {Probed} probed ({Connected} connected, {Failed} failing), {Skipped} skipped, outages: {Outages}",
            summary.Tenants, summary.Due, summary.Probed, summary.Connected, summary.Failed, summary.Skipped, string.Join(",", channels.Where(c => c.IsOutage).Select(c => WireName.Of(c.Channel))));
        return summary;
    }

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

    private static string Expand(string template, ConnectionKey key) => template
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
