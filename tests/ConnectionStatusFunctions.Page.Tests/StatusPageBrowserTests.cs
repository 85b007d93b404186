using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

[Collection(BrowserCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class StatusPageBrowserTests(BrowserApp app)
{
    [Fact]
    public async Task TheSiteRootOpensThePageWhichAsksForAKeyFirst()
    {
        await using var tab = await app.OpenAsync();

        await tab.Page.GotoAsync("/");

        await Expect(tab.Page).ToHaveURLAsync(new Regex("/status$"));
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(tab.Page.GetByLabel("API key")).ToBeFocusedAsync();
        await Expect(tab.Page.GetByLabel("Tenant", new() { Exact = true })).ToHaveValueAsync(BrowserApp.DemoTenant);
        await tab.AssertAccessibleAsync("signed out");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task TheDemoTenantShowsItsSummaryBadgesTimesAndActions()
    {
        await using var tab = await app.OpenAsync();
        var seededAt = await app.DemoSeededAtAsync();
        await tab.Page.Clock.SetFixedTimeAsync(seededAt.UtcDateTime);

        await tab.SignInAsync(BrowserApp.SupportKey, allAccounts: true);

        var badge = tab.Page.Locator("#summary-badge");
        await Expect(badge).ToHaveTextAsync("Red: needs attention");
        await Expect(badge).ToHaveClassAsync(new Regex("badge-red"));
        await Expect(tab.Page.Locator("#summary-text")).ToHaveTextAsync("7 of 10 connections need attention");
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(10);

        var facebook = tab.Row("facebook-page");
        await Expect(facebook.Locator(".channel")).ToHaveTextAsync("Facebook");
        await Expect(facebook.Locator(".account-name")).ToHaveTextAsync("Demo Shop Facebook Page");
        await Expect(facebook.Locator(".status .badge").First).ToHaveTextAsync("\u2715 Error");
        await Expect(facebook.Locator(".error-category")).ToHaveTextAsync("Authorization error");
        await Expect(facebook.Locator(".error-code")).ToHaveTextAsync("FB_190");
        await Expect(facebook.Locator(".error-summary")).ToContainTextAsync("access_token=[REDACTED]");
        await Expect(facebook.Locator(".action-text")).ToHaveTextAsync("Authorization expired. Please reconnect your account.");
        await Expect(facebook.GetByRole(AriaRole.Link, new() { Name = "Runbook" })).ToHaveAttributeAsync("href", BrowserApp.RunbookUrl);
        await Expect(facebook.Locator(".checked time")).ToHaveTextAsync("42 minutes ago");

        // Relative on the page, exact in the element and on hover.
        var stale = tab.Row("line-oa-promo").Locator(".checked time");
        await Expect(stale).ToHaveTextAsync("2 days ago");
        var exact = DateTimeOffset.Parse(await stale.GetAttributeAsync("datetime") ?? "", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(seededAt - TimeSpan.FromHours(49), exact);
        await Expect(stale).ToHaveAttributeAsync("title", new Regex(Regex.Escape(await stale.GetAttributeAsync("datetime") ?? "?")));
        // Silent for two days: stale, with its own badge, a red bar and what to check.
        var promo = tab.Row("line-oa-promo");
        await Expect(promo.Locator(".status .badge").First).ToHaveTextAsync("\u25f7 Stale");
        await Expect(promo.Locator(".status .badge").First).ToHaveClassAsync(new Regex("badge-stale"));
        await Expect(promo).ToHaveClassAsync(new Regex("attention"));
        await Expect(promo.Locator(".action-text")).ToHaveTextAsync("No report for 2 days: check that the connector for LINE is running.");

        await Expect(tab.Row("webchat-site").Locator(".status .badge").First).ToHaveTextAsync("\u2713 Connected");
        await Expect(tab.Row("webchat-site").Locator(".flapping")).ToHaveTextAsync("\u21af Flapping");
        await Expect(tab.Row("email-support").Locator(".status .badge").First).ToHaveTextAsync("\u2298 Disconnected");
        await Expect(tab.Row("shopee-th").Locator(".action-text")).ToContainTextAsync("Check the webhook URL");
        await Expect(tab.Row("line-oa-main").Locator(".action")).ToHaveTextAsync("\u2014");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ATenantOpensOnItsAccountsThatNeedAttentionAndAllAccountsIsOneChoiceAway()
    {
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.SupportKey);

        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);
        await Expect(tab.Page.GetByLabel("Needs attention", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync($"{BrowserApp.DemoNeedingAttention} accounts need attention, longest broken first.");
        await Expect(tab.Row("line-oa-main")).ToHaveCountAsync(0);
        await Expect(tab.Row("line-oa-promo")).ToHaveCountAsync(1);
        await Expect(tab.Row("webchat-site")).ToHaveCountAsync(1);
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.DemoTenant}$"));

        await tab.Page.GetByLabel("All accounts", new() { Exact = true }).CheckAsync();
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoAccounts);
        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync("All accounts.");
        await Expect(tab.Page).ToHaveURLAsync(new Regex("show=all"));

        await tab.Page.GetByLabel("Needs attention", new() { Exact = true }).CheckAsync();
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.DemoTenant}$"));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ALargeTenantIsShownPageByPage()
    {
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.PagingTenant, allAccounts: true);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.PagingAccounts);

        await tab.Page.GetByLabel("Rows per page").SelectOptionAsync("10");
        var rows = tab.Page.Locator("#rows > tr");
        var next = tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next page" });
        var previous = tab.Page.GetByRole(AriaRole.Button, new() { Name = "Previous page" });

        await Expect(rows).ToHaveCountAsync(10);
        await Expect(rows.First).ToHaveAttributeAsync("data-account", "acct-01");
        await Expect(previous).ToBeDisabledAsync();
        await next.ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-account", "acct-11");
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync("Page 2");
        await next.ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-account", "acct-21");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(next).ToBeDisabledAsync();
        await previous.ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-account", "acct-11");
        await Expect(rows).ToHaveCountAsync(10);

        // Keyboard only: the buttons are real buttons.
        await previous.FocusAsync();
        await tab.Page.Keyboard.PressAsync("Enter");
        await Expect(rows.First).ToHaveAttributeAsync("data-account", "acct-01");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task MarkupAndScriptFromAConnectorAreShownAsTextAndNeverRun()
    {
        await using var tab = await app.OpenAsync();
        var dialogs = 0;
        tab.Page.Dialog += (_, dialog) => dialogs++;

        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.HostileTenant);

        var row = tab.Row("widget");
        await Expect(row.Locator(".account-name")).ToHaveTextAsync(BrowserApp.HostileName);
        await Expect(row.Locator(".error-summary")).ToContainTextAsync("<b>bold</b>");
        await Expect(row.Locator("img, script, b")).ToHaveCountAsync(0);

        // The same text in the row's history.
        await row.GetByRole(AriaRole.Button, new() { Name = "Show history of " + BrowserApp.HostileName }).ClickAsync();
        var history = tab.Page.Locator("tr.history-row");
        await Expect(history.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Recent status changes of " + BrowserApp.HostileName);
        await Expect(history.Locator(".error-summary")).ToContainTextAsync("<b>bold</b>");
        await Expect(tab.Page.Locator("#rows").Locator("img, script, b")).ToHaveCountAsync(0);
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => window.__pwned ?? null"));
        Assert.Equal(0, dialogs);
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task AWrongKeySaysSoAndAsksForTheKeyAgain()
    {
        await using var tab = await app.OpenAsync();

        await tab.SignInAsync("not-a-valid-key");

        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("API key was not accepted"));
        await Expect(tab.Page.GetByLabel("API key")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(0);
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('connection-status.api-key')"));

        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByLabel("API key").PressAsync("Enter");
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
    }

    [Fact]
    public async Task AKeyForAnotherTenantIsToldItIsNotAllowed()
    {
        await using var tab = await app.OpenAsync();

        await tab.SignInAsync(BrowserApp.OtherTenantKey);

        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("not allowed to read tenant \u201cdemo\u201d"));
        await Expect(tab.Page.GetByLabel("API key")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#summary")).ToBeHiddenAsync();
    }

    /// <summary>A tenant the key may not read, asked for after one it may: nothing under the heading names the tenant before.</summary>
    [Fact]
    public async Task ARefusedTenantLeavesNothingOfTheTenantBefore()
    {
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.PagingTenantKey, BrowserApp.PagingTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.PagingBroken);
        await Expect(tab.Page.Locator("#results-title")).ToHaveTextAsync("Accounts of " + BrowserApp.PagingTenant);

        await tab.Page.GetByLabel("Tenant", new() { Exact = true }).FillAsync(BrowserApp.DemoTenant);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("not allowed to read tenant \u201cdemo\u201d"));
        await Expect(tab.Page.Locator("#results-title")).Not.ToContainTextAsync(BrowserApp.PagingTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#summary")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TheKeyIsKeptForTheTabOnly()
    {
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.SupportKey);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);

        await tab.Page.ReloadAsync();
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);
        Assert.Equal(BrowserApp.SupportKey, await tab.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('connection-status.api-key')"));
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => localStorage.getItem('connection-status.api-key')"));

        await using var other = await app.OpenAsync();
        await other.Page.GotoAsync("/status");
        await Expect(other.Page.GetByLabel("API key")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task OpeningARowShowsItsRecentChanges()
    {
        await using var tab = await app.OpenAsync();
        await tab.Page.Clock.SetFixedTimeAsync((await app.DemoSeededAtAsync()).UtcDateTime);
        await tab.SignInAsync(BrowserApp.SupportKey);

        var toggle = tab.Row("facebook-page").Locator(".history-toggle");
        await Expect(toggle).ToHaveAccessibleNameAsync("Show history of Demo Shop Facebook Page");
        await toggle.ClickAsync();

        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        var history = tab.Page.Locator("#" + await toggle.GetAttributeAsync("aria-controls"));
        await Expect(history.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Recent status changes of Demo Shop Facebook Page");
        var changes = history.Locator(".history-table tbody tr");
        await Expect(changes).ToHaveCountAsync(2);
        // Newest first: the token expired 42 minutes ago, after the first report found it connected.
        await Expect(changes.Nth(0).Locator(".change")).ToHaveTextAsync("Connected \u2192 \u2715 Error");
        await Expect(changes.Nth(0).Locator("time")).ToHaveTextAsync("42 minutes ago");
        await Expect(changes.Nth(0).Locator(".error")).ToContainTextAsync("Authorization error FB_190");
        await Expect(changes.Nth(0).Locator(".error-summary")).ToContainTextAsync("access_token=[REDACTED]");
        await Expect(changes.Nth(0).Locator("td").Last).ToHaveTextAsync("connector");
        await Expect(changes.Nth(1).Locator(".change")).ToHaveTextAsync("First seen: \u2713 Connected");
        await Expect(changes.Nth(1).Locator("time")).ToHaveTextAsync("5 hours ago");

        // The flapping account's changes, opened from the keyboard.
        var flapping = tab.Row("webchat-site").GetByRole(AriaRole.Button, new() { Name = "Show history of Website chat widget" });
        var flappingHistory = "#" + await flapping.GetAttributeAsync("aria-controls");
        await flapping.FocusAsync();
        await tab.Page.Keyboard.PressAsync("Enter");
        await Expect(tab.Page.Locator(flappingHistory + " .history-table tbody tr")).ToHaveCountAsync(10);

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(history).ToHaveCountAsync(0);
        Assert.Empty(tab.Problems);
    }
}
