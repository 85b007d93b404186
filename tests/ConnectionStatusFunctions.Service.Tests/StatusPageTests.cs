using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Page;
using ConnectionStatusFunctions.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The page's files and headers as the standalone host serves them (the Functions app's are compared with these in HttpFunctionParityTests).</summary>
public sealed partial class StatusPageTests(StatusPageTests.DemoApp demo) : IClassFixture<StatusPageTests.DemoApp>
{
    private readonly StatusApplication _app = demo.App;

    /// <summary>Every test here only reads the page, its files and the demo tenant: one app, seeded once.</summary>
    public sealed class DemoApp : SharedStatusApplication
    {
        protected override Task<StatusApplication> CreateAsync(Azurite azurite) =>
            Task.FromResult(new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Demo:Tenant"] = "demo-tenant" }));
    }

    private HttpClient Browser => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static void AssertPageHeaders(HttpResponseMessage response)
    {
        Assert.Equal(PageHeaders.ContentSecurityPolicy, string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("script-src 'self'", PageHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", PageHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl!.NoCache);
        Assert.DoesNotContain("X-Api-Key", response.Headers.Vary);
    }

    [Theory]
    [InlineData("/status", "text/html")]
    [InlineData("/status/status.js", "text/javascript")]
    [InlineData("/status/times.js", "text/javascript")]
    [InlineData("/status/status.css", "text/css")]
    [InlineData("/status/icon.svg", "image/svg+xml")]
    public async Task ThePageAndItsFilesNeedNoKeyAndCarryAStrictPolicy(string path, string mediaType)
    {
        var response = await Browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        AssertPageHeaders(response);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task AFileTheBrowserHoldsIsRevalidatedByItsETag()
    {
        var first = await Browser.GetAsync("/status/status.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/status/status.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await Browser.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        AssertPageHeaders(second);
    }

    [Theory]
    [InlineData("/status/secrets.json")]
    [InlineData("/status/nope.js")]
    public async Task AnUnknownFileIsAProblemWithTheProblemHeadersAndThePagesPolicy(string path)
    {
        var response = await Browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(404, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());

        // A problem like routing's own 404: never stored, varying by key, never sniffed.
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.True(response.Headers.CacheControl.NoCache);
        Assert.Contains("X-Api-Key", response.Headers.Vary);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(PageHeaders.ContentSecurityPolicy, string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task TheSiteRootSendsABrowserToThePage()
    {
        var response = await Browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/status", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.GetAsync("/elsewhere")).StatusCode);
    }

    [Fact]
    public async Task ThePageHasNoInlineScriptOrStyleAndStartsOnTheDemoTenant()
    {
        var html = await Browser.GetStringAsync("/status");

        // The CSP would block them anyway; this keeps the page from relying on them.
        Assert.All(ScriptTag().Matches(html), m => Assert.Matches("src=\"/status/[a-z]+\\.js\"", m.Value));
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(InlineAttribute(), html);
        Assert.Contains("data-default-tenant=\"demo-tenant\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageNamesEveryChannelAsCoreDoes()
    {
        var html = await Browser.GetStringAsync("/status");

        var attribute = ChannelNamesAttribute().Match(html);
        Assert.True(attribute.Success, "The page carries no channel names.");
        var names = JsonSerializer.Deserialize<Dictionary<string, string>>(WebUtility.HtmlDecode(attribute.Groups[1].Value))!;
        Assert.Equal(Enum.GetValues<Channel>().Length, names.Count);
        Assert.All(Enum.GetValues<Channel>(), channel => Assert.Equal(ChannelNames.DisplayName(channel), names[WireName.Of(channel)]));
        Assert.Equal("TikTok", names["tiktok"]);
    }

    [Theory]
    [InlineData("/status/status.js")]
    [InlineData("/status/times.js")]
    public async Task TheScriptNeverWritesMarkup(string path)
    {
        var script = await Browser.GetStringAsync(path);

        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function" })
        {
            Assert.DoesNotContain(sink, script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheApiKeepsItsOwnHeadersAndCheck()
    {
        var response = await Browser.GetAsync("/api/tenants/demo-tenant/connections");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
        var allowed = await _app.ClientWithKey(SupportKey).GetAsync("/api/tenants/demo-tenant/connection-summary");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.True(allowed.Headers.CacheControl!.NoStore);
    }

    [GeneratedRegex("data-channel-names=\"([^\"]*)\"")]
    private static partial Regex ChannelNamesAttribute();

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("\\s(style|on[a-z]+)\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineAttribute();
}
