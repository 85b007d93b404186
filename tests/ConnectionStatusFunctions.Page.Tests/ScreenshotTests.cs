using ConnectionStatusFunctions.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// The README's pictures of the page: the tenant directory, and the demo tenant. Every run takes them (so the page renders
/// whole); only <c>STATUS_PAGE_SCREENSHOT=1 ./test.sh --filter ScreenshotTests</c> writes them to
/// docs/, so an ordinary run never changes the repository.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class ScreenshotTests(BrowserApp app)
{
    public const string Switch = "STATUS_PAGE_SCREENSHOT";

    [Fact]
    public async Task TheDemoTenantMakesTheReadmeScreenshot()
    {
        await using var tab = await app.OpenAsync(width: 1440, height: 900);
        await tab.Page.Clock.SetFixedTimeAsync((await app.DemoSeededAtAsync()).UtcDateTime);
        await tab.SignInAsync(BrowserApp.SupportKey);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);
        await tab.Row("facebook-page").Locator(".history-toggle").ClickAsync();
        await Expect(tab.Page.Locator(".history-table tbody tr")).ToHaveCountAsync(2);

        var png = await tab.Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Empty(tab.Problems);
        await KeepAsync("status-page.png", png);
    }

    [Fact]
    public async Task TheTenantDirectoryMakesTheDocsScreenshot()
    {
        await using var tab = await app.OpenAsync(width: 1440, height: 600);
        await tab.SignInAsync(BrowserApp.SupportKey, tenant: null);
        await Expect(tab.Page.Locator($"#tenant-rows > tr[data-tenant='{BrowserApp.BigTenant}'] .account-count")).ToHaveTextAsync("500");

        // The first rows only: the test app has a page of tenants more than the picture needs.
        var png = await tab.Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = false });

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Empty(tab.Problems);
        await KeepAsync("status-page-directory.png", png);
    }

    private static async Task KeepAsync(string name, byte[] png)
    {
        if (Environment.GetEnvironmentVariable(Switch) == "1")
        {
            await File.WriteAllBytesAsync(Path.Combine(RepositoryPaths.Root, "docs", name), png);
        }
    }
}
