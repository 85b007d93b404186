using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// The page opens on the tenant directory (issue 19): every tenant a key may read with its badge and
/// counts as the API gives them, a tenant kept in the address with the back button returning to the
/// directory, a tenant-scoped key taken straight to its tenant, and an unknown tenant said to be
/// unknown, never green. The page's clock is Playwright's, paused: no refresh runs unless a test moves it.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class TenantDirectoryBrowserTests(BrowserApp app)
{
    [Fact]
    public async Task ASupportKeyOpensOnTheDirectoryWithEachTenantsBadgeAndCountsAsTheApiGivesThem()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant: null);

        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Tenants" })).ToBeFocusedAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex("/status$"));
        await Expect(tab.Page.Locator("#tenant-view")).ToBeHiddenAsync();
        using var support = app.Client(BrowserApp.SupportKey);
        var directory = await support.GetFromJsonAsync<JsonElement>("/api/tenants?pageSize=50");
        var entries = directory.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("tenantId").GetString() == BrowserApp.BigTenant);
        await Expect(tab.Page.Locator("#tenant-rows > tr")).ToHaveCountAsync(entries.Count);

        foreach (var entry in entries)
        {
            var row = tab.Page.Locator($"#tenant-rows > tr[data-tenant='{entry.GetProperty("tenantId").GetString()}']");
            var known = entry.GetProperty("known").GetBoolean();
            await Expect(row.Locator(".tenant-badge .badge")).ToHaveAttributeAsync("data-badge", known ? entry.GetProperty("badge").GetString()! : "unknown");
            await Expect(row.Locator(".tenant-attention")).ToHaveTextAsync(known ? entry.GetProperty("needsAttention").GetInt32().ToString(CultureInfo.InvariantCulture) : "\u2014");
            if (entry.GetProperty("accounts").ValueKind == JsonValueKind.Number)
            {
                await Expect(row.Locator(".account-count")).ToHaveTextAsync(entry.GetProperty("accounts").GetInt32().ToString(CultureInfo.InvariantCulture));
                var countedAt = DateTimeOffset.Parse(await row.Locator(".tenant-accounts time").GetAttributeAsync("datetime") ?? "", CultureInfo.InvariantCulture);
                Assert.Equal(entry.GetProperty("accountsCountedAt").GetDateTimeOffset(), countedAt);
            }
            else
            {
                await Expect(row.Locator(".tenant-accounts")).ToHaveTextAsync("not counted yet");
            }
        }

        // The seeded tenants as a support operator reads them: red with its count, and a count not yet surveyed.
        var big = tab.Page.Locator($"#tenant-rows > tr[data-tenant='{BrowserApp.BigTenant}']");
        var bigNeedingAttention = Enumerable.Range(1, BrowserApp.BigAccounts).Select(BrowserApp.BigAccount).Count(a => a.Status != "connected");
        await Expect(big.Locator(".tenant-badge")).ToHaveTextAsync("Red: needs attention");
        await Expect(big.Locator(".tenant-attention")).ToHaveTextAsync(bigNeedingAttention.ToString(CultureInfo.InvariantCulture));
        await Expect(big.Locator(".tenant-accounts")).ToHaveTextAsync(new Regex($"^{BrowserApp.BigAccounts} counted (just now|\\d+ minutes? ago)$"));
        await Expect(tab.Page.Locator($"#tenant-rows > tr[data-tenant='{BrowserApp.PagingTenant}'] .tenant-accounts")).ToHaveTextAsync("not counted yet");
        await tab.AssertAccessibleAsync("directory");

        await big.GetByRole(AriaRole.Link, new() { Name = BrowserApp.BigTenant, Exact = true }).ClickAsync();

        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={BrowserApp.BigTenant}$"));
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Accounts of " + BrowserApp.BigTenant })).ToBeFocusedAsync();
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(25);
        await Expect(tab.Page.Locator("#directory")).ToBeHiddenAsync();

        await tab.Page.GoBackAsync();

        await Expect(tab.Page).ToHaveURLAsync(new Regex("/status$"));
        await Expect(tab.Page.Locator("#tenant-rows > tr")).ToHaveCountAsync(entries.Count);
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Tenants" })).ToBeFocusedAsync();
        await Expect(tab.Page.Locator("#tenant-view")).ToBeHiddenAsync();
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(0);
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task TheDirectoryPagesWithFocusOnItsHeadingAndItsAddressKeepsThePageAcrossAReloadAndBack()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant: null);
        var heading = tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Tenants" });
        var previous = tab.Page.GetByRole(AriaRole.Button, new() { Name = "Previous tenants" });
        var next = tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next tenants" });
        await Expect(heading).ToBeFocusedAsync();

        using var support = app.Client(BrowserApp.SupportKey);
        var first = await support.GetFromJsonAsync<JsonElement>($"/api/tenants?pageSize={BrowserApp.DirectoryPageSize}");
        var token = first.GetProperty("continuationToken").GetString()!;
        var second = await support.GetFromJsonAsync<JsonElement>($"/api/tenants?pageSize={BrowserApp.DirectoryPageSize}&continuationToken={Uri.EscapeDataString(token)}");
        var firstIds = TenantIds(first);
        var secondIds = TenantIds(second);
        Assert.Equal(BrowserApp.DirectoryPageSize, firstIds.Count);
        Assert.NotEmpty(secondIds);
        Assert.Equal(firstIds, await ShownTenantsAsync(tab));
        await Expect(previous).ToBeDisabledAsync();
        await Expect(tab.Page.Locator("#tenants-page-label")).ToHaveTextAsync("Page 1");

        await next.FocusAsync();
        await tab.Page.Keyboard.PressAsync("Enter");

        var secondPage = new Regex("/status\\?tenantsPage=2$");
        await Expect(tab.Page).ToHaveURLAsync(secondPage);
        await Expect(heading).ToBeFocusedAsync();
        Assert.Equal(secondIds, await ShownTenantsAsync(tab));
        await Expect(tab.Page.Locator("#tenants-page-label")).ToHaveTextAsync("Page 2");
        await Expect(previous).ToBeEnabledAsync();
        await Expect(next).ToBeEnabledAsync(new() { Enabled = second.TryGetProperty("continuationToken", out var more) && more.ValueKind == JsonValueKind.String });
        await tab.AssertAccessibleAsync("directory, page 2");

        await tab.Page.ReloadAsync();

        await Expect(tab.Page).ToHaveURLAsync(secondPage);
        Assert.Equal(secondIds, await ShownTenantsAsync(tab));
        await Expect(tab.Page.Locator("#tenants-page-label")).ToHaveTextAsync("Page 2");

        // A tenant of the second page, then back to that page.
        var chosen = secondIds[^1];
        await tab.Page.Locator($"#tenant-rows > tr[data-tenant='{chosen}']").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Accounts of " + chosen })).ToBeFocusedAsync();
        await tab.Page.GoBackAsync();

        await Expect(tab.Page).ToHaveURLAsync(secondPage);
        Assert.Equal(secondIds, await ShownTenantsAsync(tab));
        await Expect(heading).ToBeFocusedAsync();

        await previous.ClickAsync();

        await Expect(tab.Page).ToHaveURLAsync(new Regex("/status$"));
        await Expect(heading).ToBeFocusedAsync();
        Assert.Equal(firstIds, await ShownTenantsAsync(tab));
        await Expect(previous).ToBeDisabledAsync();
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task OnAPhoneEachTenantIsACardAndNothingIsWiderThanTheScreen()
    {
        await using var tab = await app.OpenAsync(width: 390, height: 844);
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant: null);
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Tenants" })).ToBeFocusedAsync();
        await Expect(tab.Page.Locator("#tenant-rows > tr")).ToHaveCountAsync(BrowserApp.DirectoryPageSize);

        Assert.Equal("block", await tab.Page.Locator("#tenant-rows > tr").First.EvaluateAsync<string>("row => getComputedStyle(row).display"));
        // The longest tenant id the service takes, one token with nothing to break at, is on this page.
        await Expect(tab.Page.Locator($"#tenant-rows > tr[data-tenant='{BrowserApp.LongTenant}']")).ToBeVisibleAsync();
        Assert.Empty(await tab.WiderThanTheScreenAsync());
        await tab.AssertAccessibleAsync("phone, directory");

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next tenants" }).ClickAsync();

        await Expect(tab.Page.Locator("#tenants-page-label")).ToHaveTextAsync("Page 2");
        await Expect(tab.Page.Locator("#directory")).ToHaveAttributeAsync("aria-busy", "false");
        Assert.Empty(await tab.WiderThanTheScreenAsync());
        await tab.AssertAccessibleAsync("phone, directory page 2");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task TheDirectoryRefreshesEvery30SecondsSoATenantThatBrokeTurnsRedWithoutAReload()
    {
        var tenant = "dirlive-" + Guid.NewGuid().ToString("N")[..8];
        using var connector = app.Client(BrowserApp.ConnectorKey);
        (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/a", new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), channel = "line" })).EnsureSuccessStatusCode();
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant: null);
        var heading = tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Tenants" });
        await Expect(heading).ToBeFocusedAsync();
        var row = tab.Page.Locator($"#tenant-rows > tr[data-tenant='{tenant}']");
        await Expect(row.Locator(".tenant-badge .badge")).ToHaveAttributeAsync("data-badge", "green");
        var updated = tab.Page.Locator("#directory-updated");
        await Expect(updated).ToHaveTextAsync(new Regex("^Updated \\d\\d:\\d\\d:\\d\\d$"));
        var before = await updated.TextContentAsync();
        await tab.Page.EvaluateAsync("() => { window.__sameDocument = true; }");

        (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/a", new { status = "error", errorCategory = "auth_error", checkedAt = DateTimeOffset.UtcNow.ToString("O"), channel = "line" })).EnsureSuccessStatusCode();
        await tab.Page.Clock.FastForwardAsync("00:30");

        await Expect(row.Locator(".tenant-badge .badge")).ToHaveAttributeAsync("data-badge", "red");
        await Expect(row.Locator(".tenant-attention")).ToHaveTextAsync("1");
        await Expect(updated).Not.ToHaveTextAsync(before!);
        await Expect(heading).ToBeFocusedAsync();
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page was reloaded.");
        await tab.AssertAccessibleAsync("directory refreshed");

        // The key revoked before the next refresh: back to the sign-in form, no tenant left on screen.
        await tab.Page.RouteAsync(new Regex("/api/"), route => route.FulfillAsync(new()
        {
            Status = 401,
            ContentType = "application/problem+json",
            Body = """{"title":"Unauthorized","status":401}""",
        }));
        await tab.Page.Clock.FastForwardAsync("00:30");

        await Expect(tab.Page.GetByLabel("API key")).ToBeFocusedAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("^The API key was not accepted"));
        await Expect(tab.Page.Locator("#tenant-rows > tr")).ToHaveCountAsync(0);
        await Expect(updated).ToBeHiddenAsync();
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ADirectoryPagePastTheLastShowsTheLastAndSaysSoInTheAddress()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        await tab.SignInAsync(BrowserApp.SupportKey, tenant: null);
        await Expect(tab.Page.Locator("#tenant-rows > tr")).ToHaveCountAsync(BrowserApp.DirectoryPageSize);

        await tab.Page.GotoAsync("/status?tenantsPage=999");

        await Expect(tab.Page).ToHaveURLAsync(new Regex("/status\\?tenantsPage=2$"));
        await Expect(tab.Page.Locator("#tenants-page-label")).ToHaveTextAsync("Page 2");
        await Expect(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Next tenants" })).ToBeDisabledAsync();
        Assert.NotEmpty(await ShownTenantsAsync(tab));
        Assert.Empty(tab.Problems);
    }

    private static List<string> TenantIds(JsonElement list) => [.. list.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("tenantId").GetString()!)];

    /// <summary>The directory's tenants once its answer is in (the page marks it busy while it waits).</summary>
    private static async Task<List<string>> ShownTenantsAsync(BrowserPage tab)
    {
        await Expect(tab.Page.Locator("#directory")).ToHaveAttributeAsync("aria-busy", "false");
        return [.. await tab.Page.Locator("#tenant-rows > tr[data-tenant]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.tenant)")];
    }

    [Fact]
    public async Task AnUnknownTenantIsSaidToBeUnknownNeverAllHealthy()
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();

        await tab.SignInAsync(BrowserApp.SupportKey, "no-such-tenant");

        var badge = tab.Page.Locator("#summary-badge");
        await Expect(badge).ToHaveTextAsync("? Unknown tenant");
        await Expect(badge).ToHaveAttributeAsync("data-badge", "unknown");
        await Expect(tab.Page.Locator("#summary-text")).ToHaveTextAsync("No account of tenant \u201cno-such-tenant\u201d has ever reported to this service. Check the tenant id.");
        await Expect(tab.Page.GetByText("all healthy")).ToHaveCountAsync(0);
        await Expect(tab.Page.GetByText("no accounts yet")).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#connections")).ToBeHiddenAsync();
        await tab.AssertAccessibleAsync("unknown tenant");
        Assert.Empty(tab.Problems);
    }

    [Theory]
    [InlineData(BrowserApp.PagingTenantKey, BrowserApp.PagingTenant, BrowserApp.PagingBroken)]
    [InlineData(BrowserApp.OtherTenantKey, BrowserApp.OtherTenant, 0)]
    public async Task ATenantScopedKeyGoesStraightToItsTenantAndAsksNothingItMayNotRead(string key, string tenant, int accounts)
    {
        await using var tab = await app.OpenAsync();
        await tab.PauseClockAsync();
        var refused = new List<string>();
        tab.Page.Response += (_, response) =>
        {
            if (response.Url.Contains("/api/", StringComparison.Ordinal) && response.Status >= 400)
            {
                lock (refused)
                {
                    refused.Add(response.Status + " " + response.Url);
                }
            }
        };

        await tab.SignInAsync(key, tenant: null);

        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/status\\?tenant={tenant}$"));
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Accounts of " + tenant })).ToBeFocusedAsync();
        await Expect(tab.Page.Locator("#results")).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(accounts);
        // A tenant never written is unknown; one with accounts has its colour.
        var badge = tab.Page.Locator("#summary-badge");
        if (accounts == 0)
        {
            await Expect(badge).ToHaveAttributeAsync("data-badge", "unknown");
        }
        else
        {
            await Expect(badge).ToHaveAttributeAsync("data-badge", new Regex("^(red|yellow|green)$"));
        }

        lock (refused)
        {
            Assert.Empty(refused);
        }

        Assert.Empty(tab.Problems);
    }
}
