using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

public class FlappingTests
{
    private static ConnectionState Run(string pattern, ConnectionState? start = null, int offsetMinutes = 0)
    {
        var state = start;
        for (var i = 0; i < pattern.Length; i++)
        {
            var at = T0.AddMinutes(offsetMinutes + (i * 5));
            state = state.Apply(pattern[i] == 'C' ? Connected(at) : Failed(at));
        }

        return state!;
    }

    [Fact]
    public void HistoryKeepsTheLast21ResultsOldestFirst()
    {
        var history = CheckHistory.Empty;
        for (var i = 0; i < 30; i++)
        {
            history = history.Push(i % 3 == 0 ? ConnectionStatus.Error : ConnectionStatus.Connected);
        }

        Assert.Equal(21, history.Count);
        Assert.Equal(ConnectionStatus.Error, history[0]); // i = 9
        Assert.Equal(ConnectionStatus.Connected, history[20]); // i = 29
    }

    [Fact]
    public void AlternatingResultsChangeEveryTime()
    {
        Assert.Equal(100, CheckHistory.Parse("CECECECECECECECECECEC").ChangePercent(), 6);
        Assert.Equal(0, CheckHistory.Parse("CCCCCCCCCCCCCCCCCCCCC").ChangePercent());
    }

    [Fact]
    public void NewerChangesWeighMoreThanOlderOnes()
    {
        var oldChange = CheckHistory.Parse("ECCCCCCCCCCCCCCCCCCCC").ChangePercent();
        var newChange = CheckHistory.Parse("CCCCCCCCCCCCCCCCCCCCE").ChangePercent();

        Assert.Equal(0.75 / 20 * 100, oldChange, 6);
        Assert.Equal(1.25 / 20 * 100, newChange, 6);
    }

    [Fact]
    public void ASingleOutageAndRecoveryIsNotFlapping()
    {
        var state = Run("CCCCCCCCEEEEEECCCCCCC");

        Assert.False(state.IsFlapping);
    }

    [Fact]
    public void IntermittentErrorsStartFlappingOnceThereAreEnoughResults()
    {
        Assert.False(Run("CECE").IsFlapping); // fewer results than FlapMinResults
        Assert.True(Run("CECECECE").IsFlapping);
    }

    [Fact]
    public void FlappingStopsOnlyBelowTheLowThreshold()
    {
        var flapping = Run("CECECECECECE");
        Assert.True(flapping.IsFlapping);

        // Steady results push the changes out of the window; between the thresholds it stays flapping.
        var state = flapping;
        var sawBetweenThresholds = false;
        for (var i = 0; i < 21 && state.IsFlapping; i++)
        {
            state = state.Apply(Connected(T0.AddHours(2).AddMinutes(i)));
            var percent = state.RecentResults.ChangePercent();
            if (percent < Policy.FlapStartPercent && percent >= Policy.FlapStopPercent)
            {
                sawBetweenThresholds = true;
                Assert.True(state.IsFlapping);
            }
        }

        Assert.True(sawBetweenThresholds);
        Assert.False(state.IsFlapping);
        Assert.True(state.RecentResults.ChangePercent() < Policy.FlapStopPercent);
    }

    [Fact]
    public void StatusStillFollowsTheNewestReportWhileFlapping()
    {
        var state = Run("CECECECECE");

        Assert.True(state.IsFlapping);
        Assert.Equal(ConnectionStatus.Error, state.Status);
        Assert.Equal(ConnectionStatus.Connected, state.Apply(Connected(T0.AddHours(1))).Status);
    }

    [Fact]
    public void LettersRoundTrip()
    {
        var history = CheckHistory.Parse("CCEDC");

        Assert.Equal("CCEDC", history.ToString());
        Assert.Throws<FormatException>(() => CheckHistory.Parse("CX"));
    }
}
