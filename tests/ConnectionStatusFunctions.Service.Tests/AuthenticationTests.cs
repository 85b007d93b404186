using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

public sealed class AuthenticationTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private readonly StatusApplication _app = new(azurite.ConnectionString);

    public void Dispose() => _app.Dispose();

    private static object Report => new { status = "connected", checkedAt = DateTimeOffset.UtcNow.ToString("O") };

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task RequestsWithoutAValidKeyAre401(string? key)
    {
        var client = _app.ClientWithKey(key);

        await AssertProblem(await PatchAsync(client, "tenant-a", "acct", Report), HttpStatusCode.Unauthorized);
        await AssertProblem(await client.GetAsync("/api/tenants/tenant-a/connections"), HttpStatusCode.Unauthorized);
        await AssertProblem(await client.GetAsync("/api/channels/health"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ReadersMayNotReportAndConnectorsMayNotRead()
    {
        await AssertProblem(await PatchAsync(_app.ClientWithKey(SupportKey), "tenant-a", "acct", Report), HttpStatusCode.Forbidden);
        await AssertProblem(await PatchAsync(_app.ClientWithKey(AdminKey), "tenant-a", "acct", Report), HttpStatusCode.Forbidden);
        await AssertProblem(await _app.ClientWithKey(ConnectorKey).GetAsync("/api/tenants/tenant-a/connections"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientWithKey(AdminKey).GetAsync("/api/tenants/tenant-a/connections")).StatusCode);
    }

    [Fact]
    public async Task ATenantScopedReaderSeesItsTenantButNotCrossTenantProviderHealth()
    {
        var scoped = _app.ClientWithKey(ScopedSupportKey);

        Assert.Equal(HttpStatusCode.OK, (await scoped.GetAsync($"/api/tenants/{ScopedTenant}/connections")).StatusCode);
        await AssertProblem(await scoped.GetAsync("/api/tenants/tenant-a/connections"), HttpStatusCode.Forbidden);
        await AssertProblem(await scoped.GetAsync("/api/channels/health"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientWithKey(SupportKey).GetAsync("/api/channels/health")).StatusCode);
    }

    [Fact]
    public async Task AConnectorLimitedToAChannelReportsOnlyOnIt()
    {
        var line = _app.ClientWithKey(LineConnectorKey);
        object Report(string? channel) => new { status = "connected", checkedAt = DateTimeOffset.UtcNow.ToString("O"), channel };

        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(line, "tenant-a", "line-1", Report("line"))).StatusCode);
        await AssertProblem(await PatchAsync(line, "tenant-a", "fb-1", Report("facebook")), HttpStatusCode.Forbidden);
        await AssertProblem(await PatchAsync(line, "tenant-a", "x-1", Report(null)), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.ClientWithKey(SupportKey).GetAsync("/api/tenants/tenant-a/connections/fb-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(_app.ClientWithKey(ConnectorKey), "tenant-a", "fb-1", Report("facebook"))).StatusCode);
    }

    [Fact]
    public async Task AChannelLimitIsDecidedByTheAccountsStoredChannelNotTheReportsChannelField()
    {
        var line = _app.ClientWithKey(LineConnectorKey);
        var support = _app.ClientWithKey(SupportKey);
        object Report(string status, string? channel) => status == "error"
            ? new { status, checkedAt = DateTimeOffset.UtcNow.ToString("O"), errorCategory = "auth_error", channel }
            : new { status, checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), channel };
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(_app.ClientWithKey(ConnectorKey), "tenant-c", "fb-1", Report("connected", "facebook"))).StatusCode);
        var before = (await support.GetAsync("/api/tenants/tenant-c/connections/fb-1")).Headers.ETag;

        await AssertProblem(await PatchAsync(line, "tenant-c", "fb-1", Report("error", "line")), HttpStatusCode.Forbidden);
        await AssertProblem(await PatchAsync(line, "tenant-c", "fb-1", Report("error", null)), HttpStatusCode.Forbidden);

        // The row is untouched: same ETag, still a facebook account, still connected.
        var after = await support.GetAsync("/api/tenants/tenant-c/connections/fb-1");
        Assert.Equal(before, after.Headers.ETag);
        var stored = await after.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("facebook", "connected"), (stored.GetProperty("channel").GetString(), stored.GetProperty("status").GetString()));
        var facebook = await support.GetFromJsonAsync<JsonElement>("/api/tenants/tenant-c/connections?channel=facebook");
        Assert.Equal("fb-1", Assert.Single(facebook.GetProperty("items").EnumerateArray()).GetProperty("channelAccountId").GetString());
    }

    [Fact]
    public async Task AChannelLimitedKeyCreatesAnAccountOnlyByNamingItsChannelAndThenNeedNotNameIt()
    {
        var line = _app.ClientWithKey(LineConnectorKey);
        object Report(string? channel) => new { status = "connected", checkedAt = DateTimeOffset.UtcNow.ToString("O"), channel };

        await AssertProblem(await PatchAsync(line, "tenant-c", "new-1", Report(null)), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(line, "tenant-c", "new-1", Report("line"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(line, "tenant-c", "new-1", Report(null))).StatusCode);
        await AssertProblem(await PatchAsync(line, "tenant-c", "new-1", Report("facebook")), HttpStatusCode.Forbidden);
        var stored = await _app.ClientWithKey(SupportKey).GetFromJsonAsync<JsonElement>("/api/tenants/tenant-c/connections/new-1");
        Assert.Equal("line", stored.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task TenantScopedKeyOnlyReachesItsTenant()
    {
        var scoped = _app.ClientWithKey(ScopedConnectorKey);

        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(scoped, ScopedTenant, "acct", Report)).StatusCode);
        await AssertProblem(await PatchAsync(scoped, "tenant-a", "acct", Report), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.ClientWithKey(SupportKey).GetAsync("/api/tenants/tenant-a/connections/acct")).StatusCode);
    }
}
