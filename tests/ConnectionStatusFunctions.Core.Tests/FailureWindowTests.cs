using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

public class FailureWindowTests
{
    [Fact]
    public void FailuresOlderThan24HoursNoLongerCount()
    {
        var window = FailureWindow.Empty.AddFailure(T0).AddFailure(T0.AddHours(1)).AddFailure(T0.AddHours(1));

        Assert.Equal(3, window.CountInLast24Hours(T0.AddHours(2)));
        Assert.Equal(2, window.CountInLast24Hours(T0.AddHours(24)));
        Assert.Equal(0, window.CountInLast24Hours(T0.AddHours(25)));
    }

    [Fact]
    public void AFailureAfterALongQuietSpellStartsAFreshWindow()
    {
        var window = FailureWindow.Empty.AddFailure(T0).AddFailure(T0).AddFailure(T0.AddDays(3));

        Assert.Equal(1, window.CountInLast24Hours(T0.AddDays(3)));
        Assert.Equal(window, FailureWindow.Parse(window.ToString()));
    }

    [Fact]
    public void ThousandsOfFailuresStayInTwentyFourBuckets()
    {
        var window = FailureWindow.Empty;
        for (var i = 0; i < 10_000; i++)
        {
            window = window.AddFailure(T0.AddSeconds(i * 30));
        }

        // The documented window: the 24 whole UTC hours ending with the hour of "now".
        var now = T0.AddSeconds(9_999 * 30);
        static long HourOf(DateTimeOffset t) => t.UtcTicks / TimeSpan.TicksPerHour;
        var expected = Enumerable.Range(0, 10_000).Count(i => HourOf(T0.AddSeconds(i * 30)) > HourOf(now) - 24);
        Assert.Equal(expected, window.CountInLast24Hours(now));
        Assert.True(window.ToString().Split(' ').Length <= FailureWindow.Hours);
    }

    [Fact]
    public void TextFormIsReadableAndRoundTrips()
    {
        var window = FailureWindow.Empty.AddFailure(T0).AddFailure(T0.AddHours(2)).AddFailure(T0.AddHours(2));

        Assert.Equal("2026-11-24T09Z=1 2026-11-24T11Z=2", window.ToString());
        Assert.Equal(window, FailureWindow.Parse(window.ToString()));
        Assert.Equal(FailureWindow.Empty, FailureWindow.Parse(""));
    }

    [Fact]
    public void MalformedTextIsRejected()
    {
        Assert.Throws<FormatException>(() => FailureWindow.Parse("yesterday=3"));
    }

    /// <summary>
    /// The text the service writes is read by a shortcut (every list reads this column of every row);
    /// anything else by the invariant culture's parser. The written form and its near misses are read
    /// as the parser alone read them before the shortcut (<see cref="ReadAsBefore"/>): the same window,
    /// or a refusal.
    /// </summary>
    [Theory]
    [InlineData("2026-11-24T09Z=1 2026-11-24T11Z=2")]
    [InlineData("  2026-11-24T09Z=1   2026-11-24T11Z=2 ")]
    [InlineData("2026-11-24T11Z=2 2026-11-24T09Z=1")]
    [InlineData("2026-11-24T11Z=2 2026-11-24T11Z=5")]
    [InlineData("2026-11-22T09Z=7 2026-11-24T11Z=2")]
    [InlineData("2024-02-29T23Z=65535")]
    [InlineData("0001-01-01T00Z=0")]
    [InlineData("9999-12-31T23Z=1")]
    [InlineData("2026-11-24T09Z=01")]
    [InlineData("2026-11-24T09Z=1\t2026-11-24T11Z=2")]
    [InlineData("2026-11-24T9Z=1")]
    [InlineData("2026-11-24T24Z=1")]
    [InlineData("2026-02-29T09Z=1")]
    [InlineData("2026-13-01T09Z=1")]
    [InlineData("0000-01-01T00Z=1")]
    [InlineData("2026-11-24t09Z=1")]
    [InlineData("2026-11-24T09z=1")]
    [InlineData("2026-11-24T09Z=")]
    [InlineData("2026-11-24T09Z=65536")]
    [InlineData("2026-11-24T09Z=+1")]
    [InlineData("2026-11-24T09Z=1=2")]
    [InlineData("2026-11-24T09Z==1")]
    [InlineData("20261-11-24T09Z=1")]
    [InlineData("２０２６-11-24T09Z=1")]
    [InlineData("2026-11-24T09Z=１")]
    public void TheWrittenFormAndItsNearMissesAreReadAsBefore(string text) => AssertReadAsBefore(text);

    [Fact]
    public void WrittenWindowsAreReadAsBefore()
    {
        var random = SecretRedactorSchemeTests.SeededRandom(nameof(WrittenWindowsAreReadAsBefore));
        for (var i = 0; i < 500; i++)
        {
            var window = FailureWindow.Empty;
            var at = T0.AddHours(random.Next(-50_000, 50_000));
            for (var failures = random.Next(1, 40); failures > 0; failures--)
            {
                at = at.AddMinutes(random.Next(0, 300));
                window = window.AddFailure(at);
            }

            AssertReadAsBefore(window.ToString());
            Assert.Equal(window, FailureWindow.Parse(window.ToString()));
        }
    }

    private static void AssertReadAsBefore(string text)
    {
        FailureWindow? before, now;
        try
        {
            before = ReadAsBefore(text);
        }
        catch (FormatException)
        {
            before = null;
        }

        try
        {
            now = FailureWindow.Parse(text);
        }
        catch (FormatException)
        {
            now = null;
        }

        Assert.Equal(before, now);
        if (before is { } window)
        {
            Assert.Equal(window.NewestHour, now!.Value.NewestHour);
        }
    }

    /// <summary>FailureWindow.Parse as it was before the shortcut: the general reading alone.</summary>
    private static FailureWindow ReadAsBefore(string text) => string.IsNullOrWhiteSpace(text) ? FailureWindow.Empty : FailureWindow.ParseAny(text);

    [Fact]
    public void MoreEntriesThanHoursAreReadAsBefore()
    {
        // A hand-edited cell: 30 hours, each once; the 24 newest are kept.
        var text = string.Join(' ', Enumerable.Range(0, 30).Select(h => T0.AddHours(h).ToString("yyyy-MM-dd'T'HH'Z'", System.Globalization.CultureInfo.InvariantCulture) + "=1"));

        Assert.Equal(24, FailureWindow.Parse(text).CountInLast24Hours(T0.AddHours(29)));
        AssertReadAsBefore(text);
    }
}
