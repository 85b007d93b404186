using System.Buffers.Binary;
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
        var callerBucket = CallerBucket(_options);
        var addressBucket = AddressBucket(_options);
        _callers = PartitionedRateLimiter.Create<string, string>(caller => Partition(caller, callerBucket));
        _addresses = PartitionedRateLimiter.Create<string, string>(address => Partition(address, addressBucket));
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

    private RateLimitPartition<string> Partition(string key, TokenBucketRateLimiterOptions options) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ =>
        {
            Interlocked.Increment(ref _bucketsCreated);
            return options;
        });

    /// <summary>One caller's bucket: PerCallerBurst deep, refilled at PerCallerPerSecond (whole hundredths, as validated).</summary>
    internal static TokenBucketRateLimiterOptions CallerBucket(RateLimitOptions options) =>
        Bucket(options.PerCallerBurst, RateLimitOptions.Hundredths(options.PerCallerPerSecond), TimeSpan.FromSeconds(100));

    /// <summary>One address's bucket of failed key checks: FailedAuthPerMinute deep, refilled at FailedAuthPerMinute a minute.</summary>
    internal static TokenBucketRateLimiterOptions AddressBucket(RateLimitOptions options) =>
        Bucket(options.FailedAuthPerMinute, options.FailedAuthPerMinute, TimeSpan.FromMinutes(1));

    /// <summary>
    /// A bucket that refills exactly <paramref name="tokens"/> every <paramref name="period"/>. The
    /// partitioned limiter refills each bucket continuously, every 100 ms, by the time passed times
    /// TokensPerPeriod / ReplenishmentPeriod, so only that ratio matters: both stay whole numbers
    /// rather than a share of a second rounded to a token (45 a minute refilled 60, 100 refilled 120).
    /// </summary>
    private static TokenBucketRateLimiterOptions Bucket(int capacity, long tokens, TimeSpan period) => new()
    {
        TokenLimit = capacity,
        TokensPerPeriod = checked((int)tokens),
        ReplenishmentPeriod = period,
        QueueLimit = 0,
    };

    /// <summary>
    /// The caller's address, as ASP.NET Core's forwarded-headers handling takes it: walk
    /// X-Forwarded-For from the right, one entry per trusted proxy, stopping at an entry that is
    /// not an address (App Service writes ip:port; IPv6 comes with or without brackets and port).
    /// Entries left of the trusted ones are whatever the caller wrote, so they are never read.
    /// An IPv6 caller is counted by its /64, the block one subscriber is usually given, unless its
    /// address carries an IPv4 client's (<see cref="EmbeddedIPv4"/>): then by that IPv4 address.
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

    internal static string Bucket(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        if (EmbeddedIPv4(address) is { } ipv4)
        {
            return ipv4.ToString();
        }

        var bytes = address.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>
    /// The IPv4 client an IPv6 address stands for, when it is one of the forms that carry it:
    /// IPv4-mapped (::ffff:a.b.c.d), NAT64's well-known prefix (64:ff9b::a.b.c.d), IPv4-compatible
    /// (::a.b.c.d, not :: or ::1), 6to4 (2002:a.b.c.d::/48, a site behind one IPv4 address) and
    /// Teredo (2001:0::/32, the client's address inverted in the last 32 bits). Their /64 is a
    /// gateway's or a relay's, shared by every IPv4 client behind it: counted by it, one client's
    /// failed keys would lock all the others out. A local NAT64 prefix (64:ff9b:1::/48) places the
    /// address where its network chooses, so it stays counted by its /64.
    /// </summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        ReadOnlySpan<byte> bytes = address.GetAddressBytes();
        var last32 = bytes[12..];
        var zeroUpTo96 = bytes[..12].IndexOfAnyExcept((byte)0) < 0;
        if (address.IsIPv4MappedToIPv6 || bytes[..12].SequenceEqual(Nat64WellKnownPrefix) || (zeroUpTo96 && BinaryPrimitives.ReadUInt32BigEndian(last32) > 1))
        {
            return new IPAddress(last32);
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return new IPAddress(bytes[2..6]);
        }

        if (address.IsIPv6Teredo)
        {
            var client = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(client, ~BinaryPrimitives.ReadUInt32BigEndian(last32));
            return new IPAddress(client);
        }

        return null;
    }

    private static readonly byte[] Nat64WellKnownPrefix = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
}
