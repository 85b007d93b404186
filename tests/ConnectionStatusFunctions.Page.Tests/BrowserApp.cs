using System.Net.Http.Json;
using ConnectionStatusFunctions.Testing;
using Microsoft.Playwright;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// The standalone app in its own process on 127.0.0.1 (a browser cannot reach a TestServer), on an
/// Azurite of its own, with the demo tenant seeded at start-up and two more tenants seeded over the
/// API; and the system's Chromium, headless, driven by Playwright. One per test collection: tests
/// only read the data, each in a browser context of its own (its own sessionStorage).
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string DemoTenant = "demo";
    public const string PagingTenant = "many";
    public const string HostileTenant = "hostile";
    public const string SupportKey = "dev-support-key";
    public const string ConnectorKey = "dev-connector-key";

    /// <summary>A tenant_admin key for another tenant only: every tenant here is outside its scope.</summary>
    public const string OtherTenantKey = "page-test-other-tenant-key";

    public const string RunbookUrl = "https://runbooks.example.test/reconnect";
    public const int PagingAccounts = 23;

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
        _app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Demo__Tenant"] = DemoTenant,
            ["Actions__RunbookLinks__auth_error"] = RunbookUrl,
            ["ApiKeys__Keys__3__Name"] = "other-tenant-admin",
            ["ApiKeys__Keys__3__Sha256"] = Service.Security.ApiKeyOptions.HashOf(OtherTenantKey),
            ["ApiKeys__Keys__3__Role"] = "tenant_admin",
            ["ApiKeys__Keys__3__Tenants__0"] = "someone-else",
            // The timer would probe nothing (no probe URLs); keep it from running during the tests anyway.
            ["ProbeSchedule"] = "0 0 0 1 1 *",
        });
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

    /// <summary>A fresh browser context (its own sessionStorage) with a page that records script errors and CSP violations.</summary>
    public async Task<BrowserPage> OpenAsync(int width = 1400, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
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

        var hostile = new { status = "error", checkedAt = at, errorCategory = "unknown", errorCode = "X_1", errorMessage = HostileMessage, channel = "webchat", displayName = HostileName };
        (await connector.PatchAsJsonAsync($"/api/tenants/{HostileTenant}/connections/widget", hostile)).EnsureSuccessStatusCode();
    }
}

/// <summary>One browser tab of a test, and what went wrong in it that the page itself would not show.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page, List<string> problems) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    /// <summary>CSP violations and uncaught script errors seen so far.</summary>
    public IReadOnlyList<string> Problems => problems;

    public async Task SignInAsync(string key, string? tenant = null)
    {
        await Page.GotoAsync("/status" + (tenant is null ? string.Empty : "?tenant=" + Uri.EscapeDataString(tenant)));
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public ILocator Row(string account) => Page.Locator($"#rows tr[data-account='{account}']");

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "Browser";
}
