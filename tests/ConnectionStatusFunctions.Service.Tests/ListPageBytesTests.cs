using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The bytes of list pages over a fixed set of stored rows, at a fixed instant, pinned: the list path
/// is tuned for speed (docs/listing.md), and no such change may alter a byte of what a reader gets.
/// The rows are written as storage holds them (the raw TableClient), with every column the views
/// read and the cases that change a view's text: each health state, failures in and out of the last
/// 24 hours, a silence of more than 48 hours, flapping, a runbook link, escaped and non-ASCII names,
/// and one row that cannot be read. The expected pages are in ListPages/, written by the list as it
/// was before the tuning (92c4e65), but for one correction: the in-memory filters (search.json,
/// degraded.json) read only ConnectionLists' view columns, which left FlappingSince out, so acct-f's
/// attentionSince there was its status change, not the start of its flapping as on the plain page.
/// Every filtered page's items are now held to the plain page's.
/// </summary>
public sealed class ListPageBytesTests(Azurite azurite) : IClassFixture<Azurite>, IAsyncLifetime
{
    private const string Tenant = "tenant-bytes";
    private static readonly DateTimeOffset Now = TestClock.Start;
    private readonly StatusApplication _app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
    {
        ["Actions:RunbookLinks:auth_error"] = "https://runbooks.example/auth?x=1&y=2",
        ["Actions:RunbookLinks:disconnected"] = "https://runbooks.example/disconnected",
    }).UseClock(Now);

    public async Task InitializeAsync()
    {
        var table = new TableClient(azurite.ConnectionString, _app.ConnectionsTable);
        await table.CreateIfNotExistsAsync();
        foreach (var row in Rows())
        {
            await table.AddEntityAsync(row);
        }
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private static string Hour(TimeSpan ago) => (Now - ago).ToString("yyyy-MM-dd'T'HH'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static TableEntity Row(string account, string channel, string? name, string status, TimeSpan checkedAgo, TimeSpan? successAgo, TimeSpan? errorAgo, TimeSpan changedAgo) => new(Tenant, account)
    {
        ["Channel"] = channel,
        ["DisplayName"] = name,
        ["Status"] = status,
        ["LastCheckedAt"] = Now - checkedAgo,
        ["LastSuccessAt"] = Now - successAgo,
        ["LastErrorAt"] = Now - errorAgo,
        ["StatusChangedAt"] = Now - changedAgo,
        ["ConsecutiveFailures"] = 0,
        ["IsFlapping"] = false,
        ["LastSource"] = "connector",
        ["TransitionCount"] = 3L,
    };

    private static IEnumerable<TableEntity> Rows()
    {
        static TimeSpan Minutes(int count) => TimeSpan.FromMinutes(count);
        static TimeSpan Hours(int count) => TimeSpan.FromHours(count);
        yield return Row("acct-a", "shopee", "Siam \"Shop\" <1> & ร้านค้า – 東京", "connected", Minutes(3), Minutes(3), null, Hours(30));

        var rateLimited = Row("acct-b", "line", "Shop B", "error", Minutes(10), Hours(50), Minutes(10), Hours(2));
        rateLimited["ErrorCategory"] = "rate_limit";
        rateLimited["ErrorCode"] = "HTTP_429";
        rateLimited["ErrorSummary"] = "429 Too Many Requests from https://api.line.me/v2/bot/message/push";
        rateLimited["ConsecutiveFailures"] = 6;
        rateLimited["FailuresByHour"] = $"{Hour(Hours(30))}=4 {Hour(Hours(2))}=2 {Hour(Minutes(10))}=4";
        rateLimited["RecentResults"] = "CCCEEEEEE";
        yield return rateLimited;

        var reauth = Row("acct-c", "lazada", null, "error", Minutes(1), Hours(20), Minutes(1), Hours(5));
        reauth["ErrorCategory"] = "auth_error";
        reauth["ErrorCode"] = "HTTP_401";
        reauth["ErrorSummary"] = "token expired";
        reauth["ConsecutiveFailures"] = 1;
        reauth["FailuresByHour"] = Hour(Minutes(1)) + "=1";
        reauth["LastSource"] = "probe";
        yield return reauth;

        yield return Row("acct-d", "facebook", "Shop D", "disconnected", Hours(1), Hours(80), null, Hours(1));

        var stale = Row("acct-e", "tiktok", "Shop E", "stale", Hours(30), Hours(30), null, Hours(6));
        stale["LastSource"] = "silence";
        yield return stale;

        var flapping = Row("acct-f", "instagram", "Flapping shop", "connected", Minutes(2), Minutes(2), Minutes(20), Minutes(2));
        flapping["IsFlapping"] = true;
        flapping["FlappingSince"] = Now - Hours(3);
        flapping["FailuresByHour"] = $"{Hour(Hours(3))}=1 {Hour(Minutes(20))}=2";
        flapping["RecentResults"] = "CECECECEC";
        flapping["ErrorCategory"] = "webhook_error";
        flapping["VerdictAt"] = Now - Minutes(5);
        flapping["VerdictStatus"] = "error";
        flapping["VerdictSource"] = "connector";
        flapping["VerdictReportId"] = "report-9";
        flapping["LastSource"] = "probe";
        yield return flapping;

        var recovering = Row("acct-g", "line", "shop g", "connected", Minutes(5), Minutes(5), Hours(4), Hours(4));
        recovering["ErrorCategory"] = "unknown";
        recovering["ErrorCode"] = "E1";
        recovering["FailuresByHour"] = $"{Hour(Hours(26))}=7 {Hour(Hours(4))}=3";
        yield return recovering;

        var unreadable = Row("acct-h", "line", "Shop H", "Connected", Minutes(5), Minutes(5), null, Hours(4));
        yield return unreadable;
    }

    public static TheoryData<string, string> Pages => new()
    {
        { "", "plain.json" },
        { "?q=shop", "search.json" },
        { "?status=error", "status-error.json" },
        { "?healthState=degraded", "degraded.json" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task APageHasTheBytesItHadBeforeTheListWasTuned(string query, string expected)
    {
        var response = await _app.ClientWithKey(SupportKey).GetAsync($"/api/tenants/{Tenant}/connections{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var actual = await response.Content.ReadAsStringAsync();
        var path = Path.Combine(AppContext.BaseDirectory, "ListPages", expected);
        Assert.Equal(File.ReadAllText(path).TrimEnd('\n'), actual);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task AnAccountReadsTheSameOnAFilteredPageAsOnThePlainOne(string query, string _)
    {
        var support = _app.ClientWithKey(SupportKey);
        var plain = JsonNode.Parse(await support.GetStringAsync($"/api/tenants/{Tenant}/connections"))!["items"]!.AsArray().ToDictionary(item => item!["channelAccountId"]!.GetValue<string>());

        var filtered = JsonNode.Parse(await support.GetStringAsync($"/api/tenants/{Tenant}/connections{query}"))!["items"]!.AsArray();

        Assert.NotEmpty(filtered);
        Assert.All(filtered, item => Assert.True(JsonNode.DeepEquals(plain[item!["channelAccountId"]!.GetValue<string>()], item), $"{query}: {item}"));
    }
}
