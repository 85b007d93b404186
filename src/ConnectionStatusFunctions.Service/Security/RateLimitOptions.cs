using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Security;

/// <summary>How much one caller may ask, and how many failed key checks one address may make.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Requests per second each API key may sustain, in hundredths (0.01 to 100000)...</summary>
    [Range(0.01, 100_000)]
    public double PerCallerPerSecond { get; set; } = 100;

    /// <summary>...with bursts of up to this many.</summary>
    [Range(1, 1_000_000)]
    public int PerCallerBurst { get; set; } = 1000;

    /// <summary>Failed key checks per minute from one client address; past it the address is answered 429 until the minute refills.</summary>
    [Range(1, 100_000)]
    public int FailedAuthPerMinute { get; set; } = 30;

    /// <summary>
    /// Proxies in front of the app that each append the address they were called from to
    /// X-Forwarded-For: the client is that many entries from the right. 0 (the standalone host's
    /// default, for a host that is called directly) ignores the header; the Functions app defaults
    /// to 1, the platform's front end.
    /// </summary>
    [Range(0, 10)]
    public int TrustedProxyHops { get; set; }

    /// <summary>What the Functions app assumes when the setting is absent: Azure's front end appends one entry, the host passes it on.</summary>
    public const int FunctionsFrontEndHops = 1;

    /// <summary>A per-second rate in whole hundredths, the resolution the setting is read at (0.29 is 29, not 28.999...).</summary>
    public static long Hundredths(double perSecond) => (long)Math.Round(perSecond * 100, MidpointRounding.AwayFromZero);

    public IEnumerable<string> Validate()
    {
        // Out of range is the annotation's to say.
        if (PerCallerPerSecond is >= 0.01 and <= 100_000 && Math.Abs((PerCallerPerSecond * 100) - Hundredths(PerCallerPerSecond)) > 1e-6)
        {
            // The bucket refills a whole number of tokens per 100 s, so that the rate is exactly the one set.
            yield return $"{SectionName}:PerCallerPerSecond must be a whole number of hundredths (such as 0.5 or 12.25).";
        }
    }
}

/// <summary>Checks <see cref="RateLimitOptions"/>' range annotations; written by the options source generator.</summary>
[OptionsValidator]
internal sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
