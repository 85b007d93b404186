using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// The seeded tenant of <see cref="BrowserApp.BigAccounts"/> accounts as support works through it
/// (issue 19): broken accounts first in since order across full pages with their total, search by a
/// part of the name and by an id prefix, and every filter, alone and together, kept in the address
/// across a reload. The page's clock is Playwright's, paused, so no refresh replaces rows mid-read.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class BigTenantBrowserTests(BrowserApp app)
{
    private const int PageSize = 25;

    private static readonly BigAccountSeed[] Seeded = [.. Enumerable.Range(1, BrowserApp.BigAccounts).Select(BrowserApp.BigAccount)];

    [Fact]
    public async Task BrokenAccountsComeFirstLongestBrokenFirstInFullPagesWithTheirTotal()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(PageSize);

        await tab.Page.GetByLabel("Needs attention only").CheckAsync();

        var broken = Seeded.Where(a => a.Status != "connected").ToList();
        var pages = (broken.Count + PageSize - 1) / PageSize;
        var label = tab.Page.Locator("#page-label");
        var shownIds = new List<string>();
        var shownSince = new List<DateTimeOffset>();
        for (var page = 1; page <= pages; page++)
        {
            await Expect(label).ToHaveTextAsync($"Page {page} of {pages} \u00b7 {broken.Count} accounts");
            var rows = await ShownAccountsAsync(tab);
            Assert.Equal(page < pages ? PageSize : broken.Count - (PageSize * (pages - 1)), rows.Count);
            shownIds.AddRange(rows);
            foreach (var id in rows)
            {
                shownSince.Add(DateTimeOffset.Parse(await tab.Row(id).Locator(".since time").GetAttributeAsync("datetime") ?? "", CultureInfo.InvariantCulture));
            }

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
        Assert.Equal(broken.OrderByDescending(a => a.Before).ThenBy(a => a.Id, StringComparer.Ordinal).Select(a => a.Id), shownIds);
        Assert.Empty(tab.Problems);
    }

    [Theory]
    [InlineData("superstore 12", "shop-120", "shop-129")]
    [InlineData("shop-04", "shop-040", "shop-049")]
    public async Task SearchFindsAccountsByPartOfTheNameOrByTheStartOfTheId(string search, string first, string last)
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(PageSize);

        await tab.Page.GetByLabel("Search").FillAsync(search);
        await tab.Page.GetByLabel("Search").PressAsync("Enter");

        await Expect(tab.Page).ToHaveURLAsync(new Regex("q=" + Regex.Escape(Uri.EscapeDataString(search).Replace("%20", "+", StringComparison.Ordinal))));
        var expected = Seeded.Select(a => a.Id).Where(id => string.CompareOrdinal(id, first) >= 0 && string.CompareOrdinal(id, last) <= 0).ToList();
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
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync("Page 2");
        var shown = await ShownAccountsAsync(tab);
        Assert.Equal(PageSize, shown.Count);
        var updated = await tab.Page.Locator("#updated").TextContentAsync();

        // Typed, not yet sent (no Enter, focus still in the box) when the refresh comes.
        await tab.Page.GetByLabel("Search").FillAsync("superstore 12");
        await tab.Page.Clock.FastForwardAsync("00:30");

        await Expect(tab.Page.Locator("#updated")).Not.ToHaveTextAsync(updated!);
        Assert.Equal(shown, await ShownAccountsAsync(tab));
        await Expect(tab.Page.Locator("#page-label")).ToHaveTextAsync("Page 2");
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.BigTenant}$"));
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

    /// <summary>A filter of the page: its control, the value chosen, its parameter, and what every account it keeps has.</summary>
    public sealed record Filter(string Label, string Value, string Parameter, Func<JsonElement, bool> Keeps)
    {
        public override string ToString() => Parameter + "=" + Value;
    }

    private static readonly Filter[] Filters =
    [
        new("Channel", "line", "channel", a => a.GetProperty("channel").GetString() == "line"),
        new("Status", "error", "status", a => a.GetProperty("status").GetString() == "error"),
        new("Health", "requires_reauth", "healthState", a => a.GetProperty("healthState").GetString() == "requires_reauth"),
        new("Error category", "auth_error", "errorCategory", a => a.GetProperty("errorCategory").GetString() == "auth_error"),
        new("Needs attention only", "true", "needsAttention", a => a.GetProperty("needsAttention").GetBoolean()),
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
            if (filter.Value == "true")
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
        if (filter.Value == "true")
        {
            await control.CheckAsync();
        }
        else
        {
            await control.SelectOptionAsync(filter.Value);
        }
    }

    /// <summary>The first page the API answers for these filters, after checking that it holds only what each filter keeps.</summary>
    private async Task<List<string>> ExpectedAsync(IReadOnlyList<Filter> filters)
    {
        using var support = app.Client(BrowserApp.SupportKey);
        var query = string.Join('&', filters.Select(f => f.Parameter + "=" + f.Value));
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
