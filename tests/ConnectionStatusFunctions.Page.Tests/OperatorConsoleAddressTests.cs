using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// What fresh testers of the console found left over (issue 19): "Change key" leaving the previous view on screen,
/// values of the address the page dropped silently (a bad filter value, a bad value of the page's own parameters, a
/// parameter given twice, a page past the last), a control character shown as nothing, no way to list only flapping
/// accounts, a length and an ago of the same instant rounded differently, count sentences out of agreement, and a 12-hour
/// exact time beside a 24-hour clock. The page's clock is Playwright's: no test waits for real time.
/// Over 300 lines because each of those findings is a test here, on the one shared app and its seeded tenants, and most
/// read the page's address, which they share.
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

    /// <summary>
    /// The rest of the address, named as a bad filter value is: a value of the page's own parameters that is not one of
    /// theirs (which used to open the default view and drop it), a parameter given twice (which used to keep the last,
    /// where the API answers 400), and a control character, shown escaped rather than as nothing.
    /// </summary>
    [Theory]
    [InlineData("show=weird", "show", "show=weird", "show must be 'attention'", "Remove show from the address")]
    [InlineData("show=al", "show", "show=al", "or 'all'", "Remove show from the address")]
    [InlineData("page=abc", "page", "page=abc", "page must be a page number", "Remove page from the address")]
    [InlineData("page=0", "page", "page=0", "a whole number from 1", "Remove page from the address")]
    [InlineData("page=-3", "page", "page=-3", "a whole number from 1", "Remove page from the address")]
    [InlineData("pageSize=7", "pageSize", "pageSize=7", "pageSize must be one of '10', '25', '50', '100'", "Remove pageSize from the address")]
    [InlineData("pageSize=abc", "pageSize", "pageSize=abc", "'10', '25', '50', '100'", "Remove pageSize from the address")]
    [InlineData("pageSize=1000", "pageSize", "pageSize=1000", "'10', '25', '50', '100'", "Remove pageSize from the address")]
    [InlineData("tenantsPage=x", "tenantsPage", "tenantsPage=x", "tenantsPage must be a page number", "Remove tenantsPage from the address")]
    [InlineData("status=error&status=connected", "status", "status=connected", "status may be given once.", "Clear the Status filter")]
    [InlineData("STATUS=error&status=connected", "status", "status=error", "status may be given once.", "Clear the Status filter")]
    [InlineData("channel=line&channel=line", "channel", "channel=line", "channel may be given once.", "Clear the Channel filter")]
    [InlineData("show=all&show=all", "show", "show=all", "show may be given once.", "Remove show from the address")]
    [InlineData("page=2&Page=3", "page", "page=3", "page may be given once.", "Remove page from the address")]
    [InlineData("q=a%01b", "q", "q=a\\u0001b", "without control characters", "Clear the Search filter")]
    public async Task AnyParameterOfTheAddressThatIsNotValidIsNamedAndNoAccountIsShownUntilItIsCleared(string query, string param, string shown, string why, string clear)
    {
        await using var tab = await app.OpenAsync();
        await tab.Page.GotoAsync($"/status?tenant={BrowserApp.PagingTenant}&{query}");
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var problem = tab.Page.GetByRole(AriaRole.Alert).Locator($".address-problem[data-param='{param}']");
        await Expect(problem).ToContainTextAsync(shown);
        await Expect(problem).ToContainTextAsync(why);
        await Expect(problem).ToContainTextAsync("No account is shown until it is cleared.");
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#connections")).ToBeHiddenAsync();
        await Expect(tab.Page.Locator("#list-note")).ToBeHiddenAsync();
        var asked = new Regex($"[?&]{param}=", RegexOptions.IgnoreCase);
        await Expect(tab.Page).ToHaveURLAsync(asked);
        await tab.AssertAccessibleAsync($"address {query} not valid");

        await problem.GetByRole(AriaRole.Button, new() { Name = clear }).ClickAsync();

        await Expect(tab.Page.Locator("#rows > tr[data-account]")).ToHaveCountAsync(BrowserApp.PagingBroken);
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Accounts of " + BrowserApp.PagingTenant })).ToBeFocusedAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await Expect(tab.Page).Not.ToHaveURLAsync(asked);
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task AViewValueAndAFilterValueThatAreNotValidAreNamedTogether()
    {
        await using var tab = await app.OpenAsync();
        await tab.Page.GotoAsync($"/status?tenant={BrowserApp.PagingTenant}&show=al&status=bogus");
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var alert = tab.Page.GetByRole(AriaRole.Alert);
        await Expect(alert.Locator(".address-problem[data-param='show']")).ToContainTextAsync("show=al");
        await Expect(alert.Locator(".address-problem[data-param='status']")).ToContainTextAsync("status must be one of");
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(0);

        // Choosing in a control replaces what the address asked for that parameter: the other stays named.
        await tab.Page.GetByLabel("All accounts", new() { Exact = true }).CheckAsync();
        await Expect(alert.Locator(".address-problem")).ToHaveCountAsync(1);
        await Expect(alert.Locator(".address-problem[data-param='status']")).ToBeVisibleAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex("show=all"));
        await Expect(tab.Page).Not.ToHaveURLAsync(new Regex("show=al(&|$)"));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task TheDirectoryNamesABadTenantsPageAndATenantGivenTwiceOpensNothingUntilCleared()
    {
        await using var tab = await app.OpenAsync();
        await tab.Page.GotoAsync("/status?tenantsPage=abc");
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var problem = tab.Page.GetByRole(AriaRole.Alert).Locator(".address-problem[data-param='tenantsPage']");
        await Expect(problem).ToContainTextAsync("tenantsPage=abc, which is not valid: tenantsPage must be a page number");
        await Expect(problem).ToContainTextAsync("No tenant is shown until it is cleared.");
        await Expect(tab.Page.Locator("#tenant-rows > tr")).ToHaveCountAsync(0);
        await problem.GetByRole(AriaRole.Button, new() { Name = "Remove tenantsPage from the address" }).ClickAsync();
        await Expect(tab.Page.Locator("#tenant-rows > tr")).ToHaveCountAsync(BrowserApp.DirectoryPageSize);
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Tenants", Exact = true })).ToBeFocusedAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex("/status$"));

        await tab.Page.GotoAsync($"/status?tenant={BrowserApp.PagingTenant}&tenant={BrowserApp.DemoTenant}");

        problem = tab.Page.GetByRole(AriaRole.Alert).Locator(".address-problem[data-param='tenant']");
        await Expect(problem).ToContainTextAsync($"The address gives tenant twice (tenant={BrowserApp.PagingTenant} and tenant={BrowserApp.DemoTenant}): tenant may be given once.");
        await Expect(problem).ToContainTextAsync("Nothing is shown until it is cleared.");
        await Expect(tab.Page.Locator("#tenant-view")).ToBeHiddenAsync();
        await Expect(tab.Page.Locator("#directory")).ToBeHiddenAsync();
        await tab.AssertAccessibleAsync("tenant given twice");
        await problem.GetByRole(AriaRole.Button, new() { Name = "Remove tenant from the address" }).ClickAsync();
        await Expect(tab.Page.Locator("#tenant-rows > tr")).ToHaveCountAsync(BrowserApp.DirectoryPageSize);
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        Assert.Empty(tab.Problems);
    }

    /// <summary>A page past the last opens the last, as documented, and says so, through the next refresh too.</summary>
    [Fact]
    public async Task APagePastTheLastOpensTheLastAndSaysSo()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.Page.GotoAsync($"/status?tenant={BrowserApp.PagingTenant}&show=all&pageSize=10&page=999");
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var pages = (BrowserApp.PagingAccounts + 9) / 10;
        var said = $"The address asks for page 999, past the last: the last, page {pages}, is shown.";
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync($"Page {pages}");
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(said);
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"&page={pages}$"));
        await Expect(tab.Page.Locator("#rows > tr[data-account]")).ToHaveCountAsync(BrowserApp.PagingAccounts - ((pages - 1) * 10));
        var updated = await tab.Page.Locator("#updated").TextContentAsync();
        await tab.Page.Clock.FastForwardAsync("00:30");
        await Expect(tab.Page.Locator("#updated")).Not.ToHaveTextAsync(updated!);
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(said);

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync($"Page {pages - 1}");
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();

        await tab.Page.GotoAsync("/status?tenantsPage=999");
        await Expect(tab.Page).ToHaveURLAsync(new Regex("/status\\?tenantsPage=2$"));
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The address asks for tenants page 999, past the last: the last, tenants page 2, is shown.");
        Assert.Empty(tab.Problems);
    }

    /// <summary>Every count sentence of a tenant's view at 0, 1 and 2: the noun and the verb agree with the count.</summary>
    [Fact]
    public async Task EveryCountSentenceAgreesWithItsCount()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var two = "two-" + id;
        var one = "one-" + id;
        var none = "none-" + id;
        using var connector = app.Client(BrowserApp.ConnectorKey);
        var at = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O");
        foreach (var (tenant, account, status, channel) in new[]
        {
            (two, "e-line", "error", "line"), (two, "e-fb", "error", "facebook"), (two, "ok-line", "connected", "line"),
            (one, "e-line", "error", "line"), (one, "ok-line", "connected", "line"),
            (none, "ok-line", "connected", "line"),
        })
        {
            var report = new { status, checkedAt = at, errorCategory = status == "error" ? "auth_error" : null, channel };
            (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{account}", report)).EnsureSuccessStatusCode();
        }

        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        var note = tab.Page.Locator("#list-note");
        await tab.SignInAsync(BrowserApp.SupportKey, two);
        await Expect(note).ToHaveTextAsync("2 accounts need attention, longest broken first.");
        await Expect(tab.Page.Locator("#summary-text")).ToHaveTextAsync("2 of 3 connections need attention");
        await Expect(tab.Page.Locator("#summary-score")).ToHaveTextAsync(new Regex(@"\u00b7 3 accounts$"));
        await tab.Page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("error");
        await Expect(note).ToHaveTextAsync("2 accounts that match these filters need attention, longest broken first.");
        await tab.Page.GetByLabel("Channel", new() { Exact = true }).SelectOptionAsync("line");
        await Expect(note).ToHaveTextAsync("1 account that matches these filters needs attention, longest broken first.");
        await tab.Page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("connected");
        await Expect(note).ToHaveTextAsync("No account that matches these filters needs attention: showing all that match.");
        await tab.Page.GetByLabel("All accounts", new() { Exact = true }).CheckAsync();
        await Expect(note).ToHaveTextAsync("All accounts that match these filters.");

        // The key is kept for the tab: the address alone opens the next tenant.
        await tab.Page.GotoAsync("/status?tenant=" + one);
        await Expect(note).ToHaveTextAsync("1 account needs attention, longest broken first.");
        await Expect(tab.Page.Locator("#summary-text")).ToHaveTextAsync("1 of 2 connections needs attention");
        await Expect(tab.Page.Locator("#summary-score")).ToHaveTextAsync(new Regex(@"\u00b7 2 accounts$"));

        await tab.Page.GotoAsync("/status?tenant=" + none);
        await Expect(note).ToHaveTextAsync("No account needs attention: showing all accounts.");
        await Expect(tab.Page.Locator("#summary-text")).ToHaveTextAsync("1 connection healthy");
        await Expect(tab.Page.Locator("#summary-score")).ToHaveTextAsync(new Regex(@"\u00b7 1 account$"));
        Assert.Empty(tab.Problems);
    }

    /// <summary>
    /// The clock on screen and the exact instant of its tooltip and screen-reader text are one 24-hour clock in an en-US
    /// browser (the tests' locale), where the exact instant used to read "6:07:38 AM" beside "06:07".
    /// </summary>
    [Fact]
    public async Task TheVisibleClockAndTheExactInstantAreTheSame24HourClock()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.PagingTenant, allAccounts: true);
        var times = tab.Page.Locator("#rows .since time");
        await Expect(times.First).ToBeVisibleAsync();
        var seen = await times.EvaluateAllAsync<string[][]>(
            "times => times.map(t => [t.firstChild.textContent, t.querySelector('.visually-hidden').textContent, t.title.split(' (')[0]])");
        Assert.NotEmpty(seen);
        foreach (var shown in seen)
        {
            var clock = Regex.Match(shown[0], @"(\d{2}:\d{2})$").Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(clock), $"no hh:mm in '{shown[0]}'");
            foreach (var exact in shown[1..])
            {
                Assert.Contains(clock + ":", exact, StringComparison.Ordinal);
                Assert.DoesNotMatch(@"\b(AM|PM)\b", exact);
            }
        }

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
