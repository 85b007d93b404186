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
        Assert.False(Run("CCCCCCCCEEEEEECCCCCCC").IsFlapping);
        Assert.False(Run("CCCCCCCEC").IsFlapping); // a young account's one blip weighs 27% of what it has seen
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
    public void NoHistoryWithOneOutageAndItsRecoveryEverStartsFlapping()
    {
        // Every prefix of these is a history of 1-21 results with at most two changes, and every such
        // history is a prefix of one of them (extend it with its last result).
        var histories = HistoriesWithAtMostTwoChanges(CheckHistory.Capacity).ToList();
        Assert.Equal(3 * (1 + (20 * 2) + (190 * 4)), histories.Count);

        foreach (var results in histories)
        {
            ConnectionState? state = null;
            for (var i = 0; i < results.Length; i++)
            {
                state = StatusTransition.Apply(state, Result(results[i], i), Policy).State!;
                Assert.False(state.IsFlapping, $"{state.RecentResults} started flapping");
            }
        }
    }

    [Fact]
    public void OneOutageThatTurnsFromErrorToDisconnectedBeforeItRecoversIsNotFlapping()
    {
        // One outage is any run of results that are not connected, whatever mix of error and
        // disconnected it holds, between two runs of connected results.
        var outages = Enumerable.Range(1, 6).SelectMany(length => Enumerable.Range(0, 1 << length)
            .Select(bits => Enumerable.Range(0, length).Select(i => (bits >> i & 1) == 0 ? ConnectionStatus.Error : ConnectionStatus.Disconnected).ToArray()));
        foreach (var outage in outages)
        {
            for (var before = 0; before <= 10; before++)
            {
                var results = Enumerable.Repeat(ConnectionStatus.Connected, before).Concat(outage).Concat(Enumerable.Repeat(ConnectionStatus.Connected, 4)).ToArray();
                ConnectionState? state = null;
                for (var i = 0; i < results.Length; i++)
                {
                    state = StatusTransition.Apply(state, Result(results[i], i), Policy).State!;
                    Assert.False(state.IsFlapping, $"{state.RecentResults} started flapping");
                }
            }
        }
    }

    [Theory]
    [InlineData(8)] // the default
    [InlineData(4)] // the least allowed
    [InlineData(13)]
    [InlineData(21)]
    public void AlternatingResultsStartFlappingOnceThereAreFlapMinResults(int flapMinResults)
    {
        var policy = new StatusPolicy { FlapMinResults = flapMinResults };
        Assert.Empty(policy.Validate());
        var statuses = new[] { ConnectionStatus.Connected, ConnectionStatus.Error, ConnectionStatus.Disconnected };
        foreach (var first in statuses)
        {
            foreach (var second in statuses.Where(s => s != first))
            {
                // Flapping is going on and off: error and disconnected taking turns is one long outage.
                var onAndOff = first == ConnectionStatus.Connected || second == ConnectionStatus.Connected;
                ConnectionState? state = null;
                for (var i = 0; i < 30; i++)
                {
                    state = StatusTransition.Apply(state, Result(i % 2 == 0 ? first : second, i), policy).State!;
                    Assert.Equal(onAndOff && i + 1 >= flapMinResults, state.IsFlapping);
                }
            }
        }
    }

    [Fact]
    public void AFlappingAccountStopsOnlyWhenItsChangePercentFallsBelowTheStopThreshold()
    {
        var stopped = 0;
        var heldBetweenThresholds = 0;
        for (var alternating = Policy.FlapMinResults; alternating <= CheckHistory.Capacity; alternating++)
        {
            var flapping = Enumerable.Range(0, alternating).Aggregate((ConnectionState?)null, (s, i) => s.Apply(Result(i % 2 == 0 ? ConnectionStatus.Connected : ConnectionStatus.Error, i)))!;
            Assert.True(flapping.IsFlapping);

            foreach (var results in HistoriesWithAtMostTwoChanges(CheckHistory.Capacity))
            {
                var state = flapping;
                for (var i = 0; i < results.Length && state.IsFlapping; i++)
                {
                    state = state.Apply(Result(results[i], alternating + i));
                    var percent = state.RecentResults.ChangePercent();
                    Assert.Equal(percent >= Policy.FlapStopPercent, state.IsFlapping);
                    heldBetweenThresholds += state.IsFlapping && percent <= Policy.FlapStartPercent ? 1 : 0;
                    stopped += state.IsFlapping ? 0 : 1;
                }
            }
        }

        Assert.True(stopped > 0 && heldBetweenThresholds > 0, $"stopped {stopped}, held between thresholds {heldBetweenThresholds}");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(22)]
    public void FlapMinResultsMustLeaveRoomForAFlapToStart(int flapMinResults) =>
        Assert.Contains(new StatusPolicy { FlapMinResults = flapMinResults }.Validate(), e => e.Contains("FlapMinResults", StringComparison.Ordinal));

    [Fact]
    public void AStartThresholdOf100CouldNeverBeCrossedAndIsRefused() =>
        Assert.Contains(new StatusPolicy { FlapStartPercent = 100 }.Validate(), e => e.Contains("FlapStartPercent", StringComparison.Ordinal));

    /// <summary>Every sequence of <paramref name="length"/> results (connected, error, disconnected) that changes at most twice.</summary>
    private static IEnumerable<ConnectionStatus[]> HistoriesWithAtMostTwoChanges(int length)
    {
        var statuses = new[] { ConnectionStatus.Connected, ConnectionStatus.Error, ConnectionStatus.Disconnected };
        foreach (var first in statuses)
        {
            yield return Enumerable.Repeat(first, length).ToArray();
            for (var change = 1; change < length; change++)
            {
                foreach (var second in statuses.Where(s => s != first))
                {
                    yield return Enumerable.Range(0, length).Select(i => i < change ? first : second).ToArray();
                    for (var back = change + 1; back < length; back++)
                    {
                        foreach (var third in statuses.Where(s => s != second))
                        {
                            yield return Enumerable.Range(0, length).Select(i => i < change ? first : i < back ? second : third).ToArray();
                        }
                    }
                }
            }
        }
    }

    private static ConnectionReport Result(ConnectionStatus status, int minute)
    {
        var at = T0.AddMinutes(minute);
        return status switch
        {
            ConnectionStatus.Connected => Connected(at),
            ConnectionStatus.Error => Failed(at),
            _ => Disconnected(at),
        };
    }

    [Fact]
    public void LettersRoundTrip()
    {
        var history = CheckHistory.Parse("CCEDC");

        Assert.Equal("CCEDC", history.ToString());
        Assert.Throws<FormatException>(() => CheckHistory.Parse("CX"));
    }
}
