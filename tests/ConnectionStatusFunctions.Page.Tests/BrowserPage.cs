using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ConnectionStatusFunctions.Page.Tests;

/// <summary>One browser tab of a test, and what went wrong in it that the page itself would not show.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page, List<string> problems) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    /// <summary>CSP violations and uncaught script errors seen so far.</summary>
    public IReadOnlyList<string> Problems => problems;

    /// <summary>
    /// Opens the page on <paramref name="tenant"/> (null: the page's own address, the directory) and signs in; a tenant
    /// opens on its accounts that need attention, or with <paramref name="allAccounts"/> on all of them.
    /// </summary>
    public async Task SignInAsync(string key, string? tenant = BrowserApp.DemoTenant, bool allAccounts = false)
    {
        await Page.GotoAsync("/status" + (tenant is null ? string.Empty : "?tenant=" + Uri.EscapeDataString(tenant) + (allAccounts ? "&show=all" : string.Empty)));
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>The page's timers run only when the test moves its clock, however slow the machine is.</summary>
    public async Task PauseClockAsync()
    {
        await Page.Clock.InstallAsync(new ClockInstallOptions { TimeDate = DateTime.UtcNow });
        // The installed clock runs from the moment it was installed, at most as far as real time: a second after now
        // is ahead of it, unless a loaded machine takes longer than that to pass the call on; then again, from a new now.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Page.Clock.PauseAtAsync(DateTime.UtcNow.AddSeconds(1));
                break;
            }
            catch (PlaywrightException e) when (attempt < 5 && e.Message.Contains("fast-forward to the past", StringComparison.Ordinal))
            {
            }
        }

        _clockPaused = true;
    }

    private bool _clockPaused;

    public ILocator Row(string account) => Page.Locator($"#rows tr[data-account='{account}']");

    /// <summary>
    /// axe-core on the page as it is now, with the experimental rule that a control's name contains
    /// its visible text switched on; fails listing every violation and where it is.
    /// </summary>
    public async Task AssertAccessibleAsync(string state)
    {
        var run = Page.RunAxe(new AxeRunOptions
        {
            Rules = new Dictionary<string, RuleOptions> { ["label-content-name-mismatch"] = new() { Enabled = true } },
        });
        // axe-core waits on the page's timers: under a paused clock the test moves it, 10 ms at a time, up to 5 s
        // of the page's time (short of its 15 s tick and 30 s refresh), until axe is done.
        for (var step = 0; _clockPaused && !run.IsCompleted && step < 500; step++)
        {
            await Page.Clock.RunForAsync(10);
        }

        var result = await run;
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString() + " " + n.Html))}").ToList();
        Assert.True(violations.Count == 0, $"axe found in state '{state}':\n" + string.Join("\n", violations));
        // The experimental rule ran (it is off unless asked for): it passed, or the state has no control it applies to.
        Assert.Contains(result.Passes.Concat(result.Inapplicable), r => r.Id == "label-content-name-mismatch");
    }

    /// <summary>
    /// Every element, and every piece of text, whose right edge is past the viewport's: a block keeps its width while
    /// a word too long for it runs out of it, so the text is measured too (but not text clipped to 1 px for screen readers).
    /// </summary>
    public Task<string[]> WiderThanTheScreenAsync() => Page.EvaluateAsync<string[]>(
        """
        () => {
          const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(e => e.tagName + '#' + e.id + '.' + e.className + ' right=' + e.getBoundingClientRect().right);
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            if (!text.data.trim() || text.parentElement.closest('.visually-hidden, script, style')) continue;
            const range = document.createRange();
            range.selectNodeContents(text);
            const right = Math.max(0, ...[...range.getClientRects()].map(r => r.right));
            if (right > window.innerWidth + 0.5) wide.push('text in ' + text.parentElement.tagName + '#' + text.parentElement.id + ' "' + text.data.slice(0, 40) + '" right=' + right);
          }
          return wide;
        }
        """);

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
