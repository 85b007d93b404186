using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>The tenant view's read-only section of webhook subscriptions and their delivery health.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class WebhookBrowserTests(BrowserApp app)
{
    [Fact]
    public async Task ATenantWithASubscriptionShowsItsReceiverAndHealthToItsTenantAdmin()
    {
        await using var tab = await app.OpenAsync();

        await tab.SignInAsync(BrowserApp.PagingTenantKey, BrowserApp.PagingTenant);

        var section = tab.Page.Locator("#webhooks");
        await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Webhook subscriptions" })).ToBeVisibleAsync();
        var row = section.Locator("#webhook-rows > tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".webhook-url")).ToHaveTextAsync(BrowserApp.WebhookUrl);
        await Expect(row.Locator(".webhook-state")).ToHaveTextAsync("Active");
        await Expect(row.Locator(".webhook-failures")).ToHaveTextAsync("0");
        await Expect(row.Locator(".webhook-failure")).ToHaveTextAsync("never");
        await Expect(row.Locator(".webhook-success")).ToHaveTextAsync("never");
        await Expect(section).Not.ToContainTextAsync(new Regex("whsec_"));
        await tab.AssertAccessibleAsync("webhook subscriptions");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ATenantWithoutSubscriptionsShowsNoSection()
    {
        await using var tab = await app.OpenAsync();

        await tab.SignInAsync(BrowserApp.SupportKey, allAccounts: true);

        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoAccounts);
        await Expect(tab.Page.Locator("#webhooks")).ToBeHiddenAsync();
        Assert.Empty(tab.Problems);
    }
}
