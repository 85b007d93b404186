using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.ReportBodies;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

// Long because the list, the account, its history and the summary share the seeded accounts these tests read.
public sealed class ConnectionsApiTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private static readonly DateTimeOffset Now = TestClock.Start;
    private readonly StatusApplication _app = new StatusApplication(azurite.ConnectionString).UseClock(Now);

    public void Dispose() => _app.Dispose();

    private HttpClient Connector => _app.ClientWithKey(ConnectorKey);
    private HttpClient Support => _app.ClientWithKey(SupportKey);

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task ReportingAnErrorCreatesTheRowAndReturnsTheConnection()
    {
        var response = await PatchAsync(Connector, "tenant-a", "line-1", Report("error", Now.AddMinutes(-1), "webhook_error", "Webhook returned HTTP 502"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<ReportResponse>(ApiJson);
        Assert.Equal(TransitionKind.Applied, body!.Outcome);
        Assert.Equal(ConnectionStatus.Error, body.Connection!.Status);
        Assert.Equal(ErrorCategory.WebhookError, body.Connection.ErrorCategory);
        Assert.Equal(Now.AddMinutes(-1), body.Connection.LastCheckedAt);
        Assert.Equal("Webhook returned HTTP 502", body.Connection.ErrorSummary);
        Assert.Contains("webhook", body.Connection.RecommendedAction, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HealthState.Error, body.Connection.HealthState);

        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"outcome\":\"applied\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"errorCategory\":\"webhook_error\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryReaderOfAListLearnsWhichChannelsHaveAProviderOutageWithoutCounts()
    {
        // Before any read: the app keeps the outages it read for a while.
        var channels = new TableClient(_app.ConnectionString, _app.ChannelHealthTable);
        await channels.CreateIfNotExistsAsync();
        await channels.UpsertEntityAsync(new TableEntity("channel", "tiktok") { ["Checked"] = 10, ["Failing"] = 9, ["ErrorRate"] = 0.9, ["IsOutage"] = true, ["ComputedAt"] = Now.AddMinutes(-1) });
        await channels.UpsertEntityAsync(new TableEntity("channel", "line") { ["Checked"] = 10, ["Failing"] = 0, ["ErrorRate"] = 0.0, ["IsOutage"] = false, ["ComputedAt"] = Now.AddMinutes(-1) });

        // An account already in error carries no provider_outage reason (its own score is lower): the list says it anyway.
        await PatchAsync(Connector, ScopedTenant, "tt-1", Report("error", Now.AddMinutes(-2), "unknown", "HTTP 500", channel: "tiktok"));

        var scoped = _app.ClientWithKey(ScopedSupportKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.GetAsync("/api/channels/health")).StatusCode);
        var raw = await scoped.GetStringAsync($"/api/tenants/{ScopedTenant}/connections");

        var list = JsonSerializer.Deserialize<ConnectionList>(raw, ApiJson)!;
        Assert.Equal([Channel.Tiktok], list.ProviderOutages);
        Assert.DoesNotContain(list.Items.Single().HealthReasons, reason => reason.Code == "provider_outage");
        Assert.Contains("\"providerOutages\":[\"tiktok\"]", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("errorRate", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GettingOneConnectionReturnsItWithAnETag()
    {
        await PatchAsync(Connector, "tenant-a", "fb-1", Report("connected", Now.AddMinutes(-2), channel: "facebook"));

        var response = await Support.GetAsync("/api/tenants/tenant-a/connections/fb-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var view = await response.Content.ReadFromJsonAsync<ConnectionView>(ApiJson);
        Assert.Equal((Channel.Facebook, ConnectionStatus.Connected, 100), (view!.Channel, view.Status, view.HealthScore));
        Assert.Equal(Now.AddMinutes(-2), view.LastSuccessAt);
    }

    [Fact]
    public async Task UnknownConnectionIsA404Problem()
    {
        var response = await Support.GetAsync("/api/tenants/tenant-a/connections/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task InvalidReportIsA400NamingTheFieldAndWritesNothing()
    {
        var response = await PatchAsync(Connector, "tenant-a", "acct-1", Report("error", Now, "timeout"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Contains("'auth_error'", problem.GetProperty("errors").GetProperty("errorCategory")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Support.GetAsync("/api/tenants/tenant-a/connections/acct-1")).StatusCode);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"status\":\"connected\",\"checkedAt\":\"2026-11-24T09:00:00Z\",\"statu\":\"x\"}")]
    [InlineData("{\"status\":1,\"checkedAt\":\"2026-11-24T09:00:00Z\"}")]
    [InlineData("")]
    public async Task MalformedBodyIsA400Problem(string body)
    {
        var response = await Connector.PatchAsync("/api/tenants/tenant-a/connections/acct-2", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemOf(response);
        Assert.Equal(HttpStatusCode.NotFound, (await Support.GetAsync("/api/tenants/tenant-a/connections/acct-2")).StatusCode);
    }

    [Theory]
    [InlineData("tenant-a", "has%20space")]
    [InlineData("tenant-a", "a%23b")]
    [InlineData("tenant%20a", "acct")]
    public async Task InvalidIdsAreA400(string tenant, string account)
    {
        var response = await PatchAsync(Connector, tenant, account, Report("connected", Now));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemOf(response);
    }

    [Fact]
    public async Task OverlongAccountIdIsA400()
    {
        var response = await PatchAsync(Connector, "tenant-a", new string('a', 129), Report("connected", Now));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemOf(response)).GetProperty("errors").TryGetProperty("channelAccountId", out _));
    }

    [Fact]
    public async Task OlderReportIsStaleAndDuplicateIsDuplicate()
    {
        await PatchAsync(Connector, "tenant-a", "acct-3", Report("error", Now.AddMinutes(-1), "rate_limit", reportId: "r-2"));

        var stale = await (await PatchAsync(Connector, "tenant-a", "acct-3", Report("connected", Now.AddMinutes(-5)))).Content.ReadFromJsonAsync<ReportResponse>(ApiJson);
        var duplicate = await (await PatchAsync(Connector, "tenant-a", "acct-3", Report("error", Now.AddMinutes(-1), "rate_limit", reportId: "r-2"))).Content.ReadFromJsonAsync<ReportResponse>(ApiJson);

        Assert.Equal(TransitionKind.Stale, stale!.Outcome);
        Assert.Equal(ConnectionStatus.Error, stale.Connection!.Status);
        Assert.Equal(TransitionKind.Duplicate, duplicate!.Outcome);
    }

    [Fact]
    public async Task ReportFromTheFutureIsRejected()
    {
        var response = await PatchAsync(Connector, "tenant-a", "acct-4", Report("connected", Now.AddMinutes(6)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemOf(response)).GetProperty("errors").TryGetProperty("checkedAt", out _));
    }

    [Fact]
    public async Task AFastClockIsRefusedAndTheTrueReportsThatFollowAreApplied()
    {
        // 4 min 50 s fast: within the old 5-minute limit, it made the true reports below stale.
        var fast = await PatchAsync(Connector, "tenant-a", "clock-1", Report("error", Now.AddMinutes(4).AddSeconds(50), "unknown", reportId: "fast-1"));

        Assert.Equal(HttpStatusCode.BadRequest, fast.StatusCode);
        var refusal = (await ProblemOf(fast)).GetProperty("errors").GetProperty("checkedAt")[0].GetString();
        Assert.Contains("30 seconds ahead", refusal, StringComparison.Ordinal);
        Assert.Contains("StatusPolicy:MaxClockSkew", refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Support.GetAsync("/api/tenants/tenant-a/connections/clock-1")).StatusCode);

        var first = await PatchAsync(Connector, "tenant-a", "clock-1", Report("connected", Now.AddSeconds(-30), reportId: "true-1"));
        var second = await PatchAsync(Connector, "tenant-a", "clock-1", Report("error", Now, "auth_error", reportId: "true-2"));

        Assert.Equal(TransitionKind.Applied, (await first.Content.ReadFromJsonAsync<ReportResponse>(ApiJson))!.Outcome);
        Assert.Equal(TransitionKind.Applied, (await second.Content.ReadFromJsonAsync<ReportResponse>(ApiJson))!.Outcome);
        var view = await Support.GetFromJsonAsync<ConnectionView>("/api/tenants/tenant-a/connections/clock-1", ApiJson);
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.AuthError, Now, Now.AddSeconds(-30)), (view!.Status, view.ErrorCategory, view.LastCheckedAt, view.LastSuccessAt));
    }

    [Fact]
    public async Task SecretsInErrorMessagesReachNeitherResponsesNorStorage()
    {
        const string token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        const string password = "hunter2-Pa55word!";
        var message = $"LINE push failed: 401 Unauthorized, Authorization: Bearer {token}; retry with password={password}";

        var patch = await (await PatchAsync(Connector, "tenant-s", "line-9", Report("error", Now, "auth_error", message))).Content.ReadAsStringAsync();
        var get = await (await Support.GetAsync("/api/tenants/tenant-s/connections/line-9")).Content.ReadAsStringAsync();
        var list = await (await Support.GetAsync("/api/tenants/tenant-s/connections")).Content.ReadAsStringAsync();
        var table = new TableClient(_app.ConnectionString, _app.ConnectionsTable);
        var row = (await table.GetEntityAsync<TableEntity>("tenant-s", "line-9")).Value;
        var stored = string.Join("|", row.Select(pair => pair.Value?.ToString()));

        foreach (var text in new[] { patch, get, list, stored })
        {
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.Contains("401", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ListReturnsEveryAccountWithStatusLastCheckedAndErrorSummary()
    {
        await PatchAsync(Connector, "tenant-l", "line-1", Report("connected", Now.AddMinutes(-3)));
        await PatchAsync(Connector, "tenant-l", "shopee-1", Report("error", Now.AddMinutes(-2), "auth_error", "token expired", channel: "shopee"));
        await PatchAsync(Connector, "tenant-l", "tiktok-1", Report("disconnected", Now.AddMinutes(-1), channel: "tiktok"));
        await PatchAsync(Connector, "tenant-other", "line-1", Report("connected", Now));

        var list = await Support.GetFromJsonAsync<ConnectionList>("/api/tenants/tenant-l/connections", ApiJson);

        Assert.Equal(["line-1", "shopee-1", "tiktok-1"], list!.Items.Select(i => i.ChannelAccountId));
        var shopee = list.Items[1];
        Assert.Equal((ConnectionStatus.Error, HealthState.RequiresReauth, "token expired"), (shopee.Status, shopee.HealthState, shopee.ErrorSummary));
        Assert.Equal(Now.AddMinutes(-2), shopee.LastCheckedAt);
        Assert.Contains("reconnect", shopee.RecommendedAction, StringComparison.OrdinalIgnoreCase);
        Assert.Null(list.ContinuationToken);
    }

    [Fact]
    public async Task ListFiltersByStatusChannelAndNeedsAttention()
    {
        await PatchAsync(Connector, "tenant-f", "line-1", Report("connected", Now.AddMinutes(-3)));
        await PatchAsync(Connector, "tenant-f", "line-2", Report("error", Now.AddMinutes(-3), "unknown"));
        await PatchAsync(Connector, "tenant-f", "shopee-1", Report("error", Now.AddMinutes(-2), "rate_limit", channel: "shopee"));
        await PatchAsync(Connector, "tenant-f", "tiktok-1", Report("disconnected", Now.AddMinutes(-1), channel: "tiktok"));

        async Task<string[]> Ids(string query) =>
            (await Support.GetFromJsonAsync<ConnectionList>($"/api/tenants/tenant-f/connections?{query}", ApiJson))!.Items.Select(i => i.ChannelAccountId).ToArray();

        Assert.Equal(["line-2", "shopee-1"], await Ids("status=error"));
        Assert.Equal(["line-1", "line-2"], await Ids("channel=line"));
        Assert.Equal(["line-2"], await Ids("channel=line&status=error"));
        Assert.Equal(["line-2", "shopee-1", "tiktok-1"], await Ids("needsAttention=true"));
    }

    [Theory]
    [InlineData("status=broken", "status")]
    [InlineData("channel=myspace", "channel")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=1001", "pageSize")]
    [InlineData("continuationToken=not-a-token", "continuationToken")]
    public async Task BadListParametersAreA400NamingTheParameter(string query, string field)
    {
        var response = await Support.GetAsync($"/api/tenants/tenant-a/connections?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemOf(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task ContinuationTokenOfOneTenantIsRefusedForAnother()
    {
        await PatchAsync(Connector, "tenant-p", "a-1", Report("connected", Now));
        await PatchAsync(Connector, "tenant-p", "a-2", Report("connected", Now));
        var first = await Support.GetFromJsonAsync<ConnectionList>("/api/tenants/tenant-p/connections?pageSize=1", ApiJson);
        Assert.NotNull(first!.ContinuationToken);

        var other = await Support.GetAsync($"/api/tenants/tenant-q/connections?continuationToken={Uri.EscapeDataString(first.ContinuationToken!)}");
        var same = await Support.GetFromJsonAsync<ConnectionList>($"/api/tenants/tenant-p/connections?pageSize=1&continuationToken={Uri.EscapeDataString(first.ContinuationToken!)}", ApiJson);

        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal("a-2", Assert.Single(same!.Items).ChannelAccountId);
    }

    [Fact]
    public async Task SummaryCountsTheTenantsAccountsByHealth()
    {
        await PatchAsync(Connector, "tenant-w", "ok-1", Report("connected", Now.AddMinutes(-3)));
        await PatchAsync(Connector, "tenant-w", "bad-1", Report("error", Now.AddMinutes(-2), "unknown"));

        var summary = await Support.GetFromJsonAsync<TenantSummary>("/api/tenants/tenant-w/connection-summary", ApiJson);

        Assert.Equal((Badge.Red, 60, 2, 1, 1, 1), (summary!.Badge, summary.HealthScore, summary.Total, summary.Healthy, summary.Error, summary.IssueCount));
        // A tenant no account of which ever reported is unknown, not a green tenant of none.
        var empty = await Support.GetFromJsonAsync<TenantSummary>("/api/tenants/tenant-empty/connection-summary", ApiJson);
        Assert.Equal(((Badge?)null, (int?)null, 0, false), (empty!.Badge, empty.HealthScore, empty.Total, empty.Known));
    }

    [Fact]
    public async Task AppHealthReportsStorageReachable()
    {
        var response = await _app.CreateClient().GetAsync("/api/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownRouteIsA404Problem()
    {
        var response = await Support.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ProblemOf(response);
    }
}
