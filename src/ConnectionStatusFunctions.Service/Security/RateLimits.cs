using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Security;

/// <summary>
/// Token buckets per caller and per client address, in memory: each instance limits what reaches
/// it, so the whole app allows up to that many times its instance count. A bucket that has been
/// full for a while is dropped (the partitioned limiter's own eviction), so a flood of addresses
/// costs memory only while they are active. They run on real time (System.Threading.RateLimiting
/// has no TimeProvider).
/// </summary>
public sealed class RateLimits : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<string> _callers;
    private readonly PartitionedRateLimiter<string> _addresses;
    private long _bucketsCreated;

    public RateLimits(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _callers = PartitionedRateLimiter.Create<string, string>(caller => Partition(caller, _options.PerCallerBurst, _options.PerCallerPerSecond));
        _addresses = PartitionedRateLimiter.Create<string, string>(address => Partition(address, _options.FailedAuthPerMinute, _options.FailedAuthPerMinute / 60.0));
    }

    /// <summary>How many buckets have been made: a bucket dropped while idle is made again when its caller comes back.</summary>
    internal long BucketsCreated => Interlocked.Read(ref _bucketsCreated);

    /// <summary>Whether this address has failed key checks past its budget: then its keys are not even checked.</summary>
    public bool IsAddressBlocked(string address) => _addresses.GetStatistics(address)?.CurrentAvailablePermits <= 0;

    /// <summary>Counts one failed key check against the caller's address.</summary>
    public void FailedAuthentication(string address) => _addresses.AttemptAcquire(address).Dispose();

    /// <summary>Takes one request from the caller's budget; false when it is spent.</summary>
    public bool TryTake(string caller)
    {
        using var lease = _callers.AttemptAcquire(caller);
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

    public TimeSpan CallerRetryAfter => TimeSpan.FromSeconds(1 / _options.PerCallerPerSecond);

    public static TimeSpan AddressRetryAfter => TimeSpan.FromMinutes(1);

    public void Dispose()
    {
        _callers.Dispose();
        _addresses.Dispose();
    }

    private RateLimitPartition<string> Partition(string key, int capacity, double perSecond) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ =>
        {
            Interlocked.Increment(ref _bucketsCreated);
            // Refill every 100 ms by the share of a second, or once a second for slow rates.
            var period = perSecond >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(1 / perSecond)));
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = capacity,
                TokensPerPeriod = Math.Max(1, (int)Math.Round(perSecond * period.TotalSeconds)),
                ReplenishmentPeriod = period,
                QueueLimit = 0,
            };
        });

    /// <summary>
    /// The caller's address, as ASP.NET Core's forwarded-headers handling takes it: walk
    /// X-Forwarded-For from the right, one entry per trusted proxy, stopping at an entry that is
    /// not an address (App Service writes ip:port; IPv6 comes with or without brackets and port).
    /// Entries left of the trusted ones are whatever the caller wrote, so they are never read.
    /// An IPv6 caller is counted by its /64, the block one subscriber is usually given.
    /// </summary>
    public string ClientAddress(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var address = http.Connection.RemoteIpAddress;
        if (_options.TrustedProxyHops > 0)
        {
            var entries = http.Request.Headers["X-Forwarded-For"]
                .SelectMany(value => (value ?? string.Empty).Split(','))
                .Select(entry => entry.Trim())
                .ToList();
            for (var hop = 1; hop <= _options.TrustedProxyHops && hop <= entries.Count; hop++)
            {
                if (ParseEntry(entries[^hop]) is not { } forwarded)
                {
                    break;
                }

                address = forwarded;
            }
        }

        return Bucket(address);
    }

    private static IPAddress? ParseEntry(string entry) =>
        IPEndPoint.TryParse(entry, out var endpoint) ? endpoint.Address
        : IPAddress.TryParse(entry, out var address) ? address
        : null;

    private static string Bucket(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
