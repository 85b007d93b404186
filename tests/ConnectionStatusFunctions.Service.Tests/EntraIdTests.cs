using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Bearer tokens from an OpenID provider beside the API keys, against a provider on 127.0.0.1.</summary>
public sealed class EntraIdTests(Azurite azurite, EntraIdTests.TrustingApp trusting) : IClassFixture<Azurite>, IClassFixture<EntraIdTests.TrustingApp>
{
    private readonly FakeIdentityProvider _provider = trusting.Provider;
    private readonly StatusApplication _app = trusting.App;

    /// <summary>
    /// One provider and one app trusting it for the class: the tests mint tokens of their own and
    /// write only accounts no other test reads, while a provider's key and host cost more than a test.
    /// A test that needs other settings (a tenant claim, a small budget) builds its own pair.
    /// </summary>
    public sealed class TrustingApp : SharedStatusApplication
    {
        private FakeIdentityProvider? _provider;

        public FakeIdentityProvider Provider => _provider ?? throw new InvalidOperationException("The provider is used before xunit initialized the fixture.");

        protected override async Task<StatusApplication> CreateAsync(Azurite azurite)
        {
            _provider = await FakeIdentityProvider.StartAsync();
            return new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
            {
                ["EntraId:Authority"] = _provider.Issuer,
                ["EntraId:Audience"] = FakeIdentityProvider.Audience,
            });
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (_provider is not null)
            {
                await _provider.DisposeAsync();
            }
        }
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

    [Fact]
    public async Task OnlyTheConfiguredTenantClaimGrantsAScope()
    {
        // "tenant" is the access check's own claim name; in a token it is just another claim.
        var namesEveryTenant = _provider.Mint([Roles.Support], [], claims: new Dictionary<string, object?> { ["tenant"] = "*" });
        var namesOneTenant = _provider.Mint([Roles.Support], [], claims: new Dictionary<string, object?> { ["tenant"] = "tenant-e", ["channel_limit"] = "", ["caller"] = "key:support" });

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/tenants/tenant-e/connections", namesEveryTenant)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/channels/health", namesEveryTenant)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/tenants/tenant-e/connections", namesOneTenant)).StatusCode);
    }

    [Fact]
    public async Task AConfiguredTenantClaimIsTheOneThatCounts()
    {
        await using var provider = await FakeIdentityProvider.StartAsync();
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["EntraId:Authority"] = provider.Issuer,
            ["EntraId:Audience"] = FakeIdentityProvider.Audience,
            ["EntraId:TenantClaim"] = "extn.tenants",
        });
        async Task<HttpStatusCode> Read(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenants/tenant-e/connections");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return (await app.CreateClient().SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Read(provider.Mint([Roles.Support], [], claims: new Dictionary<string, object?> { ["extn.tenants"] = new[] { "tenant-e" } })));
        Assert.Equal(HttpStatusCode.Forbidden, await Read(provider.Mint([Roles.Support], ["*"])));
    }

    [Fact]
    public async Task AnEmptyChannelsListGrantsNoChannel()
    {
        var none = _provider.Mint([Roles.Connector], ["tenant-e"], channels: []);
        object Report(string channel) => new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), channel };

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Patch, "/api/tenants/tenant-e/connections/empty-1", none, Report("line"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Patch, "/api/tenants/tenant-e/connections/empty-1", none, Report("other"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.ClientWithKey(SupportKey).GetAsync("/api/tenants/tenant-e/connections/empty-1")).StatusCode);
    }

    [Theory]
    [InlineData("line facebook")]
    [InlineData(" line")]
    [InlineData("LINE")]
    [InlineData("line,facebook")]
    public async Task AChannelsClaimWithAValueThatIsNotOneKnownChannelGrantsNoChannel(string bad)
    {
        // Every value must be exactly one channel name; "line facebook" must not grant facebook (or line).
        var token = _provider.Mint([Roles.Connector], ["tenant-e"], channels: ["line", bad]);
        object Report(string channel) => new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), channel };

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Patch, "/api/tenants/tenant-e/connections/mixed-f", token, Report("facebook"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Patch, "/api/tenants/tenant-e/connections/mixed-l", token, Report("line"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.ClientWithKey(SupportKey).GetAsync("/api/tenants/tenant-e/connections/mixed-f")).StatusCode);
    }

    [Fact]
    public async Task AReaderTokenLimitedToChannelsReadsNothing()
    {
        var token = _provider.Mint([Roles.Support], ["tenant-e"], channels: ["line"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/tenants/tenant-e/connections", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/tenants/tenant-e/connections", _provider.Mint([Roles.Support], ["tenant-e"]))).StatusCode);
    }

    [Fact]
    public async Task ATokenWithCriticalHeadersThisServiceDoesNotUnderstandIsRefused()
    {
        var critical = _provider.Mint([Roles.Support], ["*"], headers: new Dictionary<string, object> { ["crit"] = new[] { "exp-policy" }, ["exp-policy"] = "strict" });

        var response = await SendAsync(HttpMethod.Get, "/api/tenants/tenant-e/connections", critical);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task TokensWithoutSubCountAgainstTheirOwnCallersBudget()
    {
        await using var provider = await FakeIdentityProvider.StartAsync();
        // One request each, refilled once in 100 s.
        using var app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["EntraId:Authority"] = provider.Issuer,
            ["EntraId:Audience"] = FakeIdentityProvider.Audience,
            ["RateLimits:PerCallerBurst"] = "1",
            ["RateLimits:PerCallerPerSecond"] = "0.01",
        });
        string AppToken(string? oid, string? azp) => provider.Mint([Roles.Support], ["*"], claims: new Dictionary<string, object?> { ["sub"] = null, ["oid"] = oid, ["azp"] = azp });
        async Task<HttpStatusCode> Read(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenants/tenant-e/connections");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return (await app.CreateClient().SendAsync(request)).StatusCode;
        }

        var first = AppToken("7d1c0c2e-0000-4000-8000-000000000001", null);
        Assert.Equal(HttpStatusCode.OK, await Read(first));
        Assert.Equal(HttpStatusCode.OK, await Read(AppToken("7d1c0c2e-0000-4000-8000-000000000002", null)));
        Assert.Equal(HttpStatusCode.OK, await Read(AppToken(null, "client-app-3")));
        // A fresh token of the first caller is the same caller.
        Assert.Equal(HttpStatusCode.TooManyRequests, await Read(AppToken("7d1c0c2e-0000-4000-8000-000000000001", "another-client")));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Read(first));
        // A token that names no caller at all is refused, not pooled.
        Assert.Equal(HttpStatusCode.Unauthorized, await Read(AppToken(null, null)));
    }
}
