using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Security;

/// <summary>How much one caller may ask, and how many failed key checks one address may make.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Requests per second each API key may sustain...</summary>
    public double PerCallerPerSecond { get; set; } = 100;

    /// <summary>...with bursts of up to this many.</summary>
    public int PerCallerBurst { get; set; } = 1000;

    /// <summary>Failed key checks per minute from one client address; past it the address is answered 429 until the minute refills.</summary>
    public int FailedAuthPerMinute { get; set; } = 30;

    public IEnumerable<string> Validate()
    {
        if (PerCallerPerSecond is < 0.01 or > 100_000 || double.IsNaN(PerCallerPerSecond))
        {
            yield return $"{SectionName}:PerCallerPerSecond must be between 0.01 and 100000.";
        }

        if (PerCallerBurst is < 1 or > 1_000_000)
        {
            yield return $"{SectionName}:PerCallerBurst must be between 1 and 1000000.";
        }

        if (FailedAuthPerMinute is < 1 or > 100_000)
        {
            yield return $"{SectionName}:FailedAuthPerMinute must be between 1 and 100000.";
        }
    }
}

/// <summary>
/// Token buckets per API key and per client address, in memory: each instance limits what reaches
/// it, so the whole app allows up to that many times its instance count. They run on real time
/// (System.Threading.RateLimiting has no TimeProvider), and a caller is its key's name.
/// </summary>
public sealed class RateLimits(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _callers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _addresses = new(StringComparer.Ordinal);

    /// <summary>Whether this address has failed key checks past its budget: then its keys are not even checked.</summary>
    public bool IsAddressBlocked(HttpContext http) => AddressBucket(http).GetStatistics()?.CurrentAvailablePermits <= 0;

    /// <summary>Counts one failed key check against the caller's address.</summary>
    public void FailedAuthentication(HttpContext http) => AddressBucket(http).AttemptAcquire().Dispose();

    /// <summary>Takes one request from the caller's budget; false when it is spent.</summary>
    public bool TryTake(string caller)
    {
        using var lease = _callers.GetOrAdd(caller, _ => Bucket(options.Value.PerCallerBurst, options.Value.PerCallerPerSecond)).AttemptAcquire();
        return lease.IsAcquired;
    }

    /// <summary>Where 429 is defined; ASP.NET Core's problem defaults have no type for it.</summary>
    public const string ProblemType = "https://tools.ietf.org/html/rfc6585#section-4";

    public static ProblemHttpResult TooManyRequests(HttpContext http, TimeSpan retryAfter, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.", detail: detail, type: ProblemType);
    }

    public TimeSpan CallerRetryAfter => TimeSpan.FromSeconds(1 / options.Value.PerCallerPerSecond);

    public static TimeSpan AddressRetryAfter => TimeSpan.FromMinutes(1);

    public void Dispose()
    {
        foreach (var bucket in _callers.Values.Concat(_addresses.Values))
        {
            bucket.Dispose();
        }
    }

    private TokenBucketRateLimiter AddressBucket(HttpContext http) =>
        _addresses.GetOrAdd(ClientAddress(http), _ => Bucket(options.Value.FailedAuthPerMinute, options.Value.FailedAuthPerMinute / 60.0));

    private static TokenBucketRateLimiter Bucket(int capacity, double perSecond)
    {
        // Refill every 100 ms by the share of a second, or once a second for slow rates.
        var period = perSecond >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(1 / perSecond)));
        var tokens = Math.Max(1, (int)Math.Round(perSecond * period.TotalSeconds));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = capacity,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// The caller's address. Behind the Functions host the peer is the host on this machine, which
    /// names the caller in X-Forwarded-For; that header is believed only from a loopback peer.
    /// </summary>
    public static string ClientAddress(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var peer = http.Connection.RemoteIpAddress;
        if ((peer is null || IPAddress.IsLoopback(peer))
            && http.Request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim() is { Length: > 0 } forwarded
            && IPAddress.TryParse(forwarded.Split(':')[0], out var client))
        {
            return client.ToString();
        }

        return peer?.ToString() ?? "unknown";
    }
}
