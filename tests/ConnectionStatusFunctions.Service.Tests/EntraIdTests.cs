using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Bearer tokens from an OpenID provider beside the API keys, against a provider on 127.0.0.1.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EntraIdTests(Azurite azurite) : IAsyncLifetime
{
    private FakeIdentityProvider _provider = null!;
    private StatusApplication _app = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeIdentityProvider.StartAsync();
        _app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["EntraId:Authority"] = _provider.Issuer,
            ["EntraId:Audience"] = FakeIdentityProvider.Audience,
        });
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _provider.DisposeAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await _app.CreateClient().SendAsync(request);
    }

    private static object Report => new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O") };

    [Fact]
    public async Task ValidTokensCarryTheirRolesAndTenants()
    {
        var connector = _provider.Mint([Roles.Connector], ["tenant-e"]);
        var support = _provider.Mint([Roles.Support], ["*"]);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Patch, "/api/tenants/tenant-e/connections/acct", connector, Report)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Patch, "/api/tenants/tenant-other/connections/acct", connector, Report)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/tenants/tenant-e/connections", connector)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/tenants/tenant-e/connections", support)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/channels/health", support)).StatusCode);
        // API keys keep working beside tokens.
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientWithKey(SupportKey).GetAsync("/api/tenants/tenant-e/connections")).StatusCode);
    }

    [Fact]
    public async Task AChannelsClaimLimitsAConnectorTokenToThoseChannels()
    {
        var token = _provider.Mint([Roles.Connector], ["tenant-e"], channels: ["shopee"]);
        object Report(string channel) => new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), channel };

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Patch, "/api/tenants/tenant-e/connections/s-1", token, Report("shopee"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Patch, "/api/tenants/tenant-e/connections/l-1", token, Report("line"))).StatusCode);
    }

    [Fact]
    public async Task ATenantAdminReadsItsOwnTenantOnly()
    {
        var own = _provider.Mint([Roles.TenantAdmin], ["tenant-e"]);
        var claimsAll = _provider.Mint([Roles.TenantAdmin], ["*"]);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/tenants/tenant-e/connections", own)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/tenants/tenant-other/connections", own)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/channels/health", own)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Patch, "/api/tenants/tenant-e/connections/acct", own, Report)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/tenants/tenant-e/connections", claimsAll)).StatusCode);
    }

    [Fact]
    public async Task TokensThatMustNotPassAre401Problems()
    {
        var bad = new Dictionary<string, string>
        {
            ["expired"] = _provider.Mint([Roles.Support], ["*"], expiresIn: TimeSpan.FromMinutes(-10)),
            ["wrong audience"] = _provider.Mint([Roles.Support], ["*"], audience: "api://someone-else"),
            ["wrong issuer"] = _provider.Mint([Roles.Support], ["*"], issuer: "https://login.example.com/other/v2.0"),
            ["unsigned"] = _provider.Mint([Roles.Support], ["*"], withoutSignature: true),
            ["wrong key"] = _provider.Mint([Roles.Support], ["*"], signingKey: FakeIdentityProvider.OtherKey()),
            ["not a token"] = "not-a-token",
        };

        foreach (var (name, token) in bad)
        {
            var response = await SendAsync(HttpMethod.Get, "/api/tenants/tenant-e/connections", token);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(401, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }
}
