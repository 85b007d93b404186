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
}
