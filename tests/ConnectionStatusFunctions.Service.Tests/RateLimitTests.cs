using System.Net;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Per-key request budgets and per-address budgets for failed key checks, each answered 429 with Retry-After.</summary>
public sealed class RateLimitTests(Azurite azurite) : IClassFixture<Azurite>
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

    /// <summary>A request with a wrong key, as a proxy would pass it on: the X-Forwarded-For header as the proxy leaves it.</summary>
    private static async Task<HttpStatusCode> From(StatusApplication app, string forwardedFor, string key = "guess")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenants/tenant-rl/connections");
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await app.CreateClient().SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task AddressesAreCountedApartBehindATrustedProxy()
    {
        using var app = App(("FailedAuthPerMinute", "1"), ("TrustedProxyHops", "1"));

        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await From(app, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "198.51.100.9"));
    }

    [Fact]
    public async Task ForgedForwardedForEntriesNeitherEscapeTheFailedKeyLimitNorLockOutTheirVictim()
    {
        using var app = App(("FailedAuthPerMinute", "3"), ("TrustedProxyHops", "1"));
        const string Attacker = "198.51.100.66";
        const string Victim = "203.0.113.7";

        // The attacker writes a new address each time; the proxy appends the address it really came from.
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await From(app, $"192.0.2.{i}, {Victim}, {Attacker}"));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 3), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)], answers);
        Assert.Equal(HttpStatusCode.OK, await From(app, Victim, SupportKey));
    }

    [Fact]
    public async Task ADirectlyExposedStandaloneHostIgnoresForwardedFor()
    {
        // The default: no proxy is trusted, so the header is the caller's own writing and the peer counts.
        using var app = App(("FailedAuthPerMinute", "2"));

        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "192.0.2.1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "192.0.2.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await From(app, "192.0.2.3"));
    }

    [Fact]
    public async Task ForwardedAddressesWithPortsAndIPv6AreParsedWhole()
    {
        using var app = App(("FailedAuthPerMinute", "1"), ("TrustedProxyHops", "1"));

        // App Service writes ip:port; the port changes from connection to connection.
        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "203.0.113.7:51234"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await From(app, "203.0.113.7:40022"));

        // IPv6 with brackets and port, and bare; counted per /64, never cut at the first colon.
        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "[2001:db8::dead]:443"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await From(app, "2001:db8::beef"));
        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "2001:4860::8888"));
        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "[2001:db9::1]"));
    }

    [Fact]
    public async Task IPv4ClientsReachingUsThroughNat64AreCountedApart()
    {
        using var app = App(("FailedAuthPerMinute", "1"), ("TrustedProxyHops", "1"));

        // Every IPv4 client behind a NAT64 gateway lies in one /64: counted by it, one would lock out all.
        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "64:ff9b::203.0.113.7"));
        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "64:ff9b::198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await From(app, "[64:ff9b::cb00:7107]:443"));
        // The same client without the gateway is the same client.
        Assert.Equal(HttpStatusCode.TooManyRequests, await From(app, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "::192.0.2.10"));
        Assert.Equal(HttpStatusCode.Unauthorized, await From(app, "::192.0.2.11"));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")] // IPv4-mapped
    [InlineData("64:ff9b::203.0.113.7", "203.0.113.7")] // NAT64, the well-known prefix
    [InlineData("64:ff9b::cb00:7107", "203.0.113.7")]
    [InlineData("::203.0.113.7", "203.0.113.7")] // IPv4-compatible
    [InlineData("::0.0.1.0", "0.0.1.0")]
    [InlineData("2002:cb00:7107::1", "203.0.113.7")] // 6to4: the site's IPv4 address
    [InlineData("2002:cb00:7107:5::2", "203.0.113.7")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "192.0.2.45")] // Teredo: the client's address, inverted, in the last 32 bits
    [InlineData("::", "::/64")] // unspecified and loopback are no IPv4 client
    [InlineData("::1", "::/64")]
    [InlineData("2001:db8::dead", "2001:db8::/64")]
    [InlineData("2001:db8:0:1:64:ff9b:cb00:7107", "2001:db8:0:1::/64")] // an IPv4 address as the interface id counts for nothing
    [InlineData("64:ff9b:1::cb00:7107", "64:ff9b:1::/64")] // a local NAT64 prefix: where it puts the IPv4 address is the network's choice
    public void AClientIsCountedByItsIPv4AddressWheneverItsIPv6AddressCarriesOne(string address, string bucket) =>
        Assert.Equal(bucket, Security.RateLimits.Bucket(IPAddress.Parse(address)));

    [Fact]
    public void EveryAllowedFailedKeyRateRefillsExactlyThatManyAMinute()
    {
        // The partitioned limiter refills continuously at TokensPerPeriod / ReplenishmentPeriod.
        var wrong = new List<string>();
        for (var perMinute = 1; perMinute <= 100_000; perMinute++)
        {
            var bucket = Security.RateLimits.AddressBucket(new Security.RateLimitOptions { FailedAuthPerMinute = perMinute });
            if (bucket.TokenLimit != perMinute || (long)bucket.TokensPerPeriod * TimeSpan.TicksPerMinute != (long)perMinute * bucket.ReplenishmentPeriod.Ticks)
            {
                wrong.Add($"{perMinute}: {bucket.TokensPerPeriod} per {bucket.ReplenishmentPeriod}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} rates refill wrongly, e.g. {string.Join("; ", wrong.Take(5))}");
    }

    [Theory]
    [InlineData("0.01")]
    [InlineData("0.3")]
    [InlineData("0.75")]
    [InlineData("2.5")]
    [InlineData("15")]
    [InlineData("33.33")]
    [InlineData("100")]
    [InlineData("123.45")]
    [InlineData("99999.99")]
    [InlineData("100000")]
    public void APerCallerRateRefillsExactlyThatManyASecond(string perSecond)
    {
        var hundredths = (long)(decimal.Parse(perSecond, System.Globalization.CultureInfo.InvariantCulture) * 100);

        var bucket = Security.RateLimits.CallerBucket(new Security.RateLimitOptions { PerCallerPerSecond = double.Parse(perSecond, System.Globalization.CultureInfo.InvariantCulture), PerCallerBurst = 7 });

        Assert.Equal(7, bucket.TokenLimit);
        // TokensPerPeriod / ReplenishmentPeriod == hundredths / 100 s, in whole numbers.
        Assert.Equal(hundredths * bucket.ReplenishmentPeriod.Ticks, bucket.TokensPerPeriod * 100 * TimeSpan.TicksPerSecond);
    }

    [Fact]
    public async Task IdleBucketsAreDropped()
    {
        // 600 a minute refills one failure within a second; a full bucket then idles until the limiter drops it.
        using var limits = new Security.RateLimits(Microsoft.Extensions.Options.Options.Create(new Security.RateLimitOptions { FailedAuthPerMinute = 600 }));
        limits.FailedAuthentication("203.0.113.7");
        Assert.Equal(1, limits.BucketsCreated);

        // Asking for an address's statistics makes its bucket again once the old one is gone.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (limits.BucketsCreated == 1 && DateTime.UtcNow < deadline)
        {
            Assert.False(limits.IsAddressBlocked("203.0.113.7"));
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        Assert.Equal(2, limits.BucketsCreated);
    }
}
