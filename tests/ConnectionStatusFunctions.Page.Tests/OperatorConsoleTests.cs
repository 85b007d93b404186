using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// The page as a support operator's console (issue 19): since when, live data, filters in the address,
/// provider outages, phones, the keyboard and screen readers, and axe-core in every state reached.
/// The page's clock is Playwright's: no test waits for real time to pass.
/// Long because each of the console's promises (since when, live data, filters, outages, phones, keyboard, screen readers) is checked in the browser with axe-core in every state reached.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class OperatorConsoleTests(BrowserApp app)
{
    private static string ClockOf(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The page names the day of a time not of the browser's today (a run near midnight UTC).</summary>
    private static string DayUnlessSame(DateTimeOffset at, DateTimeOffset now) =>
        at.UtcDateTime.Date == now.UtcDateTime.Date ? string.Empty : at.UtcDateTime.ToString("MMM d ", CultureInfo.InvariantCulture);

    [Fact]
    public async Task EveryRowSaysSinceWhenAndItsTimesMoveWithTheClock()
    {
        await using var tab = await app.OpenAsync();
        var seededAt = await app.DemoSeededAtAsync();
        await tab.Page.Clock.InstallAsync(new ClockInstallOptions { TimeDate = seededAt.UtcDateTime.AddMinutes(-1) });
        await tab.Page.Clock.PauseAtAsync(seededAt.UtcDateTime);
        await tab.SignInAsync(BrowserApp.SupportKey, allAccounts: true);

        var facebook = tab.Row("facebook-page").Locator(".since");
        var brokeAt = seededAt.AddMinutes(-42);
        await Expect(facebook).ToHaveTextAsync(new Regex("^Error for 42 min, since " + DayUnlessSame(brokeAt, seededAt) + ClockOf(brokeAt)));
        var time = facebook.Locator("time");
        await Expect(time).ToHaveAttributeAsync("datetime", new Regex("^" + brokeAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)));
        await Expect(time).ToHaveAttributeAsync("title", new Regex(brokeAt.UtcDateTime.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)));
        // Screen readers hear the date too, not only the clock time.
        await Expect(time.Locator(".visually-hidden")).ToHaveTextAsync(new Regex(brokeAt.UtcDateTime.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)));

        // Connected for hours: in the first hours after midnight UTC that began yesterday, and the page names the day.
        await Expect(tab.Row("line-oa-main").Locator(".since")).ToHaveTextAsync(new Regex("^Connected since (?:[A-Z][a-z]{2} \\d+ )?\\d\\d:\\d\\d"));
        // The silent account: its badge, since when it has been stale (two days, so the day is named), and its last report.
        await Expect(tab.Row("line-oa-promo").Locator(".status .badge").First).ToHaveTextAsync("\u25f7 Stale");
        await Expect(tab.Row("line-oa-promo").Locator(".since").First).ToHaveTextAsync(new Regex("^Stale for 2 d( \\d+ h)?, since [A-Z][a-z]{2} \\d+ \\d\\d:\\d\\d"));
        await Expect(tab.Row("line-oa-promo").Locator(".since").Nth(1)).ToHaveTextAsync(new Regex("^No report since [A-Z][a-z]{2} \\d+ \\d\\d:\\d\\d"));
        await Expect(tab.Row("facebook-page").Locator(".checked time")).ToHaveTextAsync("42 minutes ago");

        await tab.Page.Clock.FastForwardAsync("01:00:00");

        await Expect(facebook).ToHaveTextAsync(new Regex("^Error for 1 h 42 min, since " + DayUnlessSame(brokeAt, seededAt.AddHours(1)) + ClockOf(brokeAt)));
        // One rounding rule, down, for a length and an ago alike (times.js): 1 h 42 min ago is "1 hour ago", not "2 hours ago".
        await Expect(tab.Row("facebook-page").Locator(".checked time")).ToHaveTextAsync("1 hour ago");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task AnAccountBrokenBehindThePageAppearsWithinOneRefreshMarkedAsChanged()
    {
        var tenant = "live-" + Guid.NewGuid().ToString("N")[..8];
        using var connector = app.Client(BrowserApp.ConnectorKey);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        foreach (var account in new[] { "a", "b", "c" })
        {
            (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{account}", new { status = "connected", checkedAt = at.ToString("O"), channel = "line" })).EnsureSuccessStatusCode();
        }

        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant);
        // None needs attention: the tenant shows all its accounts and says why.
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(3);
        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync("No account needs attention: showing all accounts.");
        await Expect(tab.Page.Locator("#updated")).ToHaveTextAsync(new Regex("^Updated \\d\\d:\\d\\d:\\d\\d$"));
        var before = await tab.Page.Locator("#updated").TextContentAsync();
        await tab.Page.EvaluateAsync("() => { window.__sameDocument = true; }");

        (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/b", new { status = "error", errorCategory = "auth_error", checkedAt = DateTimeOffset.UtcNow.ToString("O"), channel = "line" })).EnsureSuccessStatusCode();
        await tab.Page.Clock.FastForwardAsync("00:30");

        var broken = tab.Row("b");
        await Expect(broken.Locator(".status .badge").First).ToHaveTextAsync("\u2715 Error");
        await Expect(broken).ToHaveClassAsync(new Regex("\\bchanged\\b"));
        await Expect(broken.Locator(".visually-hidden", new() { HasText = "Changed since the last refresh" })).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("#rows > tr.changed")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("#updated")).Not.ToHaveTextAsync(before!);
        // One broke: broken first again, by itself.
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync("1 account needs attention, longest broken first.");
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page was reloaded.");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ATenantWithNoBrokenAccountShowsAllItsAccountsAndSaysSoOnAPhoneToo()
    {
        var tenant = "calm-" + Guid.NewGuid().ToString("N")[..8];
        using var connector = app.Client(BrowserApp.ConnectorKey);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        string[] accounts = ["calm-a", "calm-b", "calm-c"];
        foreach (var account in accounts)
        {
            var report = new { status = "connected", checkedAt = at.ToString("O"), channel = "shopee", displayName = "Chiang Mai Night Bazaar Handicraft Superstore " + account };
            (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{account}", report)).EnsureSuccessStatusCode();
        }

        await using var tab = await app.OpenAsync(width: 390, height: 844);
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant);

        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync("No account needs attention: showing all accounts.");
        await Expect(tab.Page.Locator("#results")).ToHaveAttributeAsync("aria-busy", "false");
        Assert.Equal(accounts, await tab.Page.Locator("#rows > tr[data-account]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.account)"));
        await Expect(tab.Page.Locator("#empty")).ToBeHiddenAsync();
        // The choice stays what it was: a tenant that breaks shows its broken accounts first at the next refresh.
        await Expect(tab.Page.GetByLabel("Needs attention", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={tenant}$"));
        Assert.Empty(await tab.WiderThanTheScreenAsync());
        await tab.AssertAccessibleAsync("no account needs attention, on a phone");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task AHiddenTabDoesNotRefreshAndRefreshesAtOnceWhenShownAgain()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        var lists = 0;
        tab.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/connections?", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref lists);
            }
        };
        await tab.SignInAsync(BrowserApp.SupportKey);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);
        await Expect(tab.Page.Locator("#updated")).ToBeVisibleAsync();
        Assert.Equal(1, Volatile.Read(ref lists));

        await SetVisibilityAsync(tab.Page, "hidden");
        await tab.Page.Clock.FastForwardAsync("02:00");

        // Shown again: one list request at once, and none was made while hidden (it would have come first).
        await tab.Page.RunAndWaitForRequestAsync(() => SetVisibilityAsync(tab.Page, "visible"), r => r.Url.Contains("/connections?", StringComparison.Ordinal));
        Assert.Equal(2, Volatile.Read(ref lists));
        Assert.Empty(tab.Problems);
    }

    private static async Task SetVisibilityAsync(IPage page, string visibility) => await page.EvaluateAsync(
        "v => { Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => v }); document.dispatchEvent(new Event('visibilitychange')); }",
        visibility);

    [Fact]
    public async Task ChannelAndStatusFiltersAreKeptInTheAddressAcrossAReload()
    {
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(25);

        await tab.Page.GetByLabel("Channel", new() { Exact = true }).SelectOptionAsync("shopee");
        await tab.Page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("error");

        await Expect(tab.Page).ToHaveURLAsync(new Regex("channel=shopee"));
        await Expect(tab.Page).ToHaveURLAsync(new Regex("status=error"));
        var expected = Enumerable.Range(1, BrowserApp.BigAccounts).Select(BrowserApp.BigAccount).Count(a => a is { Channel: "shopee", Status: "error" });
        await AssertOnlyShopeeErrorsAsync(tab, Math.Min(25, expected));
        await tab.AssertAccessibleAsync("filters applied");

        await tab.Page.ReloadAsync();

        await Expect(tab.Page.GetByLabel("Channel", new() { Exact = true })).ToHaveValueAsync("shopee");
        await Expect(tab.Page.GetByLabel("Status", new() { Exact = true })).ToHaveValueAsync("error");
        await AssertOnlyShopeeErrorsAsync(tab, Math.Min(25, expected));
        Assert.Empty(tab.Problems);
    }

    private static async Task AssertOnlyShopeeErrorsAsync(BrowserPage tab, int count)
    {
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(count);
        await Expect(tab.Page.Locator("#rows > tr .channel").Filter(new() { HasNotText = "Shopee" })).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#rows > tr .status [data-status]").Filter(new() { HasNotText = "Error" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AChannelInThePagesAddressIsHonoured()
    {
        await using var tab = await app.OpenAsync();
        await tab.Page.GotoAsync("/status?tenant=" + BrowserApp.BigTenant + "&channel=line");
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(25);
        await Expect(tab.Page.Locator("#rows > tr .channel").Filter(new() { HasNotText = "LINE" })).ToHaveCountAsync(0);
        await Expect(tab.Page.GetByLabel("Channel", new() { Exact = true })).ToHaveValueAsync("line");
        await Expect(tab.Page).ToHaveURLAsync(new Regex("channel=line"));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task SearchAndErrorCategoryAreSentToTheApiAndKeptInTheAddress()
    {
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(25);

        var searched = await tab.Page.RunAndWaitForRequestAsync(
            async () =>
            {
                await tab.Page.GetByLabel("Search").FillAsync("Bazaar 01");
                await tab.Page.GetByLabel("Search").PressAsync("Enter");
            },
            r => r.Url.Contains("/connections?", StringComparison.Ordinal) && QueryOf(r)["q"] is not null);
        Assert.Equal("Bazaar 01", QueryOf(searched)["q"]);

        var categorised = await tab.Page.RunAndWaitForRequestAsync(
            () => tab.Page.GetByLabel("Error category").SelectOptionAsync("auth_error"),
            r => r.Url.Contains("/connections?", StringComparison.Ordinal) && QueryOf(r)["errorCategory"] is not null);
        Assert.Equal(("auth_error", "Bazaar 01"), (QueryOf(categorised)["errorCategory"], QueryOf(categorised)["q"]));

        await Expect(tab.Page).ToHaveURLAsync(new Regex("q=Bazaar\\+01"));
        await Expect(tab.Page).ToHaveURLAsync(new Regex("errorCategory=auth_error"));
        await tab.Page.ReloadAsync();
        await Expect(tab.Page.GetByLabel("Search")).ToHaveValueAsync("Bazaar 01");
        await Expect(tab.Page.GetByLabel("Error category")).ToHaveValueAsync("auth_error");
        Assert.Empty(tab.Problems);
    }

    private static System.Collections.Specialized.NameValueCollection QueryOf(IRequest request) => HttpUtility.ParseQueryString(new Uri(request.Url).Query);

    [Fact]
    public async Task AChannelWithAProviderOutageGetsOneBanner()
    {
        var outageApp = await app.StartOutageAppAsync();
        try
        {
            await using var tab = await app.OpenAsync(app: outageApp.Client.BaseAddress);
            await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.OutageTenant);
            await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(2);

            // An app started after the outage was written shows it from its first answer (StartOutageAppAsync).
            var banners = tab.Page.Locator("#outages .outage");
            await Expect(banners).ToHaveCountAsync(1);
            await Expect(banners.First).ToHaveAttributeAsync("data-channel", "tiktok");
            await Expect(banners.First).ToContainTextAsync("TikTok is having a provider outage.");
            await tab.AssertAccessibleAsync("outage banner");

            await tab.Page.GetByLabel("Tenant", new() { Exact = true }).FillAsync(BrowserApp.PagingTenant);
            await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
            await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.PagingBroken);
            await Expect(banners).ToHaveCountAsync(0);
            Assert.Empty(tab.Problems);
        }
        finally
        {
            await outageApp.DisposeAsync();
            await app.SetOutageAsync(false);
        }
    }

    [Fact]
    public async Task OnAPhoneEachAccountIsACardAndNothingIsWiderThanTheScreen()
    {
        await using var tab = await app.OpenAsync(width: 390, height: 844);
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(25);
        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync(new Regex("^\\d+ accounts need attention"));

        Assert.Equal("block", await tab.Page.Locator("#rows > tr").First.EvaluateAsync<string>("row => getComputedStyle(row).display"));
        // The table's caption spans the cards rather than squeezing into a column of its own.
        Assert.True(await tab.Page.Locator("#connections").EvaluateAsync<bool>("t => t.caption.getBoundingClientRect().width === t.getBoundingClientRect().width"));
        Assert.Empty(await tab.WiderThanTheScreenAsync());
        // Shop names wrap between words, never inside one.
        var split = await tab.Page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('#rows .account-name')].flatMap(name => {
              const text = name.firstChild, words = [];
              for (const match of text.data.matchAll(/\S+/g)) {
                const range = document.createRange();
                range.setStart(text, match.index);
                range.setEnd(text, match.index + match[0].length);
                if (range.getClientRects().length !== 1) words.push(match[0]);
              }
              return words;
            })
            """);
        Assert.Empty(split);
        Assert.True(await tab.Page.Locator("#rows .account-name").First.EvaluateAsync<double>("n => n.getBoundingClientRect().height")
            > await tab.Page.Locator("#rows .account-name").First.EvaluateAsync<double>("n => parseFloat(getComputedStyle(n).lineHeight)"), "The test's names should wrap on a phone.");
        await tab.AssertAccessibleAsync("phone, list");

        // The tenant opens on its longest broken account.
        var first = Enumerable.Range(1, BrowserApp.BigAccounts).Select(BrowserApp.BigAccount).Where(a => a.Status != "connected")
            .OrderByDescending(a => a.Before).ThenBy(a => a.Id, StringComparer.Ordinal).First();
        await tab.Row(first.Id).GetByRole(AriaRole.Button, new() { Name = "Show history of " + first.Name }).ClickAsync();
        await Expect(tab.Page.Locator(".history-table tbody tr")).ToHaveCountAsync(1);
        Assert.Empty(await tab.WiderThanTheScreenAsync());
        await tab.AssertAccessibleAsync("phone, history open");

        // The other list fits as well.
        await tab.Page.GetByLabel("All accounts", new() { Exact = true }).CheckAsync();
        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync("All accounts.");
        await Expect(tab.Row("shop-001")).ToHaveCountAsync(1);
        Assert.Empty(await tab.WiderThanTheScreenAsync());
        await tab.AssertAccessibleAsync("phone, all accounts");
        Assert.Empty(tab.Problems);
    }

    /// <summary>
    /// A tablet, a half-screen laptop window: wider than a phone, narrower than the table with every column. Nothing is
    /// wider than the window there either, so the last checked time, the error, the action and the history stay on it.
    /// </summary>
    [Theory]
    [InlineData(768, 1024)]
    [InlineData(1024, 768)]
    [InlineData(1100, 800)]
    [InlineData(1279, 800)]
    public async Task OnATabletOrAHalfScreenWindowNothingIsWiderThanTheScreen(int width, int height)
    {
        foreach (var tenant in new[] { BrowserApp.BigTenant, BrowserApp.DemoTenant })
        {
            await using var tab = await app.OpenAsync(width, height);
            await tab.SignInAsync(BrowserApp.SupportKey, tenant);
            await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync(new Regex("need attention|needs attention"));
            Assert.Empty(await tab.WiderThanTheScreenAsync());
            await tab.Page.GetByLabel("All accounts", new() { Exact = true }).CheckAsync();
            await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync("All accounts.");
            Assert.Empty(await tab.WiderThanTheScreenAsync());
            Assert.Empty(tab.Problems);
        }
    }

    [Fact]
    public async Task OnAPhoneTheLongestIdsAndErrorCodeAndAThaiNameStayOnTheScreen()
    {
        await using var tab = await app.OpenAsync(width: 390, height: 844);
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.LongTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(1);
        var row = tab.Row(BrowserApp.LongAccount);
        await Expect(row.Locator(".account-name")).ToHaveTextAsync(BrowserApp.ThaiName);
        await Expect(row.Locator(".error-code")).ToHaveTextAsync(BrowserApp.LongErrorCode);

        Assert.Empty(await tab.WiderThanTheScreenAsync());
        await tab.AssertAccessibleAsync("phone, longest ids");

        await row.GetByRole(AriaRole.Button, new() { Name = "Show history of " + BrowserApp.ThaiName }).ClickAsync();
        await Expect(tab.Page.Locator(".history-table tbody tr")).ToHaveCountAsync(1);
        Assert.Empty(await tab.WiderThanTheScreenAsync());
        await tab.AssertAccessibleAsync("phone, longest ids, history open");

        // A mistyped longest id: the unknown tenant's sentence names it, and still fits.
        var mistyped = BrowserApp.LongTenant[..^1] + "z";
        await tab.Page.GetByLabel("Tenant", new() { Exact = true }).FillAsync(mistyped);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Expect(tab.Page.Locator("#summary-text")).ToContainTextAsync(mistyped);
        Assert.Empty(await tab.WiderThanTheScreenAsync());
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ABadgeIsReadOutAsItsWordWithoutItsSign()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, allAccounts: true);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoAccounts);

        // The signs are for the eye; a screen reader would read out "multiplication x Error".
        await Expect(tab.Row("facebook-page").Locator(".status")).ToHaveAccessibleNameAsync(new Regex("^Error\\b"));
        await Expect(tab.Row("line-oa-main").Locator(".status")).ToHaveAccessibleNameAsync(new Regex("^Connected$"));
        await Expect(tab.Row("line-oa-promo").Locator(".status")).ToHaveAccessibleNameAsync(new Regex("^Stale\\b"));
        await Expect(tab.Row("email-support").Locator(".status")).ToHaveAccessibleNameAsync(new Regex("^Disconnected\\b"));
        await Expect(tab.Row("webchat-site").Locator(".status")).ToHaveAccessibleNameAsync(new Regex("^Connected Flapping\\b"));
        // What the eye sees is unchanged.
        await Expect(tab.Row("facebook-page").Locator(".status .badge").First).ToHaveTextAsync("\u2715 Error");

        await tab.Page.GetByLabel("Tenant", new() { Exact = true }).FillAsync("no-such-tenant");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Expect(tab.Page.Locator("#summary-badge")).ToHaveTextAsync("? Unknown tenant");
        var summary = await tab.Page.Locator("#summary").AriaSnapshotAsync();
        Assert.Contains("Unknown tenant", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("?", summary, StringComparison.Ordinal);
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task FocusMovesToTheResultsAfterSignInAndPaging()
    {
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.PagingTenant, allAccounts: true);
        var results = tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Accounts of " + BrowserApp.PagingTenant });

        await Expect(results).ToBeFocusedAsync();

        await tab.Page.GetByLabel("Rows per page").SelectOptionAsync("10");
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(10);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(tab.Row("acct-11")).ToHaveCountAsync(1);
        await Expect(results).ToBeFocusedAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await Expect(tab.Row("acct-01")).ToHaveCountAsync(1);
        await Expect(results).ToBeFocusedAsync();
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ASkipLinkIsTheFirstStopAndLeadsToTheResults()
    {
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.SupportKey);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);
        await tab.Page.ReloadAsync();
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);

        await tab.Page.Keyboard.PressAsync("Tab");
        var skip = tab.Page.GetByRole(AriaRole.Link, new() { Name = "Skip to the accounts" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        await tab.Page.Keyboard.PressAsync("Enter");

        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Accounts of " + BrowserApp.DemoTenant })).ToBeFocusedAsync();
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task EscapeClosesAHistoryAndTheToggleIsNamedAsItReads()
    {
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.SupportKey);
        await tab.AssertAccessibleAsync("list");
        var toggle = tab.Row("facebook-page").Locator(".history-toggle");

        await toggle.ClickAsync();

        await Expect(toggle).ToHaveTextAsync("Hide history");
        await Expect(toggle).ToHaveAccessibleNameAsync("Hide history of Demo Shop Facebook Page");
        await Expect(tab.Page.Locator(".history-table tbody tr")).ToHaveCountAsync(2);
        await tab.AssertAccessibleAsync("history open");

        await tab.Page.Keyboard.PressAsync("Escape");

        await Expect(tab.Page.Locator("tr.history-row")).ToHaveCountAsync(0);
        await Expect(toggle).ToBeFocusedAsync();
        await Expect(toggle).ToHaveTextAsync("Show history");
        await Expect(toggle).ToHaveAccessibleNameAsync("Show history of Demo Shop Facebook Page");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");

        // Clicked inside (to select a line of it, say), the history has the focus, and Escape still closes it.
        await toggle.ClickAsync();
        await tab.Page.Locator(".history-table tbody tr").First.ClickAsync();
        await tab.Page.Keyboard.PressAsync("Escape");

        await Expect(tab.Page.Locator("tr.history-row")).ToHaveCountAsync(0);
        await Expect(toggle).ToBeFocusedAsync();
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task OnlyTheSummaryLineAndTheRemovalNoticeAreLiveRegions()
    {
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.SupportKey);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);

        var live = await tab.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[aria-live], [role=status], [role=log], [role=marquee], [role=timer]')].map(e => e.id)");
        // The removal notice is empty until an account is removed (RemoveAccountBrowserTests): a refresh announces nothing there.
        Assert.Equal(["summary", "removal-status"], live);
        await Expect(tab.Page.Locator("#summary")).ToHaveAttributeAsync("aria-live", "polite");
        await Expect(tab.Page.Locator("#removal-status")).ToHaveAttributeAsync("aria-live", "polite");
        await Expect(tab.Page.Locator("#removal-status")).ToBeEmptyAsync();
        Assert.False(await tab.Page.Locator("#connections").EvaluateAsync<bool>("t => t.closest('[aria-live]') !== null"));
        Assert.Empty(tab.Problems);
    }
}
