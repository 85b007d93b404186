using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// What a support operator meets after the first minute (issue 19): a refresh that cannot reach the service or whose
/// key was revoked, the clock passing midnight and a whole day, a history opened deep in the pages while the page
/// refreshes, and two providers out at once. The page's clock is Playwright's, paused; failures are the browser's own
/// answers to the page's requests (<see cref="IPage.RouteAsync(Regex, Func{IRoute, Task}, PageRouteOptions?)"/>), so the
/// shared app is left as it is.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class OperatorWalkBrowserTests(BrowserApp app)
{
    private static readonly Regex Api = new("/api/");

    [Fact]
    public async Task ARefreshThatCannotReachTheServiceKeepsTheRowsSaysSoAndRecoversByItself()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);
        var updated = await tab.Page.Locator("#updated").TextContentAsync();

        await tab.Page.RouteAsync(Api, route => route.AbortAsync("connectionrefused"));
        await tab.Page.Clock.FastForwardAsync("00:30");

        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The service could not be reached. Check that it is running, then try again.");
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);
        await Expect(tab.Page.Locator("#summary")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#updated")).ToHaveTextAsync(updated!);
        await tab.AssertAccessibleAsync("a refresh failed");

        await tab.Page.UnrouteAllAsync();
        await tab.Page.Clock.FastForwardAsync("00:30");

        await Expect(tab.Page.Locator("#updated")).Not.ToHaveTextAsync(updated!);
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task OnATenantOfFiveHundredAnAccountBrokenBehindThePageAppearsWithinOneRefreshMarkedAndTheAttentionTotalFollows()
    {
        // A tenant of its own, as the big one is seeded: the shared big tenant is read by other tests and must not change.
        var tenant = "live500-" + Guid.NewGuid().ToString("N")[..8];
        await app.SeedBigTenantAsync(tenant);
        var broken = Enumerable.Range(1, BrowserApp.BigAccounts).Select(BrowserApp.BigAccount).Count(a => a.Status != "connected");
        var first = BrowserApp.BigAccount(1);
        var second = BrowserApp.BigAccount(2);
        Assert.Equal(("connected", "connected"), (first.Status, second.Status));
        using var connector = app.Client(BrowserApp.ConnectorKey);
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant, allAccounts: true);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(25);
        await Expect(tab.Row(first.Id).Locator(".status .badge").First).ToHaveTextAsync("\u2713 Connected");
        await tab.Page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await BreakAsync(connector, tenant, first);
        await tab.Page.Clock.FastForwardAsync("00:30");

        await Expect(tab.Row(first.Id).Locator(".status .badge").First).ToHaveTextAsync("\u2715 Error");
        await Expect(tab.Row(first.Id)).ToHaveClassAsync(new Regex("\\bchanged\\b"));
        await Expect(tab.Page.Locator("#rows > tr.changed")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(25);
        await tab.AssertAccessibleAsync("a row marked as changed");

        await tab.Page.GetByLabel("Needs attention", new() { Exact = true }).CheckAsync();
        var label = tab.Page.Locator("#page-label");
        await Expect(label).ToHaveTextAsync($"Page 1 of {(broken + 1 + 24) / 25} \u00b7 {broken + 1} accounts");

        // Broken last, so listed last (longest broken first): the first page stays as it was, and the total counts it.
        await BreakAsync(connector, tenant, second);
        await tab.Page.Clock.FastForwardAsync("00:30");

        await Expect(label).ToHaveTextAsync($"Page 1 of {(broken + 2 + 24) / 25} \u00b7 {broken + 2} accounts");
        await Expect(tab.Page.Locator("#results")).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(tab.Page.Locator("#rows > tr.changed")).ToHaveCountAsync(0);
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page was reloaded.");
        Assert.Empty(tab.Problems);
    }

    private static async Task BreakAsync(HttpClient connector, string tenant, BigAccountSeed account)
    {
        var report = new { status = "error", errorCategory = "auth_error", checkedAt = DateTimeOffset.UtcNow.ToString("O"), channel = account.Channel, displayName = account.Name };
        (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{account.Id}", report)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task AKeyRevokedWhileThePageIsOpenAsksForAKeyAndLeavesNoRowsBehind()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);

        await tab.Page.RouteAsync(Api, route => route.FulfillAsync(new()
        {
            Status = 401,
            ContentType = "application/problem+json",
            Body = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Unauthorized","status":401}""",
        }));
        await tab.Page.Clock.FastForwardAsync("00:30");

        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The API key was not accepted: it is wrong or no longer valid. Enter the key again.");
        await Expect(tab.Page.GetByLabel("API key")).ToBeFocusedAsync();
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#summary")).ToBeHiddenAsync();
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('connection-status.api-key')"));
        await tab.AssertAccessibleAsync("key revoked");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task SinceNamesTheDayOnceTheClockPassesMidnightAndCountsDaysPastADay()
    {
        var brokeAt = (await app.DemoSeededAtAsync()).AddMinutes(-42);
        // The first midnight at least three minutes after the break, so that two minutes before it the account is
        // already broken (a demo seeded at 00:39-00:42 UTC broke in the last minutes of a day).
        var midnight = brokeAt.AddMinutes(3).UtcDateTime.Date.AddDays(1);
        await using var tab = await app.OpenAsync();
        await tab.Page.Clock.InstallAsync(new ClockInstallOptions { TimeDate = midnight.AddMinutes(-3) });
        await tab.Page.Clock.PauseAtAsync(midnight.AddMinutes(-2));
        await tab.SignInAsync(BrowserApp.SupportKey);
        var since = tab.Row("facebook-page").Locator(".since");
        var clock = brokeAt.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        var day = brokeAt.UtcDateTime.ToString("MMM d", CultureInfo.InvariantCulture);

        // The day is named once the browser's day is not the break's: after midnight, or already before it when the break was the day before.
        string Since(DateTime now) => $"^Error for {ErrorFor(now - brokeAt)}, since {(now.Date == brokeAt.UtcDateTime.Date ? string.Empty : day + " ")}{clock}";

        await Expect(since).ToHaveTextAsync(new Regex(Since(midnight.AddMinutes(-2))));

        await tab.Page.Clock.FastForwardAsync("00:04:00");

        await Expect(since).ToHaveTextAsync(new Regex(Since(midnight.AddMinutes(2))));

        await tab.Page.Clock.FastForwardAsync("24:00:00");

        await Expect(since).ToHaveTextAsync(new Regex(Since(midnight.AddHours(24).AddMinutes(2))));
        Assert.Empty(tab.Problems);
    }

    // How long the page says an account has been broken: whole units rounded down, the smaller unit
    // left out when it is zero ("21 h", not "21 h 0 min"), which a regex of the larger unit alone missed
    // whenever the test ran at a minute that made the hours whole.
    private static string ErrorFor(TimeSpan broken)
    {
        var minutes = (long)broken.TotalMinutes;
        var hours = minutes / 60;
        return minutes < 60 ? $"{minutes} min"
            : hours < 24 ? (minutes % 60 == 0 ? $"{hours} h" : $"{hours} h {minutes % 60} min")
            : hours % 24 == 0 ? $"{hours / 24} d" : $"{hours / 24} d {hours % 24} h";
    }

    [Fact]
    public async Task AHistoryOpenedOnTheThirdPageStaysOpenThroughARefreshAndEscapeReturnsToItsButton()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(25);
        for (var page = 2; page <= 3; page++)
        {
            await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
            await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync(new Regex($"^Page {page} of "));
            await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Accounts of " + BrowserApp.BigTenant })).ToBeFocusedAsync();
        }

        await Expect(tab.Page.Locator("#results")).ToHaveAttributeAsync("aria-busy", "false");
        var account = await tab.Page.Locator("#rows > tr[data-account]").First.GetAttributeAsync("data-account");
        var toggle = tab.Row(account!).Locator(".history-toggle");
        await toggle.ClickAsync();
        await Expect(tab.Page.Locator(".history-table tbody tr")).ToHaveCountAsync(1);
        var updated = await tab.Page.Locator("#updated").TextContentAsync();

        await tab.Page.Clock.FastForwardAsync("00:30");

        await Expect(tab.Page.Locator("#updated")).Not.ToHaveTextAsync(updated!);
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync(new Regex("^Page 3 of "));
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(tab.Page.Locator(".history-table tbody tr")).ToHaveCountAsync(1);
        await Expect(toggle).ToBeFocusedAsync();

        await tab.Page.Keyboard.PressAsync("Escape");

        await Expect(tab.Page.Locator("tr.history-row")).ToHaveCountAsync(0);
        await Expect(toggle).ToBeFocusedAsync();
        await Expect(toggle).ToHaveAccessibleNameAsync(new Regex("^Show history of "));
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync(new Regex("^Page 3 of "));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task TwoProvidersOutAtOnceGetOneBannerEachOnlyWhereTheirAccountsAre()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        // Every list answered as the service answers it while the LINE and Facebook providers are both out.
        await tab.Page.RouteAsync(new Regex("/connections\\?"), async route =>
        {
            var response = await route.FetchAsync();
            var list = JsonNode.Parse(await response.TextAsync())!;
            list["providerOutages"] = new JsonArray("line", "facebook");
            await route.FulfillAsync(new() { Response = response, Body = list.ToJsonString() });
        });
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.DemoTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.DemoNeedingAttention);

        var banners = tab.Page.Locator("#outages .outage");
        await Expect(banners).ToHaveCountAsync(2);
        Assert.Equal(["facebook", "line"], await banners.EvaluateAllAsync<string[]>("b => b.map(e => e.dataset.channel)"));
        await Expect(banners.Nth(0)).ToContainTextAsync("Facebook is having a provider outage.");
        await Expect(banners.Nth(1)).ToContainTextAsync("LINE is having a provider outage.");
        await tab.AssertAccessibleAsync("two outage banners");

        // A tenant of LINE accounts only: the Facebook outage is not its concern.
        await tab.Page.GetByLabel("Tenant", new() { Exact = true }).FillAsync(BrowserApp.PagingTenant);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(BrowserApp.PagingBroken);
        await Expect(banners).ToHaveCountAsync(1);
        await Expect(banners.First).ToHaveAttributeAsync("data-channel", "line");
        Assert.Empty(tab.Problems);
    }
}
