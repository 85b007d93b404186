using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// The seeded tenant of <see cref="BrowserApp.BigAccounts"/> accounts as support works through it
/// (issue 19): broken accounts first in since order across full pages with their total as the tenant
/// opens, all accounts one choice away, the page kept in the address, search by a part of the name
/// and by an id prefix, and every filter, alone and together, kept in the address across a reload. The page's clock is Playwright's, paused, so no refresh replaces rows mid-read.
/// Long because every filter, alone and together, is walked across full pages and a reload on one big seeded tenant, whose seeding is costly to repeat.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class BigTenantBrowserTests(BrowserApp app)
{
    private const int PageSize = 25;

    private static readonly BigAccountSeed[] Seeded = [.. Enumerable.Range(1, BrowserApp.BigAccounts).Select(BrowserApp.BigAccount)];

    private static readonly List<BigAccountSeed> Broken = [.. Seeded.Where(a => a.Status != "connected")];

    /// <summary>The broken accounts as the attention list orders them: longest broken first (reported earliest), then by id.</summary>
    private static readonly List<string> LongestBrokenFirst = [.. Broken.OrderByDescending(a => a.Before).ThenBy(a => a.Id, StringComparer.Ordinal).Select(a => a.Id)];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ATenantOpensOnItsBrokenAccountsLongestBrokenFirstInFullPagesWithTheirTotal(bool fromTheDirectory)
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        if (fromTheDirectory)
        {
            await tab.SignInAsync(BrowserApp.SupportKey, tenant: null);
            await tab.Page.Locator($"#tenant-rows > tr[data-tenant='{BrowserApp.BigTenant}']").GetByRole(AriaRole.Link).ClickAsync();
        }
        else
        {
            await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        }

        // No control touched: the tenant opens on its accounts that need attention, and says how many.
        await Expect(tab.Page.GetByLabel("Needs attention", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync($"{Broken.Count} accounts need attention, longest broken first.");
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.BigTenant}$"));
        await tab.AssertAccessibleAsync("a tenant opened on its accounts that need attention");

        var broken = Broken;
        var pages = (broken.Count + PageSize - 1) / PageSize;
        Assert.True(pages >= 2, "The seed should give the attention list more than one page.");
        var label = tab.Page.Locator("#page-label");
        var shownIds = new List<string>();
        var shownSince = new List<DateTimeOffset>();
        for (var page = 1; page <= pages; page++)
        {
            await Expect(label).ToHaveTextAsync($"Page {page} of {pages} \u00b7 {broken.Count} accounts");
            await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.BigTenant}" + (page > 1 ? $"&page={page}$" : "$")));
            var rows = await ShownAccountsAsync(tab);
            Assert.Equal(page < pages ? PageSize : broken.Count - (PageSize * (pages - 1)), rows.Count);
            shownIds.AddRange(rows);
            // Each row's one since time, read in one call rather than a round trip per row (about 200 of them, which
            // made this the slowest browser test); "" where a row has none or several, which fails the parse.
            var since = await tab.Page.Locator("#rows > tr[data-account]").EvaluateAllAsync<string[]>(
                "rows => rows.map(r => { const t = r.querySelectorAll('.since time'); return t.length === 1 ? t[0].getAttribute('datetime') ?? '' : ''; })");
            Assert.Equal(rows.Count, since.Length);
            shownSince.AddRange(since.Select(at => DateTimeOffset.Parse(at, CultureInfo.InvariantCulture)));

            if (page < pages)
            {
                await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
            }
        }

        await Expect(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToBeDisabledAsync();
        Assert.Equal(broken.Select(a => a.Id).Order(StringComparer.Ordinal), shownIds.Order(StringComparer.Ordinal));
        // Longest broken first across every page: each since is at or after the one before it.
        Assert.All(shownSince.Zip(shownSince.Skip(1)), pair => Assert.True(pair.First <= pair.Second, $"{pair.First:O} came before {pair.Second:O}"));
        // The seed reports in an order unlike the ids', so this is since order, not id order.
        Assert.NotEqual(shownIds.Order(StringComparer.Ordinal), shownIds);
        Assert.Equal(LongestBrokenFirst, shownIds);
        Assert.Empty(tab.Problems);
    }

    [Theory]
    [InlineData("superstore 12", "shop-120", "shop-129", false)]
    [InlineData("shop-04", "shop-040", "shop-049", false)]
    [InlineData("superstore 12", "shop-120", "shop-129", true)]
    [InlineData("shop-04", "shop-040", "shop-049", true)]
    public async Task SearchFindsAccountsByPartOfTheNameOrByTheStartOfTheId(string search, string first, string last, bool allAccounts)
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant, allAccounts);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(PageSize);

        await tab.Page.GetByLabel("Search").FillAsync(search);
        await tab.Page.GetByLabel("Search").PressAsync("Enter");

        await Expect(tab.Page).ToHaveURLAsync(new Regex("q=" + Regex.Escape(Uri.EscapeDataString(search).Replace("%20", "+", StringComparison.Ordinal))));
        bool InRange(string id) => string.CompareOrdinal(id, first) >= 0 && string.CompareOrdinal(id, last) <= 0;
        // All accounts in id order; or those of them that need attention, longest broken first.
        var expected = allAccounts ? Seeded.Select(a => a.Id).Where(InRange).ToList() : LongestBrokenFirst.Where(InRange).ToList();
        Assert.Equal(expected, await ShownAccountsAsync(tab));
        await tab.AssertAccessibleAsync("searched: " + search);

        await tab.Page.ReloadAsync();

        await Expect(tab.Page.GetByLabel("Search")).ToHaveValueAsync(search);
        Assert.Equal(expected, await ShownAccountsAsync(tab));
        Assert.Empty(tab.Problems);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("shop-0[")]
    [InlineData(".*")]
    [InlineData("(Bazaar")]
    [InlineData("no such shop")]
    public async Task ASearchThatMatchesNothingSaysSoAndNotThatTheTenantIsEmpty(string search)
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(PageSize);

        await tab.Page.GetByLabel("Search").FillAsync(search);
        await tab.Page.GetByLabel("Search").PressAsync("Enter");

        Assert.Empty(await ShownAccountsAsync(tab));
        await Expect(tab.Page.Locator("#empty")).ToHaveTextAsync("No account matches these filters.");
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await Expect(tab.Page.Locator("#summary-text")).Not.ToBeEmptyAsync();
        await tab.Page.ReloadAsync();
        await Expect(tab.Page.GetByLabel("Search")).ToHaveValueAsync(search);
        Assert.Empty(await ShownAccountsAsync(tab));
        await Expect(tab.Page.Locator("#empty")).ToHaveTextAsync("No account matches these filters.");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ARefreshKeepsTheFiltersAppliedNotASearchStillBeingTyped()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync(new Regex("^Page 2 of "));
        var shown = await ShownAccountsAsync(tab);
        Assert.Equal(PageSize, shown.Count);
        var updated = await tab.Page.Locator("#updated").TextContentAsync();

        // Typed, not yet sent (no Enter, focus still in the box) when the refresh comes.
        await tab.Page.GetByLabel("Search").FillAsync("superstore 12");
        await tab.Page.Clock.FastForwardAsync("00:30");

        await Expect(tab.Page.Locator("#updated")).Not.ToHaveTextAsync(updated!);
        Assert.Equal(shown, await ShownAccountsAsync(tab));
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync(new Regex("^Page 2 of "));
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.BigTenant}&page=2$"));
        await Expect(tab.Page.GetByLabel("Search")).ToBeFocusedAsync();
        await Expect(tab.Page.GetByLabel("Search")).ToHaveValueAsync("superstore 12");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task AChannelWithNoAccountSaysNoAccountMatchesNotThatTheTenantIsEmpty()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(PageSize);

        await tab.Page.GetByLabel("Channel", new() { Exact = true }).SelectOptionAsync(BrowserApp.OutageChannel.ToString().ToLowerInvariant());

        Assert.Empty(await ShownAccountsAsync(tab));
        await Expect(tab.Page.Locator("#empty")).ToHaveTextAsync("No account matches these filters.");
        await Expect(tab.Page.Locator("#connections")).ToBeHiddenAsync();
        await tab.AssertAccessibleAsync("a filter that matches nothing");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task SwitchingToAllAccountsAndBackKeepsTheFiltersAndAReloadAndTheBackButtonKeepTheChoice()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(PageSize);
        var channel = Filters[0];
        await ChooseAsync(tab.Page, channel);
        var attention = await ExpectedAsync([channel]);
        Assert.Equal(attention, await ShownAccountsAsync(tab));

        var allAccounts = Filters.Single(f => f.IsAllAccounts);
        await ChooseAsync(tab.Page, allAccounts);

        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.BigTenant}&channel=line&show=all$"));
        var all = await ExpectedAsync([channel, allAccounts]);
        Assert.NotEqual(attention, all);
        Assert.Equal(all, await ShownAccountsAsync(tab));
        await Expect(tab.Page.GetByLabel(channel.Label, new() { Exact = true })).ToHaveValueAsync(channel.Value);
        await Expect(tab.Page.Locator("#list-note")).ToHaveTextAsync("All accounts that match these filters.");
        await tab.AssertAccessibleAsync("all accounts, filtered");

        await tab.Page.ReloadAsync();
        await Expect(tab.Page.GetByLabel("All accounts", new() { Exact = true })).ToBeCheckedAsync();
        Assert.Equal(all, await ShownAccountsAsync(tab));

        // To the directory and back: the same view.
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "All tenants" }).ClickAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex("/status$"));
        await Expect(tab.Page.Locator("#tenant-rows > tr").First).ToBeVisibleAsync();
        await tab.Page.GoBackAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.BigTenant}&channel=line&show=all$"));
        await Expect(tab.Page.GetByLabel("All accounts", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(tab.Page.GetByLabel(channel.Label, new() { Exact = true })).ToHaveValueAsync(channel.Value);
        Assert.Equal(all, await ShownAccountsAsync(tab));

        await tab.Page.GetByLabel("Needs attention", new() { Exact = true }).CheckAsync();

        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.BigTenant}&channel=line$"));
        await Expect(tab.Page.GetByLabel(channel.Label, new() { Exact = true })).ToHaveValueAsync(channel.Value);
        Assert.Equal(attention, await ShownAccountsAsync(tab));
        Assert.Empty(tab.Problems);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThePageOfAccountsIsKeptInTheAddressForAReloadAndTheBackButton(bool allAccounts)
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant, allAccounts);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(PageSize);
        await tab.Page.GetByLabel("Rows per page").SelectOptionAsync("10");
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(10);
        var next = tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next page" });
        var label = tab.Page.Locator("#page-label");
        for (var page = 2; page <= 3; page++)
        {
            await next.ClickAsync();
            await Expect(label).ToHaveTextAsync(new Regex($"^Page {page}\\b"));
        }

        var address = new Regex($"/status\\?tenant={BrowserApp.BigTenant}" + (allAccounts ? "&show=all" : string.Empty) + "&pageSize=10&page=3$");
        await Expect(tab.Page).ToHaveURLAsync(address);
        var third = await ShownAccountsAsync(tab);
        // The third page of ten, as the list itself orders it.
        Assert.Equal(allAccounts ? Seeded.Select(a => a.Id).Skip(20).Take(10) : LongestBrokenFirst.Skip(20).Take(10), third);

        await tab.Page.ReloadAsync();

        await Expect(label).ToHaveTextAsync(new Regex("^Page 3\\b"));
        await Expect(tab.Page.GetByLabel("Rows per page")).ToHaveValueAsync("10");
        Assert.Equal(third, await ShownAccountsAsync(tab));
        await Expect(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Previous page" })).ToBeEnabledAsync();

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "All tenants" }).ClickAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex("/status$"));
        await tab.Page.GoBackAsync();

        await Expect(tab.Page).ToHaveURLAsync(address);
        await Expect(label).ToHaveTextAsync(new Regex("^Page 3\\b"));
        Assert.Equal(third, await ShownAccountsAsync(tab));

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await Expect(label).ToHaveTextAsync(new Regex("^Page 2\\b"));
        await Expect(tab.Page).ToHaveURLAsync(new Regex("&pageSize=10&page=2$"));
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task APagePastTheLastOpensTheLastPage()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.Page.GotoAsync($"/status?tenant={BrowserApp.BigTenant}&pageSize=100&page=99");
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var pages = (Broken.Count + 99) / 100;
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync($"Page {pages} of {pages} \u00b7 {Broken.Count} accounts");
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"&pageSize=100&page={pages}$"));
        Assert.Equal(LongestBrokenFirst.Skip((pages - 1) * 100), await ShownAccountsAsync(tab));
        await Expect(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToBeDisabledAsync();
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task APageWhoseTokenTheServiceRefusesStartsAgainAtPageOneAndSaysWhy()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        // The service's answer to a token it no longer takes (one of an older version, say).
        await tab.Page.RouteAsync(new Regex("/connections\\?.*continuationToken="), route => route.FulfillAsync(new()
        {
            Status = 400,
            ContentType = "application/problem+json",
            Body = """{"title":"One or more validation errors occurred.","status":400,"errors":{"continuationToken":["continuationToken is not a token of this list."]}}""",
        }));
        await tab.Page.GotoAsync($"/status?tenant={BrowserApp.BigTenant}&page=3");
        await tab.Page.GetByLabel("API key").FillAsync(BrowserApp.SupportKey);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That page of accounts could not be read again, so the list starts over at page 1.");
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync(new Regex("^Page 1 of "));
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.BigTenant}$"));
        Assert.Equal(LongestBrokenFirst.Take(PageSize), await ShownAccountsAsync(tab));
        await tab.AssertAccessibleAsync("a page that could not be read again");
        Assert.Empty(tab.Problems);
    }

    /// <summary>
    /// A filter of the page: its control, the value chosen, its parameter in the page's address, and what every account
    /// it keeps has. "All accounts" (show=all) is the one choice that leaves needsAttention=true out of the API's query.
    /// </summary>
    public sealed record Filter(string Label, string Value, string Parameter, Func<JsonElement, bool> Keeps)
    {
        public bool IsAllAccounts => Parameter == "show";

        public override string ToString() => Parameter + "=" + Value;
    }

    private static readonly Filter[] Filters =
    [
        new("Channel", "line", "channel", a => a.GetProperty("channel").GetString() == "line"),
        new("Status", "error", "status", a => a.GetProperty("status").GetString() == "error"),
        new("Health", "requires_reauth", "healthState", a => a.GetProperty("healthState").GetString() == "requires_reauth"),
        new("Error category", "auth_error", "errorCategory", a => a.GetProperty("errorCategory").GetString() == "auth_error"),
        new("All accounts", "all", "show", _ => true),
    ];

    public static TheoryData<int> EachFilter() => [.. Enumerable.Range(0, Filters.Length)];

    [Theory]
    [MemberData(nameof(EachFilter))]
    public async Task EachFilterIsKeptInTheAddressAcrossAReload(int filter)
    {
        await AssertFiltersKeptAsync([Filters[filter]], "filtered by " + Filters[filter]);
    }

    [Fact]
    public async Task AllFiltersTogetherAreKeptInTheAddressAcrossAReload()
    {
        await AssertFiltersKeptAsync(Filters, "every filter");
    }

    private async Task AssertFiltersKeptAsync(IReadOnlyList<Filter> filters, string state)
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(PageSize);

        foreach (var filter in filters)
        {
            await ChooseAsync(tab.Page, filter);
            await Expect(tab.Page).ToHaveURLAsync(new Regex($"[?&]{filter.Parameter}={filter.Value}(&|$)"));
        }

        var expected = await ExpectedAsync(filters);
        Assert.Equal(expected, await ShownAccountsAsync(tab));
        await tab.AssertAccessibleAsync(state);

        await tab.Page.ReloadAsync();

        foreach (var filter in filters)
        {
            var control = tab.Page.GetByLabel(filter.Label, new() { Exact = true });
            if (filter.IsAllAccounts)
            {
                await Expect(control).ToBeCheckedAsync();
            }
            else
            {
                await Expect(control).ToHaveValueAsync(filter.Value);
            }
        }

        Assert.Equal(expected, await ShownAccountsAsync(tab));
        Assert.Empty(tab.Problems);
    }

    private static async Task ChooseAsync(IPage page, Filter filter)
    {
        var control = page.GetByLabel(filter.Label, new() { Exact = true });
        if (filter.IsAllAccounts)
        {
            await control.CheckAsync();
        }
        else
        {
            await control.SelectOptionAsync(filter.Value);
        }
    }

    /// <summary>
    /// The first page the API answers for these filters (of the accounts that need attention unless "All accounts" is
    /// among them), after checking that it holds only what each filter keeps.
    /// </summary>
    private async Task<List<string>> ExpectedAsync(IReadOnlyList<Filter> filters)
    {
        using var support = app.Client(BrowserApp.SupportKey);
        var query = string.Join('&', filters.Where(f => !f.IsAllAccounts).Select(f => f.Parameter + "=" + f.Value)
            .Concat(filters.Any(f => f.IsAllAccounts) ? [] : ["needsAttention=true"]));
        var list = await support.GetFromJsonAsync<JsonElement>($"/api/tenants/{BrowserApp.BigTenant}/connections?{query}&pageSize={PageSize}");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, item => Assert.All(filters, f => Assert.True(f.Keeps(item), $"{item.GetProperty("channelAccountId")} does not match {f}")));
        return [.. items.Select(i => i.GetProperty("channelAccountId").GetString()!)];
    }

    /// <summary>The accounts on the page once its answer is in (the page marks the results busy while it waits).</summary>
    private static async Task<List<string>> ShownAccountsAsync(BrowserPage tab)
    {
        await Expect(tab.Page.Locator("#results")).ToHaveAttributeAsync("aria-busy", "false");
        return [.. await tab.Page.Locator("#rows > tr[data-account]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.account)")];
    }
}
