using System.Net.Http.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// The standalone app in its own process on 127.0.0.1 (a browser cannot reach a TestServer), on an
/// Azurite of its own, with the demo tenant seeded at start-up and more tenants seeded over the
/// API (one of <see cref="BigAccounts"/> accounts, as a support team meets them); and the system's Chromium, headless, driven by Playwright. One per test collection: tests
/// only read the data, each in a browser context of its own (its own sessionStorage).
/// Long because it is the tier's one fixture: the app's settings, every tenant the tests read and how it was seeded,
/// and the outage some tests mark, kept together so a test's expectations can be read against one file.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string DemoTenant = "demo";
    public const string PagingTenant = "many";
    public const string HostileTenant = "hostile";
    public const string BigTenant = "big";
    public const string OutageTenant = "outage";
    public const int BigAccounts = 500;

    /// <summary>The channel the outage test marks. The demo's only TikTok account is already in error, so its health does not change.</summary>
    public const Channel OutageChannel = Channel.Tiktok;
    public const string SupportKey = "dev-support-key";
    public const string ConnectorKey = "dev-connector-key";

    /// <summary>A tenant_admin key for another tenant only: every tenant here is outside its scope.</summary>
    public const string OtherTenantKey = "page-test-other-tenant-key";

    /// <summary>The tenant (never written) that <see cref="OtherTenantKey"/> may read.</summary>
    public const string OtherTenant = "someone-else";

    /// <summary>A tenant_admin key for <see cref="PagingTenant"/> only.</summary>
    public const string PagingTenantKey = "page-test-many-tenant-key";

    /// <summary>The directory's page size on the page (status.js), and as many tenants again, so the directory always has a second page.</summary>
    public const int DirectoryPageSize = 50;

    /// <summary>
    /// The tenant whose every id is as long as the service allows, one token with nothing to break at: the first of the
    /// directory's extra tenants, whose ids sort after every other seeded tenant's.
    /// </summary>
    public static readonly string LongTenant = ("retailer-00-" + string.Concat(Enumerable.Repeat("chiangmai.night.bazaar.", 6)))[..Core.Identifier.MaxLength];

    /// <summary>The account of <see cref="LongTenant"/>: a longest id, a longest error code, and a Thai name with an emoji.</summary>
    public static readonly string LongAccount = ("line-oa-" + string.Concat(Enumerable.Repeat("handicraft_superstore_", 6)))[..Core.Identifier.MaxLength];

    public static readonly string LongErrorCode = ("WEBHOOK_SIGNATURE_" + string.Concat(Enumerable.Repeat("MISMATCH_", 6)))[..Core.ReportValidator.MaxErrorCodeLength];

    public const string ThaiName = "\u0e23\u0e49\u0e32\u0e19\u0e2b\u0e31\u0e15\u0e16\u0e01\u0e23\u0e23\u0e21\u0e40\u0e0a\u0e35\u0e22\u0e07\u0e43\u0e2b\u0e21\u0e48 \ud83e\uddf5 Night Bazaar";

    public static string DirectoryTenant(int i) => i == 0 ? LongTenant : $"retailer-{i:D2}";

    public const string RunbookUrl = "https://runbooks.example.test/reconnect";

    /// <summary>The one webhook subscription seeded, of <see cref="PagingTenant"/>: nothing listens there (port 9, discard).</summary>
    public const string WebhookUrl = "http://127.0.0.1:9/hooks/many";
    public const string AdminKey = "dev-admin-key";
    public const int PagingAccounts = 23;

    /// <summary>The accounts of <see cref="PagingTenant"/> in error (every fourth): what it opens on.</summary>
    public const int PagingBroken = PagingAccounts / 4;

    /// <summary>The demo tenant's accounts, and those of them that need attention (what it opens on).</summary>
    public const int DemoAccounts = 10;
    public const int DemoNeedingAttention = 7;

    /// <summary>Markup and script in the places a connector controls: they must show as text and never run.</summary>
    public const string HostileName = "<img src=x onerror=\"window.__pwned='img'\"><script>window.__pwned='name'</script>Shop";
    public const string HostileMessage = "<b>bold</b><script>window.__pwned='summary'</script> failed";

    /// <summary>The system's Chromium, installed by test.sh from apt; Playwright never downloads a browser here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private AzuriteProcess? _azurite;
    private AppProcess? _app;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => _app!.Client.BaseAddress!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}; ./test.sh installs it (apt-get install chromium).");
        }

        _azurite = await AzuriteProcess.StartAsync();
        var environment = AppEnvironment();
        environment["Demo__Tenant"] = DemoTenant;
        _app = await AppProcess.StartAsync(environment);
        await SeedAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 60_000,
        });
        // Bounded waits, generous for a busy shared machine: an assertion waits until it holds, never for a fixed time.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>The app's settings but the demo tenant, which only the shared app seeds (once: tests read its instant).</summary>
    private Dictionary<string, string> AppEnvironment() => new()
        {
            ["AzureWebJobsStorage"] = _azurite!.ConnectionString,
            ["Actions__RunbookLinks__auth_error"] = RunbookUrl,
            ["ApiKeys__Keys__3__Name"] = "other-tenant-admin",
            ["ApiKeys__Keys__3__Sha256"] = Service.Security.ApiKeyOptions.HashOf(OtherTenantKey),
            ["ApiKeys__Keys__3__Role"] = "tenant_admin",
            ["ApiKeys__Keys__3__Tenants__0"] = OtherTenant,
            ["ApiKeys__Keys__4__Name"] = "many-tenant-admin",
            ["ApiKeys__Keys__4__Sha256"] = Service.Security.ApiKeyOptions.HashOf(PagingTenantKey),
            ["ApiKeys__Keys__4__Role"] = "tenant_admin",
            ["ApiKeys__Keys__4__Tenants__0"] = PagingTenant,
            // The timer would probe nothing (no probe URLs); keep it from running during the tests anyway.
            ["ProbeSchedule"] = "0 0 0 1 1 *",
        };

    /// <summary>
    /// Marks <see cref="OutageChannel"/> in outage (<see cref="SetOutageAsync"/>) and starts a second app on the same
    /// storage for the test to open its tab on (<see cref="OpenAsync"/> with its address). An app reads outages through
    /// a cache of <see cref="ChannelHealthStore.OutageCacheDuration"/>: on the shared app a test waited up to that long
    /// for its banner (and the page's 30 s refresh after it), and the tests after it could be shown a banner for as long
    /// after the outage was lifted. An app started after the outage was written reads it at its first request, and the
    /// shared app never reads it. The caller disposes the app and lifts the outage.
    /// </summary>
    public async Task<AppProcess> StartOutageAppAsync()
    {
        await SetOutageAsync(true);
        return await AppProcess.StartAsync(AppEnvironment());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>
    /// The instant the demo tenant was seeded at, read back from its Facebook account (reported 42
    /// minutes before it). Tests set the browser's clock to it, so relative times are exact.
    /// </summary>
    public async Task<DateTimeOffset> DemoSeededAtAsync()
    {
        using var support = new HttpClient { BaseAddress = BaseAddress };
        support.DefaultRequestHeaders.Add("X-Api-Key", SupportKey);
        var facebook = await support.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/tenants/{DemoTenant}/connections/facebook-page");
        return facebook.GetProperty("lastCheckedAt").GetDateTimeOffset().AddMinutes(42);
    }

    /// <summary>A client of the app with an API key, for tests that change data behind the page.</summary>
    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>
    /// A fresh browser context (its own sessionStorage) with a page that records script errors and CSP violations, on
    /// the shared app or on <paramref name="app"/>.
    /// </summary>
    public async Task<BrowserPage> OpenAsync(int width = 1400, int height = 900, Uri? app = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (app ?? BaseAddress).ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        return new BrowserPage(context, page, problems);
    }

    private async Task SeedAsync()
    {
        using var connector = new HttpClient { BaseAddress = BaseAddress };
        connector.DefaultRequestHeaders.Add("X-Api-Key", ConnectorKey);
        var at = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O");
        for (var i = 1; i <= PagingAccounts; i++)
        {
            var report = new { status = i % 4 == 0 ? "error" : "connected", checkedAt = at, errorCategory = i % 4 == 0 ? "webhook_error" : null, channel = "line", displayName = $"Branch {i:D2}" };
            (await connector.PatchAsJsonAsync($"/api/tenants/{PagingTenant}/connections/acct-{i:D2}", report)).EnsureSuccessStatusCode();
        }

        using (var admin = new HttpClient { BaseAddress = BaseAddress })
        {
            admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
            (await admin.PostAsJsonAsync($"/api/tenants/{PagingTenant}/webhooks", new { url = WebhookUrl })).EnsureSuccessStatusCode();
        }

        var hostile = new { status = "error", checkedAt = at, errorCategory = "unknown", errorCode = "X_1", errorMessage = HostileMessage, channel = "webchat", displayName = HostileName };
        (await connector.PatchAsJsonAsync($"/api/tenants/{HostileTenant}/connections/widget", hostile)).EnsureSuccessStatusCode();

        // Both in error: an account in error does not carry the provider_outage reason (its own score is lower), so the
        // banner must come from the list's providerOutages.
        foreach (var account in new[] { "tt-1", "tt-2" })
        {
            var report = new { status = "error", checkedAt = at, channel = "tiktok", errorCategory = "unknown", displayName = "Outage shop " + account };
            (await connector.PatchAsJsonAsync($"/api/tenants/{OutageTenant}/connections/{account}", report)).EnsureSuccessStatusCode();
        }

        var longReport = new { status = "error", checkedAt = at, errorCategory = "webhook_error", errorCode = LongErrorCode, errorMessage = "Signature check failed", channel = "line", displayName = ThaiName };
        (await connector.PatchAsJsonAsync($"/api/tenants/{LongTenant}/connections/{LongAccount}", longReport)).EnsureSuccessStatusCode();
        await Parallel.ForEachAsync(Enumerable.Range(1, DirectoryPageSize - 1), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            var report = new { status = i % 3 == 0 ? "error" : "connected", checkedAt = at, errorCategory = i % 3 == 0 ? "auth_error" : null, channel = "shopee", displayName = $"Retailer {i:D2}" };
            (await connector.PatchAsJsonAsync($"/api/tenants/{DirectoryTenant(i)}/connections/shop", report, cancellationToken)).EnsureSuccessStatusCode();
        });

        await SeedBigTenantAsync(BigTenant);

        // What the hourly survey would have counted by now, for the directory; the paging tenant is left uncounted.
        var service = new TableServiceClient(_azurite!.ConnectionString);
        var storage = Options.Create(new StorageOptions());
        var policy = Options.Create(new StatusPolicy());
        var tenants = new TenantStore(service, storage, policy, new StatusRowScans(service, storage, policy, TimeProvider.System), TimeProvider.System, NullLogger<TenantStore>.Instance);
        foreach (var tenant in new[] { DemoTenant, BigTenant })
        {
            await tenants.SurveyAsync(tenant, shardSize: 100, CancellationToken.None);
        }
    }

    /// <summary>The <see cref="BigAccounts"/> accounts of <see cref="BigAccount"/> reported to <paramref name="tenant"/> over the API.</summary>
    public async Task SeedBigTenantAsync(string tenant)
    {
        using var connector = Client(ConnectorKey);
        // A few reports at a time: the app is on a shared machine, and the connector key's burst is 1000.
        var bigAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Parallel.ForEachAsync(Enumerable.Range(1, BigAccounts), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            var account = BigAccount(i);
            var report = new { status = account.Status, checkedAt = bigAt - account.Before, errorCategory = account.Category, channel = account.Channel, displayName = account.Name };
            (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{account.Id}", report, cancellationToken)).EnsureSuccessStatusCode();
        });
    }

    /// <summary>
    /// Account i of the big tenant: long shop names (to wrap on a phone), every channel but the one in
    /// outage, and about two in five in error or disconnected; reported up to 8 minutes apart in an
    /// order unlike the ids' (<see cref="BigAccountSeed.Before"/>), so "longest broken first" is not id order.
    /// </summary>
    public static BigAccountSeed BigAccount(int i)
    {
        string[] channels = ["line", "facebook", "instagram", "shopee", "lazada", "webchat", "email"];
        var status = i % 8 == 0 ? "disconnected" : i % 3 == 0 ? "error" : "connected";
        var category = status == "error" ? (i % 2 == 0 ? "auth_error" : "webhook_error") : null;
        return new($"shop-{i:D3}", $"Chiang Mai Night Bazaar Handicraft Superstore {i:D3}", channels[i % channels.Length], status, category, TimeSpan.FromSeconds(i * 37 % 480));
    }

    /// <summary>
    /// The channel health row a probe round writes when most of <see cref="OutageChannel"/>'s accounts
    /// fail (or, with false, when they recover), written through the app's own store. The app reads it
    /// through a cache of <see cref="ChannelHealthStore.OutageCacheDuration"/>.
    /// </summary>
    public async Task SetOutageAsync(bool isOutage)
    {
        var store = new ChannelHealthStore(new TableServiceClient(_azurite!.ConnectionString), Options.Create(new StorageOptions()),
            OutagePolicy.Default, TimeProvider.System, NullLogger<ChannelHealthStore>.Instance);
        await store.EnsureTableAsync(CancellationToken.None);
        await store.SaveAsync([new ChannelHealth(OutageChannel, 10, isOutage ? 9 : 0, isOutage ? 0.9 : 0, isOutage, DateTimeOffset.UtcNow)], CancellationToken.None);
    }
}

/// <summary>An account of the big tenant as seeded: reported <see cref="Before"/> before the seeding's reference time.</summary>
public sealed record BigAccountSeed(string Id, string Name, string Channel, string Status, string? Category, TimeSpan Before);

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "Browser";
}
