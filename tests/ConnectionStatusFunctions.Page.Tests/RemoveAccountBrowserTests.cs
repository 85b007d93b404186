using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>
/// Removing an account from its row (issue 22): a confirmation first (a modal dialog that Escape cancels), then the
/// DELETE with the page's key. Each test reports to a tenant of its own, so the shared tenants stay as other tests read them.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Tier", "Slow")]
public sealed class RemoveAccountBrowserTests(BrowserApp app)
{
    private const string Kept = "shop-kept";
    private const string Gone = "shop-gone";
    private const string GoneName = "Old Town Lanterns";

    [Fact]
    public async Task AnAdminKeyRemovesAnAccountAfterConfirmingAndTheApiNoLongerKnowsIt()
    {
        var tenant = await SeedTenantAsync();
        await using var tab = await app.OpenAsync();
        var deletes = RecordDeletes(tab);
        await tab.SignInAsync(BrowserApp.AdminKey, tenant, allAccounts: true);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(2);
        await Expect(tab.Page.Locator("#summary-score")).ToContainTextAsync("2 accounts");

        var remove = tab.Row(Gone).GetByRole(AriaRole.Button, new() { Name = "Remove account " + GoneName, Exact = true });
        await remove.ClickAsync();

        var dialog = tab.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Remove account {GoneName}?" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("history of status changes are deleted");
        await Expect(dialog).ToContainTextAsync("A later report from its connector adds the account back as a new one");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        Assert.Empty(deletes);
        await tab.AssertAccessibleAsync("the removal's confirmation open");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove account", Exact = true }).ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(tab.Page.Locator("#removal-status")).ToHaveTextAsync($"Account {GoneName} removed.");
        await Expect(tab.Row(Gone)).ToHaveCountAsync(0);
        await Expect(tab.Row(Kept)).ToHaveCountAsync(1);
        // The summary is read again, as at a refresh: it counts one account now.
        await Expect(tab.Page.Locator("#summary-score")).ToHaveTextAsync(new Regex(@"\u00b7 1 account$"));
        await Expect(tab.Page.Locator("#results-title")).ToBeFocusedAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        Assert.Equal(new[] { $"/api/tenants/{tenant}/connections/{Gone}" }, deletes);

        using var support = app.Client(BrowserApp.SupportKey);
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync($"/api/tenants/{tenant}/connections/{Gone}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync($"/api/tenants/{tenant}/connections/{Kept}")).StatusCode);
        await tab.AssertAccessibleAsync("an account removed");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task EscapeCancelsTheRemovalSendsNothingAndReturnsFocusToTheButton()
    {
        var tenant = await SeedTenantAsync();
        await using var tab = await app.OpenAsync();
        var deletes = RecordDeletes(tab);
        await tab.SignInAsync(BrowserApp.AdminKey, tenant, allAccounts: true);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(2);

        var remove = tab.Row(Gone).GetByRole(AriaRole.Button, new() { Name = "Remove account " + GoneName, Exact = true });
        await remove.FocusAsync();
        await tab.Page.Keyboard.PressAsync("Enter");
        var dialog = tab.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();

        await tab.Page.Keyboard.PressAsync("Escape");

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(remove).ToBeFocusedAsync();
        await Expect(tab.Row(Gone)).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("#removal-status")).ToBeEmptyAsync();

        // And "Cancel" after a confirmation was cancelled once: the dialog's last answer is not taken for a confirmation.
        await tab.Page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(remove).ToBeFocusedAsync();

        using var support = app.Client(BrowserApp.SupportKey);
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync($"/api/tenants/{tenant}/connections/{Gone}")).StatusCode);
        Assert.Empty(deletes);
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task ASupportKeyIsToldItMayNotRemoveAccountsAndTheRowStays()
    {
        var tenant = await SeedTenantAsync();
        await using var tab = await app.OpenAsync();
        var deletes = RecordDeletes(tab);
        await tab.SignInAsync(BrowserApp.SupportKey, tenant, allAccounts: true);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(2);

        var remove = tab.Row(Gone).GetByRole(AriaRole.Button, new() { Name = "Remove account " + GoneName, Exact = true });
        await remove.ClickAsync();
        var dialog = tab.Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove account", Exact = true }).ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "This API key may not remove accounts: only admin and tenant_admin keys can. Nothing was removed.");
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(remove).ToBeFocusedAsync();
        await Expect(remove).ToBeEnabledAsync();
        await Expect(tab.Row(Gone)).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("#removal-status")).ToBeEmptyAsync();
        // Still signed in, on the same tenant: a 403 to a removal is not a 403 to reading.
        await Expect(tab.Page.Locator("#sign-in")).ToBeHiddenAsync();
        await Expect(tab.Page.Locator("#summary-score")).ToContainTextAsync("2 accounts");
        Assert.Single(deletes);

        using var support = app.Client(BrowserApp.SupportKey);
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync($"/api/tenants/{tenant}/connections/{Gone}")).StatusCode);
        await tab.AssertAccessibleAsync("a removal refused");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task AnAccountAlreadyRemovedElsewhereLeavesItsRowAndSaysSo()
    {
        var tenant = await SeedTenantAsync();
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.AdminKey, tenant, allAccounts: true);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(2);
        using (var admin = app.Client(BrowserApp.AdminKey))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tenants/{tenant}/connections/{Gone}")).StatusCode);
        }

        await tab.Row(Gone).GetByRole(AriaRole.Button, new() { Name = "Remove account " + GoneName, Exact = true }).ClickAsync();
        await tab.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove account", Exact = true }).ClickAsync();

        await Expect(tab.Page.Locator("#removal-status")).ToHaveTextAsync($"Account {GoneName} was already removed.");
        await Expect(tab.Row(Gone)).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#summary-score")).ToHaveTextAsync(new Regex(@"\u00b7 1 account$"));
        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task AnotherFailureSaysTheProblemsTitleAndChangesNothing()
    {
        var tenant = await SeedTenantAsync();
        await using var tab = await app.OpenAsync();
        await tab.SignInAsync(BrowserApp.AdminKey, tenant, allAccounts: true);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(2);
        // The browser's own answer to the DELETE alone: the shared app is left as it is.
        await tab.Page.RouteAsync(new Regex("/connections/" + Gone + "$"), route => route.Request.Method == "DELETE"
            ? route.FulfillAsync(new()
            {
                Status = 503,
                ContentType = "application/problem+json",
                Body = """{"title":"Storage is unavailable","status":503}""",
            })
            : route.ContinueAsync());

        await tab.Row(Gone).GetByRole(AriaRole.Button, new() { Name = "Remove account " + GoneName, Exact = true }).ClickAsync();
        await tab.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove account", Exact = true }).ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The account could not be removed: Storage is unavailable. Nothing was removed.");
        await Expect(tab.Row(Gone)).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("#summary-score")).ToContainTextAsync("2 accounts");
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task OnAPhoneTheRemoveButtonAndItsConfirmationFitTheScreen()
    {
        var tenant = await SeedTenantAsync(BrowserApp.LongAccount);
        await using var tab = await app.OpenAsync(390, 844);
        await tab.SignInAsync(BrowserApp.AdminKey, tenant, allAccounts: true);
        await Expect(tab.Page.Locator("#rows > tr")).ToHaveCountAsync(2);

        await tab.Row(BrowserApp.LongAccount).GetByRole(AriaRole.Button, new() { Name = "Remove account " + BrowserApp.LongAccount, Exact = true }).ClickAsync();
        var dialog = tab.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();

        Assert.Empty(await tab.WiderThanTheScreenAsync());
        await tab.AssertAccessibleAsync("the removal's confirmation on a phone");
        await tab.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Empty(tab.Problems);
    }

    /// <summary>A tenant of its own with two accounts: one to keep and one to remove (named, or <paramref name="nameless"/> with no display name).</summary>
    private async Task<string> SeedTenantAsync(string? nameless = null)
    {
        var tenant = "remove-" + Guid.NewGuid().ToString("N")[..8];
        using var connector = app.Client(BrowserApp.ConnectorKey);
        var at = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O");
        object gone = nameless is null
            ? new { status = "error", checkedAt = at, errorCategory = "auth_error", channel = "line", displayName = GoneName }
            : new { status = "error", checkedAt = at, errorCategory = "auth_error", channel = "line" };
        (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{nameless ?? Gone}", gone)).EnsureSuccessStatusCode();
        var kept = new { status = "connected", checkedAt = at, channel = "shopee", displayName = "Riverside Silk" };
        (await connector.PatchAsJsonAsync($"/api/tenants/{tenant}/connections/{Kept}", kept)).EnsureSuccessStatusCode();
        return tenant;
    }

    /// <summary>The path of every DELETE the page sends.</summary>
    private static List<string> RecordDeletes(BrowserPage tab)
    {
        var deletes = new List<string>();
        tab.Page.Request += (_, request) =>
        {
            if (request.Method == "DELETE")
            {
                lock (deletes)
                {
                    deletes.Add(new Uri(request.Url).AbsolutePath);
                }
            }
        };
        return deletes;
    }
}
