using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.ReportBodies;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The list's filters and search (healthState, errorCategory, flapping, q) alone, together, and across pages.
/// Long because each filter is tried alone, with the others, on both lists (plain and attention), across pages, and with each kind of bad value.
/// </summary>
public sealed class ConnectionSearchTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private readonly StatusApplication _app = new StatusApplication(azurite.ConnectionString).UseClock(Now);

    public void Dispose() => _app.Dispose();

    private HttpClient Connector => _app.ClientWithKey(ConnectorKey);
    private HttpClient Support => _app.ClientWithKey(SupportKey);

    private static object Named(string status, DateTimeOffset checkedAt, string displayName, string? category = null, string channel = "line") =>
        new { status, checkedAt = checkedAt.ToString("O"), errorCategory = category, errorMessage = category is null ? null : "failed", channel, displayName };

    private async Task<ConnectionList> ListAsync(string tenant, string query) =>
        (await Support.GetFromJsonAsync<ConnectionList>($"/api/tenants/{tenant}/connections?{query}", ApiJson))!;

    private async Task<string[]> Ids(string tenant, string query) => (await ListAsync(tenant, query)).Items.Select(i => i.ChannelAccountId).ToArray();

    private async Task SeedAsync(string tenant, params (string Id, object Report)[] accounts)
    {
        foreach (var (id, report) in accounts)
        {
            Assert.Equal(HttpStatusCode.OK, (await PatchAsync(Connector, tenant, id, report)).StatusCode);
        }
    }

    [Fact]
    public async Task EachFilterAloneAndCombinedKeepsOnlyTheAccountsItNames()
    {
        await SeedAsync(
            "tenant-f",
            ("fb-1", Named("error", Now.AddMinutes(-5), "Facebook online page", "auth_error", "facebook")),
            ("line-1", Named("connected", Now.AddMinutes(-4), "Bangkok store")),
            ("line-2", Named("error", Now.AddMinutes(-4), "Online shop", "auth_error")),
            ("line-3", Named("error", Now.AddMinutes(-3), "Chiang Mai", "webhook_error")),
            ("shopee-1", Named("disconnected", Now.AddMinutes(-2), "Shopee main", channel: "shopee")));

        Assert.Equal(["fb-1", "line-2"], await Ids("tenant-f", "healthState=requires_reauth"));
        Assert.Equal(["line-3"], await Ids("tenant-f", "healthState=error"));
        Assert.Equal(["line-1"], await Ids("tenant-f", "healthState=healthy"));
        Assert.Equal(["fb-1", "line-2"], await Ids("tenant-f", "errorCategory=auth_error"));
        Assert.Equal(["line-3"], await Ids("tenant-f", "errorCategory=webhook_error"));
        Assert.Equal(["line-2"], await Ids("tenant-f", "errorCategory=auth_error&channel=line"));
        Assert.Equal(["line-2"], await Ids("tenant-f", "healthState=requires_reauth&channel=line&status=error"));
        Assert.Empty(await Ids("tenant-f", "errorCategory=auth_error&status=connected"));
        Assert.Equal(["line-3"], await Ids("tenant-f", "q=line&healthState=error"));
        Assert.Equal(["line-2", "line-3", "fb-1"], await Ids("tenant-f", "q=line&status=error"));
        // With an in-memory filter, needs-attention is part of the predicate: line-1 (healthy) does not leave the first page short.
        var first = await ListAsync("tenant-f", "q=line-&needsAttention=true&pageSize=1");
        Assert.Equal("line-2", Assert.Single(first.Items).ChannelAccountId);
        Assert.Equal(["line-3"], await Ids("tenant-f", $"q=line-&needsAttention=true&pageSize=1&continuationToken={Uri.EscapeDataString(first.ContinuationToken!)}"));
    }

    [Fact]
    public async Task QueryMatchesIdPrefixesFirstThenDisplayNamesContainingItWhateverTheirCase()
    {
        await SeedAsync(
            "tenant-q",
            ("fb-1", Named("connected", Now.AddMinutes(-5), "ONLINE Store", channel: "facebook")),
            ("line-1", Named("connected", Now.AddMinutes(-4), "Bangkok")),
            ("line-2", Named("connected", Now.AddMinutes(-4), "Phuket")),
            ("linear-9", Named("connected", Now.AddMinutes(-4), "Hat Yai")),
            ("Line-7", Named("connected", Now.AddMinutes(-4), "Khon Kaen")),
            ("shopee-1", Named("connected", Now.AddMinutes(-3), "Shopee", channel: "shopee")));

        // Ids by prefix, as written ("Line-7" is not one), then names by part, case folded.
        Assert.Equal(["line-1", "line-2", "linear-9", "fb-1"], await Ids("tenant-q", "q=line"));
        Assert.Equal(["line-1", "line-2"], await Ids("tenant-q", "q=line-"));
        Assert.Equal(["Line-7", "fb-1"], await Ids("tenant-q", "q=Line"));
        Assert.Equal(["line-2"], await Ids("tenant-q", "q=phuk"));
        Assert.Empty(await Ids("tenant-q", "q=nowhere"));

        // One at a time, the pages cross from the id range to the names without a gap or a repeat.
        var walked = new List<string>();
        var query = "q=line&pageSize=1";
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await ListAsync("tenant-q", query);
            walked.AddRange(page.Items.Select(i => i.ChannelAccountId));
            if (page.ContinuationToken is null)
            {
                break;
            }

            query = $"q=line&pageSize=1&continuationToken={Uri.EscapeDataString(page.ContinuationToken)}";
        }

        Assert.Equal(["line-1", "line-2", "linear-9", "fb-1"], walked);
    }

    [Fact]
    public async Task NameSearchFoldsCaseOfLatinAndFullWidthLettersAndFindsThaiNames()
    {
        await SeedAsync(
            "tenant-n",
            ("line-th", Named("connected", Now.AddMinutes(-4), "ร้านกาแฟ สยาม")),
            ("line-fw", Named("connected", Now.AddMinutes(-4), "ＴＯＫＹＯ Ｓｈｏｐ")),
            ("line-fr", Named("connected", Now.AddMinutes(-4), "Café ÉCLAIR")),
            ("line-en", Named("connected", Now.AddMinutes(-4), "Tokyo shop")));

        Assert.Equal(["line-th"], await Ids("tenant-n", $"q={Uri.EscapeDataString("สยาม")}"));
        Assert.Equal(["line-fw"], await Ids("tenant-n", $"q={Uri.EscapeDataString("ｔｏｋｙｏ ｓＨＯＰ")}"));
        Assert.Equal(["line-fr"], await Ids("tenant-n", $"q={Uri.EscapeDataString("éclair")}"));
        // Case is folded, width is not: ASCII "tokyo" is not the full-width name.
        Assert.Equal(["line-en"], await Ids("tenant-n", "q=TOKYO"));
    }

    [Fact]
    public async Task ARecoveredAccountKeepsItsLastAuthErrorButIsNotListedAsOne()
    {
        await SeedAsync(
            "tenant-r",
            ("line-1", Report("error", Now.AddMinutes(-10), "auth_error", "token expired")),
            ("line-1", Report("connected", Now.AddMinutes(-5))),
            ("line-2", Report("error", Now.AddMinutes(-4), "auth_error", "token expired")));

        var recovered = (await ListAsync("tenant-r", "q=line-1")).Items.Single();
        Assert.Equal((ConnectionStatus.Connected, ErrorCategory.AuthError), (recovered.Status, recovered.ErrorCategory));
        Assert.Equal(["line-2"], await Ids("tenant-r", "errorCategory=auth_error"));
    }

    [Fact]
    public async Task SparseMatchesFillEveryPageButTheLastAcrossStoragePagesWithoutGapsOrDuplicates()
    {
        const string tenant = "tenant-big";
        await SeedAsync(tenant, ("zz-first", Named("connected", Now.AddMinutes(-1), "Seed")));
        var table = new TableServiceClient(_app.ConnectionString).GetTableClient(_app.ConnectionsTable);
        var expected = new List<string>();
        var rows = new List<TableTransactionAction>();
        for (var i = 0; i < 1500; i++)
        {
            var id = $"acct-{i:D4}";
            var name = i % 7 == 3 ? $"Special store {i}" : $"Store {i}";
            if (i % 7 == 3)
            {
                expected.Add(id);
            }

            var state = new ConnectionState(Channel.Line, name, ConnectionStatus.Connected, Now.AddMinutes(-2), Now.AddMinutes(-2), null, Now.AddDays(-1), null, null, null, 0, FailureWindow.Parse(null), CheckHistory.Parse(null), false, ReportSource.Connector, null);
            rows.Add(new TableTransactionAction(TableTransactionActionType.Add, ConnectionEntity.From(new ConnectionKey(tenant, id), state, 1)));
            if (rows.Count == 100)
            {
                await table.SubmitTransactionAsync(rows);
                rows.Clear();
            }
        }

        var seen = new List<string>();
        var sizes = new List<int>();
        string? token = null;
        do
        {
            var page = await ListAsync(tenant, "q=special&pageSize=100" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}"));
            sizes.Add(page.Items.Count);
            seen.AddRange(page.Items.Select(i => i.ChannelAccountId));
            token = page.ContinuationToken;
            Assert.True(sizes.Count <= 10, "The pages never end.");
        }
        while (token is not null);

        Assert.Equal(214, expected.Count);
        Assert.Equal([100, 100, 14], sizes);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task ATokenOfAnotherTenantOrQueryKindOrOneForgedIsA400()
    {
        await SeedAsync("tenant-p", ("line-1", Report("connected", Now)), ("line-2", Report("connected", Now)));
        await SeedAsync("tenant-o", ("line-1", Report("connected", Now)), ("line-2", Report("connected", Now)));
        var search = await ListAsync("tenant-p", "q=line&pageSize=1");
        var plain = await ListAsync("tenant-p", "pageSize=1");
        Assert.NotNull(search.ContinuationToken);
        Assert.NotNull(plain.ContinuationToken);
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"T":"tenant-p position","C":"7|line-1"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        foreach (var (tenant, token) in new[] { ("tenant-o", search.ContinuationToken!), ("tenant-p", plain.ContinuationToken!), ("tenant-p", forged), ("tenant-p", "bm90LWEtdG9rZW4") })
        {
            var response = await Support.GetAsync($"/api/tenants/{tenant}/connections?q=line&pageSize=1&continuationToken={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("continuationToken", out _));
        }

        Assert.Equal(["line-2"], await Ids("tenant-p", $"q=line&pageSize=1&continuationToken={Uri.EscapeDataString(search.ContinuationToken!)}"));
    }

    [Theory]
    [InlineData("status=bogus", "status")]
    [InlineData("status=Error", "status")]
    [InlineData("channel=nope", "channel")]
    [InlineData("healthState=x", "healthState")]
    [InlineData("errorCategory=y", "errorCategory")]
    [InlineData("flapping=maybe", "flapping")]
    [InlineData("flapping=", "flapping")]
    [InlineData("flapping=true&flapping=false", "flapping")]
    [InlineData("needsAttention=yes", "needsAttention")]
    [InlineData("healthState=broken", "healthState")]
    [InlineData("healthState=Healthy", "healthState")]
    [InlineData("errorCategory=timeout", "errorCategory")]
    [InlineData("q=", "q")]
    [InlineData("q=%20%20", "q")]
    [InlineData("q=a%01b", "q")]
    [InlineData("q=a&q=b", "q")]
    public async Task BadFilterValuesAreA400NamingTheParameter(string query, string field)
    {
        var response = await Support.GetAsync($"/api/tenants/tenant-a/connections?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task FlappingKeepsTheFlappingAccountsAloneAndWithEveryOtherFilter()
    {
        // Ten alternating results make an account flap (StatusPolicy: over FlapStartPercent changes in at least FlapMinResults).
        for (var i = 0; i < 10; i++)
        {
            var at = Now.AddMinutes(-30 + i);
            await SeedAsync(
                "tenant-flap",
                ("line-flap", i % 2 == 0 ? Named("error", at, "Flapper shop", "unknown") : Named("connected", at, "Flapper shop")),
                ("fb-flap", i % 2 == 0 ? Named("error", at, "Flapper page", "unknown", "facebook") : Named("connected", at, "Flapper page", channel: "facebook")));
        }

        await SeedAsync(
            "tenant-flap",
            ("line-broken", Named("error", Now.AddMinutes(-3), "Broken shop", "auth_error")),
            ("line-fine", Named("connected", Now.AddMinutes(-3), "Fine shop")));

        Assert.Equal(["fb-flap", "line-flap"], await Ids("tenant-flap", "flapping=true"));
        Assert.Equal(["line-broken", "line-fine"], await Ids("tenant-flap", "flapping=false"));
        Assert.Equal(["line-flap"], await Ids("tenant-flap", "flapping=true&channel=line"));
        Assert.Equal(["line-flap"], await Ids("tenant-flap", "flapping=true&q=shop"));
        Assert.Equal(["line-flap"], await Ids("tenant-flap", "flapping=true&status=connected&channel=line"));
        Assert.Empty(await Ids("tenant-flap", "flapping=true&errorCategory=unknown"));
        Assert.Equal(["line-broken"], await Ids("tenant-flap", "flapping=false&errorCategory=auth_error"));

        // From the attention index too: flapping is one of the reasons an account needs attention, and total counts only the flappers.
        var attention = await ListAsync("tenant-flap", "flapping=true&needsAttention=true");
        Assert.Equal(["fb-flap", "line-flap"], attention.Items.Select(i => i.ChannelAccountId).Order(StringComparer.Ordinal));
        Assert.All(attention.Items, item => Assert.True(item.IsFlapping && item.NeedsAttention));
        Assert.Equal(2, attention.Total);
        var notFlapping = await ListAsync("tenant-flap", "flapping=false&needsAttention=true");
        Assert.Equal(["line-broken"], notFlapping.Items.Select(i => i.ChannelAccountId));
        Assert.Equal(1, notFlapping.Total);
        Assert.Equal(["line-flap"], await Ids("tenant-flap", "flapping=true&needsAttention=true&channel=line&pageSize=1"));
    }

    [Fact]
    public async Task AMisspeltFilterIsA400NamingItNotAnUnfilteredPageAndANameInAnotherCaseStillFilters()
    {
        await SeedAsync(
            "tenant-typo",
            ("line-1", Named("error", Now.AddMinutes(-3), "Broken", "auth_error")),
            ("line-2", Named("connected", Now.AddMinutes(-3), "Fine")));

        var misspelt = await Support.GetAsync("/api/tenants/tenant-typo/connections?categroy=auth_error&pageSize=5");
        var summary = await Support.GetAsync("/api/tenants/tenant-typo/connection-summary?pageSize=5");

        Assert.Equal(HttpStatusCode.BadRequest, misspelt.StatusCode);
        Assert.Equal("application/problem+json", misspelt.Content.Headers.ContentType?.MediaType);
        var problem = await misspelt.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("query", out _));
        // It names what the route takes, never what was sent.
        Assert.Contains("errorCategory", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("categroy", await misspelt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, summary.StatusCode);
        Assert.Equal(["line-1"], await Ids("tenant-typo", "errorcategory=auth_error"));
    }

    [Fact]
    public async Task AWholeAccountIdOfTheLongestLengthFindsItsAccount()
    {
        var longest = new string('k', Identifier.MaxLength - 1) + "1";
        await SeedAsync("tenant-long", (longest, Named("error", Now.AddMinutes(-3), "Long id store", "auth_error")), (longest[..^1] + "2", Named("connected", Now.AddMinutes(-3), "Other")));

        Assert.Equal([longest], await Ids("tenant-long", $"q={longest}"));
        Assert.Equal([longest], await Ids("tenant-long", $"q={longest}&needsAttention=true"));
    }

    [Fact]
    public async Task ASearchLongerThanTheBoundIsA400()
    {
        var response = await Support.GetAsync($"/api/tenants/tenant-a/connections?q={new string('a', ListFilter.MaxSearchLength + 1)}");
        var atBound = await Support.GetAsync($"/api/tenants/tenant-a/connections?q={new string('a', ListFilter.MaxSearchLength)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, atBound.StatusCode);
    }
}
