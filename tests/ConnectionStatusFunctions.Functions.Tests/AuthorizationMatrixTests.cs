using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Security;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Functions.Tests;

/// <summary>
/// Every route x every credential (API keys and Entra ID bearer tokens) x own and other tenant,
/// generated from one table of who may do what, sent to both hosts: each answer must be the one the
/// table expects, and the same in both.
/// </summary>
public sealed class AuthorizationMatrixTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string OtherTenant = "tenant-other";

    /// <summary>The credentials: a key's or a token's role and tenant scope, or none, or one that is not valid.</summary>
    private static readonly (string Name, string? Key, string? Role, string? Scope)[] Credentials =
    [
        ("token connector scoped", "token:" + Roles.Connector + ":" + ScopedTenant, Roles.Connector, ScopedTenant),
        ("token support *", "token:" + Roles.Support + ":*", Roles.Support, Policies.EveryTenant),
        ("token tenant_admin scoped", "token:" + Roles.TenantAdmin + ":" + ScopedTenant, Roles.TenantAdmin, ScopedTenant),
        ("token admin scoped", "token:" + Roles.Admin + ":" + ScopedTenant, Roles.Admin, ScopedTenant),
        ("token expired", "token:expired", null, null),
        ("connector *", ConnectorKey, Roles.Connector, Policies.EveryTenant),
        ("support *", SupportKey, Roles.Support, Policies.EveryTenant),
        ("admin *", AdminKey, Roles.Admin, Policies.EveryTenant),
        ("connector scoped", ScopedConnectorKey, Roles.Connector, ScopedTenant),
        ("support scoped", ScopedSupportKey, Roles.Support, ScopedTenant),
        ("missing", null, null, null),
        ("invalid", "not-a-key", null, null),
    ];

    /// <summary>The one table: which roles each route's policy admits.</summary>
    private static readonly Dictionary<string, string[]> RolesByPolicy = new()
    {
        [Policies.ReportStatus] = [Roles.Connector],
        [Policies.ReadStatus] = [Roles.Support, Roles.Admin, Roles.TenantAdmin],
        [Policies.ManageWebhooks] = [Roles.Admin, Roles.TenantAdmin],
        [Policies.ManageConnections] = [Roles.Admin, Roles.TenantAdmin],
        [Policies.ManageTenants] = [Roles.Admin],
    };

    /// <summary>
    /// What a caller who may call the route gets: its success, or for a webhook route the answer to
    /// the request the matrix sends (an empty subscription, an unknown one). The tenant routes come
    /// last in the table: the DELETE accepted, every route before them has been sent already.
    /// </summary>
    private static int Allowed(StatusRoute route) => route.Name switch
    {
        StatusRoutes.DeleteTenantName => 202,
        StatusRoutes.CreateWebhookName => 400,
        StatusRoutes.GetWebhookName or StatusRoutes.DeleteWebhookName or StatusRoutes.DeleteConnectionName => 404,
        _ => 200,
    };

    private static int Expected(StatusRoute route, string? role, string? scope, string tenant)
    {
        if (route.Policy is null)
        {
            return 200;
        }

        if (role is null)
        {
            return 401;
        }

        var mayCall = RolesByPolicy[route.Policy].Contains(role);
        var inScope = scope == Policies.EveryTenant || (!route.EveryTenant && (!route.Template.Contains("{tenantId}", StringComparison.Ordinal) || scope == tenant));
        return mayCall && inScope ? Allowed(route) : 403;
    }

    // A deletion asks for an account never reported, so that each allowed caller gets the same 404 and acct-1 stays for the reads.
    private static string PathOf(StatusRoute route, string tenant) =>
        "/" + route.Template.Replace("{tenantId}", tenant, StringComparison.Ordinal).Replace("{channelAccountId}", route.Name == StatusRoutes.DeleteConnectionName ? "acct-never" : "acct-1", StringComparison.Ordinal).Replace("{subscriptionId}", new string('0', 32), StringComparison.Ordinal)
        + (route.Name == StatusRoutes.DeleteTenantName ? "?confirm=" + tenant : "");

    [Fact]
    public async Task EveryRoleOnEveryRouteInBothHostsGetsWhatTheTableSays()
    {
        await using var provider = await FakeIdentityProvider.StartAsync();
        var entraId = new Dictionary<string, string?>
        {
            ["EntraId:Authority"] = provider.Issuer,
            ["EntraId:Audience"] = FakeIdentityProvider.Audience,
            // The matrix fails authentication on purpose 30 times per host: not what the address budget is about.
            ["RateLimits:FailedAuthPerMinute"] = "1000",
        };
        using var standalone = new StatusApplication(azurite.ConnectionString, settings: entraId);
        using var functionsStorage = new StatusApplication(azurite.ConnectionString, settings: entraId);
        using var functions = new FunctionsHarness(functionsStorage.Settings);
        string? TokenFor(string? credential) => credential switch
        {
            "token:expired" => provider.Mint([Roles.Support], ["*"], expiresIn: TimeSpan.FromMinutes(-10)),
            ['t', 'o', 'k', 'e', 'n', ':', ..] => provider.Mint([credential.Split(':')[1]], [credential.Split(':')[2]]),
            _ => null,
        };
        var body = new JsonObject { ["status"] = "connected", ["checkedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O") }.ToJsonString();

        // Every account asked for exists in both hosts, so an allowed read is a 200.
        foreach (var tenant in new[] { ScopedTenant, OtherTenant })
        {
            Assert.Equal(200, (await functions.SendAsync("PATCH", $"/api/tenants/{tenant}/connections/acct-1", ConnectorKey, body)).Status);
            using var seed = new HttpRequestMessage(HttpMethod.Patch, $"/api/tenants/{tenant}/connections/acct-1") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            seed.Headers.Add("X-Api-Key", ConnectorKey);
            Assert.Equal(200, (int)(await standalone.CreateClient().SendAsync(seed)).StatusCode);
        }

        var failures = new List<string>();
        var cases = 0;
        foreach (var route in StatusRoutes.Api)
        {
            foreach (var (name, key, role, scope) in Credentials)
            {
                foreach (var tenant in new[] { ScopedTenant, OtherTenant })
                {
                    var path = PathOf(route, tenant);
                    var json = route.Method == Microsoft.AspNetCore.Http.HttpMethods.Patch ? body : route.Method == Microsoft.AspNetCore.Http.HttpMethods.Post ? "{}" : null;
                    using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
                    var token = TokenFor(key);
                    var apiKey = token is null ? key : null;
                    if (apiKey is not null)
                    {
                        request.Headers.Add("X-Api-Key", apiKey);
                    }

                    if (token is not null)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    }

                    if (json is not null)
                    {
                        request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
                    }

                    var expected = Expected(route, role, scope, tenant);
                    var fromStandalone = (int)(await standalone.CreateClient().SendAsync(request)).StatusCode;
                    var fromFunctions = (await functions.SendAsync(route.Method, path, apiKey, json, token)).Status;
                    cases++;
                    if (fromStandalone != expected || fromFunctions != expected)
                    {
                        failures.Add($"{route.Method} {path} as {name}: expected {expected}, standalone {fromStandalone}, functions {fromFunctions}");
                    }
                }
            }
        }

        Assert.Equal(StatusRoutes.Api.Count * Credentials.Length * 2, cases);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
