using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// The console after its first minutes (issue 19's tester findings): what a refresh may rewrite and mark, the page a
/// refresh lands on when accounts ahead of it recover, since when in words that match their time, the outage banner
/// on the page an operator opens, a deep page reached in few requests, and the filters' labels on a phone. Each test
/// that changes data reports to a tenant of its own; the page's clock is Playwright's.
/// Long because each refresh case sets up its own tenant and moves the page's clock step by step.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class OperatorConsoleRefreshTests(BrowserApp app)
{
    private static string NewTenant(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static string ClockOf(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);

    private async Task ReportAsync(string tenant, string account, string status, DateTimeOffset at, string channel = "line")
    {
        using var connector = app.Client(BrowserApp.ConnectorKey);
        var report = new { status, checkedAt = at.ToString("O"), channel, errorCategory = status == "error" ? "webhook_error" : null };
        (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{account}", report)).EnsureSuccessStatusCode();
    }

    /// <summary>The attention list of <paramref name="tenant"/> as the API orders it, in one read.</summary>
    private async Task<List<string>> AttentionOrderAsync(string tenant)
    {
        using var support = app.Client(BrowserApp.SupportKey);
        var list = await support.GetFromJsonAsync<JsonElement>($"/api/tenants/{tenant}/connections?needsAttention=true&pageSize=1000");
        return list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("channelAccountId").GetString()!).ToList();
    }

    private static Task<string[]> ShownAsync(BrowserPage tab) =>
        tab.Page.Locator("#rows > tr[data-account]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.account)");

    [Fact]
    public async Task ARefreshThatChangesNothingLeavesTheLiveSummaryAlone()
    {
        var tenant = NewTenant("quiet");
        var at = DateTimeOffset.UtcNow.AddMinutes(-2);
        foreach (var account in new[] { "a", "b", "c" })
        {
            await ReportAsync(tenant, account, "connected", at);
        }

        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant);
        await Expect(tab.Page.Locator("#summary-text")).ToHaveTextAsync("All 3 connections healthy");
        await tab.Page.EvaluateAsync(
            """
            () => {
              window.__summaryChanges = [];
              new MutationObserver(records => window.__summaryChanges.push(...records.map(r => r.type + ' on ' + (r.target.id || r.target.nodeName))))
                .observe(document.getElementById('summary'), { subtree: true, childList: true, characterData: true, attributes: true });
            }
            """);
        var updated = await tab.Page.Locator("#updated").TextContentAsync();

        await tab.Page.Clock.FastForwardAsync("00:31");

        // The refresh ran (its time moved) and wrote nothing into the live region: nothing for a screen reader to repeat.
        await Expect(tab.Page.Locator("#updated")).Not.ToHaveTextAsync(updated!);
        Assert.Empty(await tab.Page.EvaluateAsync<string[]>("() => window.__summaryChanges"));

        await ReportAsync(tenant, "b", "error", DateTimeOffset.UtcNow);
        await tab.Page.Clock.FastForwardAsync("00:31");

        await Expect(tab.Page.Locator("#summary-text")).ToHaveTextAsync("1 of 3 connections needs attention");
        Assert.NotEmpty(await tab.Page.EvaluateAsync<string[]>("() => window.__summaryChanges"));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task AfterAccountsAheadRecoverARefreshShowsThePagesOwnRowsOrTheLastPage()
    {
        var tenant = NewTenant("drift");
        var start = DateTimeOffset.UtcNow.AddMinutes(-60);
        // e-01 broke first: the attention list is e-01 ... e-25, ten a page.
        for (var i = 1; i <= 25; i++)
        {
            await ReportAsync(tenant, $"e-{i:D2}", "error", start.AddMinutes(i));
        }

        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.Page.GotoAsync($"/status?tenant={tenant}&pageSize=10&page=3");
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var label = tab.Page.Locator("#page-label");
        await Expect(label).ToHaveTextAsync("Page 3 of 3 \u00b7 25 accounts");
        Assert.Equal((await AttentionOrderAsync(tenant))[20..], await ShownAsync(tab));

        // Three of page 1 recover: page 3 is now rows 21-22 of 22, not the five rows after the old page 2.
        foreach (var account in new[] { "e-01", "e-02", "e-03" })
        {
            await ReportAsync(tenant, account, "connected", DateTimeOffset.UtcNow);
        }

        await tab.Page.Clock.FastForwardAsync("00:31");
        await Expect(label).ToHaveTextAsync("Page 3 of 3 \u00b7 22 accounts");
        Assert.Equal((await AttentionOrderAsync(tenant))[20..], await ShownAsync(tab));
        await Expect(tab.Page).ToHaveURLAsync(new Regex("&page=3$"));

        // Three more: there is no page 3 any more; the last page is shown, and the address says which.
        foreach (var account in new[] { "e-04", "e-05", "e-06" })
        {
            await ReportAsync(tenant, account, "connected", DateTimeOffset.UtcNow);
        }

        await tab.Page.Clock.FastForwardAsync("00:31");
        await Expect(label).ToHaveTextAsync("Page 2 of 2 \u00b7 19 accounts");
        Assert.Equal((await AttentionOrderAsync(tenant))[10..], await ShownAsync(tab));
        await Expect(tab.Page).ToHaveURLAsync(new Regex("&page=2$"));
        await Expect(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToBeDisabledAsync();
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task SinceWhenSaysWhatEachTimeIsTheStartOf()
    {
        var tenant = NewTenant("since");
        // Five failures, then a recovery ten minutes ago: connected since then, and needing attention for the failures,
        // since the hour of the oldest (the window keeps hours).
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            await ReportAsync(tenant, "f-1", "error", now.AddMinutes(-50 + i));
        }

        var recovered = now.AddMinutes(-10);
        await ReportAsync(tenant, "f-1", "connected", recovered);
        using (var support = app.Client(BrowserApp.SupportKey))
        {
            var view = await support.GetFromJsonAsync<JsonElement>($"/api/tenants/{tenant}/connections/f-1");
            Assert.False(view.GetProperty("isFlapping").GetBoolean());
            Assert.True(view.GetProperty("needsAttention").GetBoolean());
        }

        var oldestHour = new DateTimeOffset(now.AddMinutes(-50).UtcDateTime.Date.AddHours(now.AddMinutes(-50).UtcDateTime.Hour), TimeSpan.Zero);

        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant);
        var lines = tab.Row("f-1").Locator(".since");
        await Expect(lines).ToHaveCountAsync(2);
        await Expect(lines.Nth(0)).ToHaveTextAsync(new Regex("^Connected since " + ClockOf(recovered)));
        var day = oldestHour.UtcDateTime.Date == now.UtcDateTime.Date ? string.Empty : oldestHour.UtcDateTime.ToString("MMM d ", CultureInfo.InvariantCulture);
        await Expect(lines.Nth(1)).ToHaveTextAsync(new Regex("^5 failures since " + day + ClockOf(oldestHour)));

        // The demo: a stale account is stale since its silence passed StaleAfter, and says when it last reported; a
        // flapping one is connected since its last change, and needs attention since earlier.
        await tab.Page.GotoAsync("/status?tenant=" + BrowserApp.DemoTenant + "&show=all");
        var stale = tab.Row("line-oa-promo").Locator(".since");
        await Expect(stale).ToHaveCountAsync(2);
        await Expect(stale.Nth(0)).ToHaveTextAsync(new Regex("^Stale for 2 d( \\d+ h)?, since [A-Z][a-z]{2} \\d+ \\d\\d:\\d\\d"));
        await Expect(stale.Nth(1)).ToHaveTextAsync(new Regex("^No report since [A-Z][a-z]{2} \\d+ \\d\\d:\\d\\d"));
        var flapping = tab.Row("webchat-site").Locator(".since");
        await Expect(flapping.Nth(0)).ToHaveTextAsync(new Regex("^Connected since "));
        await Expect(flapping.Nth(1)).ToHaveTextAsync(new Regex("^Needs attention for .+, since "));
        await Expect(tab.Page.Locator("#rows .since", new() { HasTextRegex = new Regex("^(Silent|Flapping)") })).ToHaveCountAsync(0);
        await tab.AssertAccessibleAsync("since lines");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task AProviderOutageHasItsBannerOnTheFirstPageOfTheAttentionList()
    {
        var tenant = NewTenant("outage-first");
        var at = DateTimeOffset.UtcNow.AddMinutes(-30);
        foreach (var account in new[] { "line-1", "line-2", "line-3" })
        {
            await ReportAsync(tenant, account, "error", at);
        }

        // Its one account of the channel in outage is connected: it is on no page of the attention list.
        await ReportAsync(tenant, "tt-ok", "connected", at, channel: "tiktok");
        var outageApp = await app.StartOutageAppAsync();
        try
        {
            await using var tab = await app.OpenAsync(app: outageApp.Client.BaseAddress);
            await tab.PauseClockAsync();
            await tab.SignInAsync(BrowserApp.SupportKey, tenant);
            await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(3);
            await Expect(tab.Page.Locator("#rows .channel", new() { HasText = "TikTok" })).ToHaveCountAsync(0);

            var banners = tab.Page.Locator("#outages .outage");
            await Expect(banners).ToHaveCountAsync(1);
            await Expect(banners.First).ToHaveAttributeAsync("data-channel", "tiktok");
            await tab.AssertAccessibleAsync("outage banner on the attention list");
            Assert.Empty(tab.Problems);
        }
        finally
        {
            await outageApp.DisposeAsync();
            await app.SetOutageAsync(false);
        }
    }

    [Fact]
    public async Task ADeepPageOfTheAttentionListOpensInTwoRequests()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        var attentionRequests = new List<string>();
        tab.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/connections?", StringComparison.Ordinal) && request.Url.Contains("needsAttention=true", StringComparison.Ordinal))
            {
                lock (attentionRequests)
                {
                    attentionRequests.Add(request.Url);
                }
            }
        };
        await tab.Page.GotoAsync("/status?tenant=" + BrowserApp.BigTenant + "&page=8");
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var order = await AttentionOrderAsync(BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync(new Regex("^Page 8 of "));
        await Expect(tab.Page.Locator("#results")).ToHaveAttributeAsync("aria-busy", "false");
        Assert.Equal(order.Skip(175).Take(25), await ShownAsync(tab));
        // The seven pages before it in one read that keeps only its token, then the page: not eight reads of the index.
        lock (attentionRequests)
        {
            Assert.Equal(2, attentionRequests.Count);
            Assert.Contains("pageSize=175", attentionRequests[0], StringComparison.Ordinal);
        }

        // Back a page: its token was not kept, and is found in one read again.
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync(new Regex("^Page 7 of "));
        await Expect(tab.Page.Locator("#results")).ToHaveAttributeAsync("aria-busy", "false");
        Assert.Equal(order.Skip(150).Take(25), await ShownAsync(tab));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ASwitchBetweenTheListsMarksOnlyTheAccountThatChanged()
    {
        var tenant = NewTenant("switch");
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        string[] accounts = ["s-0", "s-1", "s-2", "s-3", "s-4"];
        foreach (var account in accounts)
        {
            await ReportAsync(tenant, account, "connected", at);
        }

        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(5);

        await ReportAsync(tenant, "s-2", "error", DateTimeOffset.UtcNow.AddMinutes(-2));
        await tab.Page.Clock.FastForwardAsync("00:31");
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(1);
        await Expect(tab.Row("s-2")).ToHaveClassAsync(new Regex("\\bchanged\\b"));

        await ReportAsync(tenant, "s-2", "connected", DateTimeOffset.UtcNow);
        await tab.Page.Clock.FastForwardAsync("00:31");

        // Back on all accounts: s-2 changed; the other four were only not on the attention list.
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(5);
        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync("No account needs attention: showing all accounts.");
        await Expect(tab.Page.Locator("#rows > tr.changed")).ToHaveCountAsync(1);
        await Expect(tab.Row("s-2")).ToHaveClassAsync(new Regex("\\bchanged\\b"));
        await Expect(tab.Page.Locator("#rows .visually-hidden", new() { HasText = "Changed since the last refresh" })).ToHaveCountAsync(1);
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task OnAPhoneEachFiltersLabelStaysWithItsControl()
    {
        await using var tab = await app.OpenAsync(width: 390, height: 844);
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(25);

        // Each label is on its control's line just left of it, or directly above it: never at the end of the line before.
        var apart = await tab.Page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('#filters label[for]')].flatMap(label => {
              const control = document.getElementById(label.htmlFor);
              const l = label.getBoundingClientRect(), c = control.getBoundingClientRect();
              const sameLine = l.top < c.bottom && c.top < l.bottom && l.right <= c.left + 0.5 && c.left - l.right < 24;
              const above = l.bottom <= c.top + 0.5 && c.top - l.bottom < 16 && l.left < c.right && c.left < l.right;
              return sameLine || above ? [] : [label.textContent + ' ' + JSON.stringify([l.left, l.top, l.right, l.bottom]) + ' vs ' + JSON.stringify([c.left, c.top, c.right, c.bottom])];
            })
            """);
        Assert.Empty(apart);
        Assert.Empty(await tab.WiderThanTheScreenAsync());
        await tab.AssertAccessibleAsync("phone, filters");
        Assert.Empty(tab.Problems);
    }
}
