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
    [InlineData(BrowserApp.PagingTenantKey, BrowserApp.PagingTenant, BrowserApp.PagingAccounts)]
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
