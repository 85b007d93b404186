using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// What a fresh tester of the console found left over (issue 19): "Change key" leaving the previous view on screen,
/// filter values of the address the page dropped silently, no way to list only flapping accounts, and a length and
/// an ago of the same instant rounded differently. The page's clock is Playwright's: no test waits for real time.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class OperatorConsoleAddressTests(BrowserApp app)
{
    [Fact]
    public async Task ChangeKeyLeavesNothingOfThePreviousViewAndAKeyOfOneTenantGoesStraightToIt()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant: null);
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = BrowserApp.PagingTenant, Exact = true }).ClickAsync();
        var rows = tab.Page.Locator("#rows > tr[data-account]");
        await Expect(rows).ToHaveCountAsync(BrowserApp.PagingBroken);

        // Every piece of state the page keeps: the list, filters, a search, rows per page, a page after the first,
        // an open history, the webhooks, "Updated", the summary.
        await tab.Page.GetByLabel("All accounts", new() { Exact = true }).CheckAsync();
        await tab.Page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("connected");
        await tab.Page.GetByLabel("Search").FillAsync("Branch");
        await tab.Page.GetByLabel("Search").PressAsync("Enter");
        await tab.Page.GetByLabel("Rows per page").SelectOptionAsync("10");
        await Expect(rows).ToHaveCountAsync(10);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex("page=2"));
        await rows.First.Locator(".history-toggle").ClickAsync();
        await Expect(tab.Page.Locator(".history-table")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("#webhooks")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#updated")).ToBeVisibleAsync();

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Change key" }).ClickAsync();

        await Expect(tab.Page.GetByLabel("API key")).ToBeFocusedAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex("/status$"));
        var shown = await tab.Page.Locator("body").InnerTextAsync();
        foreach (var leftover in new[] { BrowserApp.PagingTenant, "Branch", "acct-", "Accounts of", "Updated", "Webhook", "Page 2", "Tenants", "retailer-", "need attention" })
        {
            Assert.DoesNotContain(leftover, shown, StringComparison.Ordinal);
        }

        foreach (var part in new[] { "#tenant-view", "#directory", "#summary", "#message", "#webhooks", "#pager" })
        {
            await Expect(tab.Page.Locator(part)).ToBeHiddenAsync();
        }

        await Expect(tab.Page.Locator("#rows > tr, #tenant-rows > tr, #webhook-rows > tr, #outages > *")).ToHaveCountAsync(0);
        await Expect(tab.Page.GetByLabel("Tenant", new() { Exact = true })).Not.ToHaveValueAsync(BrowserApp.PagingTenant);
        await Expect(tab.Page.GetByLabel("Search")).ToHaveValueAsync(string.Empty);
        await Expect(tab.Page.GetByLabel("Status", new() { Exact = true })).ToHaveValueAsync(string.Empty);
        await Expect(tab.Page.GetByLabel("Rows per page")).ToHaveValueAsync("25");
        await Expect(tab.Page.GetByLabel("Needs attention", new() { Exact = true })).ToBeCheckedAsync();
        await tab.AssertAccessibleAsync("signed out after change key");

        // No timer of the previous view is left: the page's clock moves past two refreshes and nothing is asked.
        var requests = 0;
        tab.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref requests);
            }
        };
        await tab.Page.Clock.FastForwardAsync("01:05");
        Assert.Equal(0, Volatile.Read(ref requests));

        // A key of one tenant goes straight to it, on its default view: no filter, page or list of the previous key.
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.PagingTenantKey);
        await tab.Page.GetByLabel("API key").PressAsync("Enter");
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Accounts of " + BrowserApp.PagingTenant })).ToBeFocusedAsync();
        await Expect(rows).ToHaveCountAsync(BrowserApp.PagingBroken);
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.PagingTenant}$"));
        await Expect(tab.Page.GetByLabel("Status", new() { Exact = true })).ToHaveValueAsync(string.Empty);
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        Assert.Empty(tab.Problems);
    }

    private const string TooLongSearch = "TOO-LONG";

    [Theory]
    [InlineData("status", "bogus", "Clear the Status filter", "'connected', 'error', 'disconnected', 'stale'")]
    [InlineData("channel", "nope", "Clear the Channel filter", "'line'")]
    [InlineData("healthState", "x", "Clear the Health filter", "'requires_reauth'")]
    [InlineData("errorCategory", "y", "Clear the Error category filter", "'auth_error'")]
    [InlineData("flapping", "maybe", "Clear the Flapping filter", "true or false")]
    [InlineData("q", TooLongSearch, "Clear the Search filter", "1-128 characters")]
    [InlineData("categroy", "auth_error", "Remove categroy from the address", "its filters are q, channel, status")]
    public async Task AFilterValueOfTheAddressThatIsNotValidIsNamedAndNoAccountIsShownUntilItIsCleared(string param, string value, string clear, string why)
    {
        var sent = value == TooLongSearch ? new string('a', Service.Storage.ListFilter.MaxSearchLength + 1) : value;
        await using var tab = await app.OpenAsync();
        await tab.Page.GotoAsync($"/status?tenant={BrowserApp.PagingTenant}&{param}={Uri.EscapeDataString(sent)}");
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var problem = tab.Page.GetByRole(AriaRole.Alert).Locator($".address-problem[data-param='{param}']");
        await Expect(problem).ToContainTextAsync($"{param}={sent[..Math.Min(sent.Length, 60)]}");
        await Expect(problem).ToContainTextAsync(why);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#connections")).ToBeHiddenAsync();
        await Expect(tab.Page.Locator("#list-note")).ToBeHiddenAsync();
        // The address keeps what it asked for until the operator clears it.
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"[?&]{param}="));
        await tab.AssertAccessibleAsync($"address value {param} not valid");

        await problem.GetByRole(AriaRole.Button, new() { Name = clear }).ClickAsync();

        await Expect(tab.Page.Locator("#rows > tr[data-account]")).ToHaveCountAsync(BrowserApp.PagingBroken);
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await Expect(tab.Page).Not.ToHaveURLAsync(new Regex($"[?&]{param}="));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task AFilterNamedInAnotherCaseFiltersAsTheApiReadsIt()
    {
        await using var tab = await app.OpenAsync();
        await tab.Page.GotoAsync($"/status?tenant={BrowserApp.PagingTenant}&STATUS=error&Show=all");
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync("All accounts that match these filters.");
        await Expect(tab.Page.Locator("#rows > tr[data-account]")).ToHaveCountAsync(BrowserApp.PagingBroken);
        await Expect(tab.Page.GetByLabel("Status", new() { Exact = true })).ToHaveValueAsync("error");
        await Expect(tab.Page).ToHaveURLAsync(new Regex("[?&]status=error"));
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task FlappingIsAFilterKeptInTheAddressAndCombinedWithTheOthers()
    {
        var tenant = "flap-" + Guid.NewGuid().ToString("N")[..8];
        using var connector = app.Client(BrowserApp.ConnectorKey);
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        // Ten alternating results make an account flap (StatusPolicy: over FlapStartPercent changes in at least FlapMinResults).
        for (var i = 0; i < 10; i++)
        {
            foreach (var (account, channel) in new[] { ("flap-line", "line"), ("flap-fb", "facebook") })
            {
                var report = new { status = i % 2 == 0 ? "error" : "connected", checkedAt = start.AddMinutes(i).ToString("O"), errorCategory = i % 2 == 0 ? "unknown" : null, channel, displayName = "Flapper " + account };
                (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{account}", report)).EnsureSuccessStatusCode();
            }
        }

        (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/broken", new { status = "error", checkedAt = start.AddMinutes(20).ToString("O"), errorCategory = "auth_error", channel = "line" })).EnsureSuccessStatusCode();
        (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/fine", new { status = "connected", checkedAt = start.AddMinutes(20).ToString("O"), channel = "line" })).EnsureSuccessStatusCode();

        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant);
        var rows = tab.Page.Locator("#rows > tr[data-account]");
        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync("3 accounts need attention, longest broken first.");

        await tab.Page.GetByLabel("Flapping", new() { Exact = true }).SelectOptionAsync("true");

        await Expect(tab.Page).ToHaveURLAsync(new Regex("flapping=true"));
        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync("2 accounts that match these filters need attention, longest broken first.");
        Assert.Equal(["flap-fb", "flap-line"], (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.account)")).Order(StringComparer.Ordinal));
        await Expect(rows.Locator(".flapping")).ToHaveCountAsync(2);
        await tab.AssertAccessibleAsync("flapping filter");

        await tab.Page.GetByLabel("Channel", new() { Exact = true }).SelectOptionAsync("line");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(tab.Row("flap-line")).ToHaveCountAsync(1);
        await Expect(tab.Page).ToHaveURLAsync(new Regex("channel=line"));

        await tab.Page.ReloadAsync();

        await Expect(tab.Page.GetByLabel("Flapping", new() { Exact = true })).ToHaveValueAsync("true");
        await Expect(tab.Page.GetByLabel("Channel", new() { Exact = true })).ToHaveValueAsync("line");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(tab.Row("flap-line")).ToHaveCountAsync(1);

        // The other choice: the accounts that are not flapping, here the one broken LINE account, and with all accounts, both.
        await tab.Page.GetByLabel("Flapping", new() { Exact = true }).SelectOptionAsync("false");
        await Expect(tab.Page).ToHaveURLAsync(new Regex("flapping=false"));
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(tab.Row("broken")).ToHaveCountAsync(1);
        await tab.Page.GetByLabel("All accounts", new() { Exact = true }).CheckAsync();
        await Expect(rows).ToHaveCountAsync(2);
        Assert.Equal(["broken", "fine"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.account)"));
        Assert.Empty(tab.Problems);
    }

    /// <summary>
    /// One rounding rule, down, for a length ("Error for 59 min") and an ago ("59 minutes ago") of the same instant, at
    /// each boundary: four accounts broke that long before the instant the page's clock is paused at, then the clock
    /// moves to the page's next tick, 15 s on, and 59 min 59 s has become an hour in both.
    /// </summary>
    [Fact]
    public async Task ALengthAndAnAgoOfTheSameInstantRoundAlikeAtEachBoundary()
    {
        var tenant = "times-" + Guid.NewGuid().ToString("N")[..8];
        var utcNow = DateTimeOffset.UtcNow;
        var now = new DateTimeOffset(utcNow.Ticks - (utcNow.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        (string Id, TimeSpan Before, string Length, string Ago)[] boundaries =
        [
            ("t-00-59-59", new TimeSpan(0, 59, 59), "59 min", "59 minutes ago"),
            ("t-01-00-00", TimeSpan.FromHours(1), "1 h", "1 hour ago"),
            ("t-23-59-00", new TimeSpan(23, 59, 0), "23 h 59 min", "23 hours ago"),
            ("t-24-00-00", TimeSpan.FromDays(1), "1 d", "1 day ago"),
        ];
        using var connector = app.Client(BrowserApp.ConnectorKey);
        foreach (var (id, before, _, _) in boundaries)
        {
            var report = new { status = "error", checkedAt = (now - before).ToString("O"), errorCategory = "unknown", channel = "line" };
            (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{id}", report)).EnsureSuccessStatusCode();
        }

        await using var tab = await app.OpenAsync();
        await tab.Page.Clock.InstallAsync(new ClockInstallOptions { TimeDate = now.UtcDateTime.AddMinutes(-1) });
        await tab.Page.Clock.PauseAtAsync(now.UtcDateTime);
        await tab.SignInAsync(BrowserApp.SupportKey, tenant);
        await Expect(tab.Page.Locator("#rows > tr[data-account]")).ToHaveCountAsync(boundaries.Length);

        foreach (var (id, _, length, ago) in boundaries)
        {
            await Expect(tab.Row(id).Locator(".since").First).ToHaveTextAsync(new Regex("^Error for " + Regex.Escape(length) + ", since "));
            await Expect(tab.Row(id).Locator(".checked time")).ToHaveTextAsync(ago);
        }

        await tab.Page.Clock.FastForwardAsync("00:15");

        (string Id, string Length, string Ago)[] later =
        [
            ("t-00-59-59", "1 h", "1 hour ago"),
            ("t-01-00-00", "1 h", "1 hour ago"),
            ("t-23-59-00", "23 h 59 min", "23 hours ago"),
            ("t-24-00-00", "1 d", "1 day ago"),
        ];
        foreach (var (id, length, ago) in later)
        {
            await Expect(tab.Row(id).Locator(".since").First).ToHaveTextAsync(new Regex("^Error for " + Regex.Escape(length) + ", since "));
            await Expect(tab.Row(id).Locator(".checked time")).ToHaveTextAsync(ago);
        }

        Assert.Empty(tab.Problems);
    }
}
