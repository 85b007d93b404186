using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Demo;

/// <summary>What a seeding did: accounts written, and accounts left alone because they already existed.</summary>
public sealed record DemoSeedResult(int Seeded, int Kept);

/// <summary>
/// Fills a tenant with realistic accounts across every channel (healthy ones, one per error
/// category, one flapping, one disconnected, one silent for two days) by submitting reports through
/// <see cref="ReportIntake"/>, so validation, redaction and history apply as to any connector.
/// An account that already exists is left alone: seeding again neither duplicates nor rewinds it.
/// </summary>
public sealed class DemoSeeder(ReportIntake intake, SilenceSweep silence, ConnectionStore store, TimeProvider time, ILogger<DemoSeeder> logger)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static IReadOnlyList<DemoAccount> Accounts { get; } =
    [
        new("line-oa-main", Channel.Line, "Demo Shop LINE OA",
            [new(3 * Hour, ConnectionStatus.Connected), new(Hour, ConnectionStatus.Connected), new(4 * Minute, ConnectionStatus.Connected)]),
        new("line-oa-promo", Channel.Line, "Demo Shop Promotions (LINE)",
            // Nothing heard for two days: past StatusPolicy:StaleAfter, so stale.
            [new(TimeSpan.FromDays(3), ConnectionStatus.Connected), new(TimeSpan.FromDays(2) + Hour, ConnectionStatus.Connected)]),
        new("facebook-page", Channel.Facebook, "Demo Shop Facebook Page",
            [
                new(5 * Hour, ConnectionStatus.Connected),
                new(42 * Minute, ConnectionStatus.Error, ErrorCategory.AuthError, "FB_190",
                    "OAuthException (code 190): Error validating access token: the session has expired. access_token=EAAGm0PX4ZCpsBAKZCdemoZAxZBqZCwZDZD"),
            ]),
        new("facebook-messenger", Channel.Facebook, "Demo Shop Messenger",
            [new(2 * Hour, ConnectionStatus.Connected), new(7 * Minute, ConnectionStatus.Connected)]),
        new("instagram-business", Channel.Instagram, "@demoshop on Instagram",
            [new(Hour, ConnectionStatus.Connected), new(6 * Minute, ConnectionStatus.Connected)]),
        new("shopee-th", Channel.Shopee, "Demo Shop Shopee TH",
            [
                new(90 * Minute, ConnectionStatus.Connected),
                new(12 * Minute, ConnectionStatus.Error, ErrorCategory.WebhookError, "SHOPEE_PUSH_502",
                    "Push delivery to https://hooks.demo-shop.example/shopee failed: 502 Bad Gateway"),
            ]),
        new("lazada-th", Channel.Lazada, "Demo Shop Lazada TH",
            [
                new(2 * Hour, ConnectionStatus.Connected),
                new(9 * Minute, ConnectionStatus.Error, ErrorCategory.RateLimit, "LAZADA_429",
                    "429 Too Many Requests: ApiCallLimit reached for /orders/get, retry after 60 s"),
            ]),
        new("tiktok-shop", Channel.Tiktok, "Demo Shop TikTok Shop",
            [
                new(6 * Hour, ConnectionStatus.Connected),
                .. Enumerable.Range(0, 5).Select(i => new DemoReport((5 - i) * Hour - 20 * Minute, ConnectionStatus.Error, ErrorCategory.Unknown, "TIKTOK_500",
                    "Unexpected response 500 Internal Server Error from the TikTok Shop open API")),
            ]),
        new("webchat-site", Channel.Webchat, "Website chat widget",
            // Alternating results, three minutes apart: flapping, though the last check succeeded.
            [.. Enumerable.Range(0, 10).Select(i => i % 2 == 0
                ? new DemoReport((33 - 3 * i) * Minute, ConnectionStatus.Error, ErrorCategory.Unknown, "WS_RESET", "WebSocket connection reset by peer")
                : new DemoReport((33 - 3 * i) * Minute, ConnectionStatus.Connected))]),
        new("email-support", Channel.Email, "support@demo-shop.example",
            [new(TimeSpan.FromDays(5), ConnectionStatus.Connected), new(2 * Hour, ConnectionStatus.Disconnected)]),
    ];

    public async Task<DemoSeedResult> SeedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (seeded, kept) = (0, 0);
        foreach (var account in Accounts)
        {
            var key = new ConnectionKey(tenantId, account.ChannelAccountId);
            if (await store.GetAsync(key, cancellationToken) is not null)
            {
                kept++;
                continue;
            }

            for (var i = 0; i < account.Reports.Count; i++)
            {
                var report = account.Reports[i];
                var observed = new ObservedReport(
                    report.Status,
                    now - report.Ago,
                    report.Category,
                    report.Code,
                    report.Message,
                    $"demo-{account.ChannelAccountId}-{i + 1:D2}",
                    account.Channel,
                    account.DisplayName);
                if (await intake.SubmitAsync(key, observed, ReportSource.Connector, cancellationToken) is ApplyResult.Rejected rejected)
                {
                    throw new InvalidOperationException($"The demo report {observed.ReportId} is invalid: {string.Join("; ", rejected.Errors.Keys)}.");
                }
            }

            seeded++;
        }

        // What the first tick would record, recorded now: the page shows the silent account as stale from the start.
        await silence.RecordAsync(tenantId, null, null, cancellationToken);

        logger.LogInformation("Demo tenant {TenantId}: seeded {Seeded} accounts, kept {Kept} that already existed", tenantId, seeded, kept);
        return new DemoSeedResult(seeded, kept);
    }
}
