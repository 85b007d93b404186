using System.Net;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Per-key request budgets and per-address budgets for failed key checks, each answered 429 with Retry-After.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RateLimitTests(Azurite azurite)
{
    private StatusApplication App(params (string Key, string Value)[] limits) =>
        new(azurite.ConnectionString, settings: limits.ToDictionary(l => $"RateLimits:{l.Key}", l => (string?)l.Value));

    [Fact]
    public async Task AKeyPastItsBurstIsAnswered429AndOtherKeysAreNot()
    {
        // A burst of 3, refilled at one request per 100 s: the fourth request in a row is over.
        using var app = App(("PerCallerBurst", "3"), ("PerCallerPerSecond", "0.01"));
        var support = app.ClientWithKey(SupportKey);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await support.GetAsync("/api/tenants/tenant-rl/connections")).StatusCode);
        }

        var limited = await support.GetAsync("/api/tenants/tenant-rl/connections");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(AdminKey).GetAsync("/api/tenants/tenant-rl/connections")).StatusCode);
    }

    [Fact]
    public async Task AnAddressPastItsFailedKeyChecksIsAnswered429WithoutCheckingMoreKeys()
    {
        using var app = App(("FailedAuthPerMinute", "3"));
        var guesser = app.ClientWithKey("guess");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/tenants/tenant-rl/connections")).StatusCode);
        }

        var blocked = await guesser.GetAsync("/api/tenants/tenant-rl/connections");
        var evenAValidKey = await app.ClientWithKey(SupportKey).GetAsync("/api/tenants/tenant-rl/connections");

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), blocked.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, evenAValidKey.StatusCode); // same address: keys are not checked for a while
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(null).GetAsync("/api/healthz")).StatusCode);
    }

    [Fact]
    public async Task AddressesAreCountedApart()
    {
        using var app = App(("FailedAuthPerMinute", "1"));

        async Task<HttpStatusCode> From(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenants/tenant-rl/connections");
            request.Headers.Add("X-Api-Key", "guess");
            // The test server's peer is local, as the Functions host is: it names the caller.
            request.Headers.Add("X-Forwarded-For", address);
            return (await app.CreateClient().SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await From("203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await From("203.0.113.7"));
        Assert.Equal(HttpStatusCode.Unauthorized, await From("198.51.100.9"));
    }
}
