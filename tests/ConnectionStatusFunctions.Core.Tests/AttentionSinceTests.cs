using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

public class AttentionSinceTests
{
    private static DateTimeOffset? SinceAt(ConnectionState state, DateTimeOffset now) =>
        HealthEvaluator.Evaluate(state, providerOutage: false, now, new ActionTexts()).AttentionSince;

    private static ConnectionState Pattern(string pattern)
    {
        ConnectionState? state = null;
        for (var i = 0; i < pattern.Length; i++)
        {
            state = state.Apply(pattern[i] == 'C' ? Connected(T0.AddMinutes(i * 5)) : Failed(T0.AddMinutes(i * 5)));
        }

        return state!;
    }

    [Fact]
    public void AnErrorNeedsAttentionSinceItsStatusChangeNotItsLastCheck()
    {
        var state = ApplyAll([Connected(T0), Failed(T0.AddMinutes(10)), Failed(T0.AddMinutes(20))]);

        Assert.Equal(T0.AddMinutes(10), SinceAt(state, T0.AddMinutes(30)));
    }

    [Fact]
    public void ADisconnectedAccountNeedsAttentionSinceItWasDisconnected() =>
        Assert.Equal(T0.AddMinutes(5), SinceAt(ApplyAll([Connected(T0), Disconnected(T0.AddMinutes(5))]), T0.AddHours(1)));

    [Fact]
    public void AStaleAccountNeedsAttentionSinceItsSilenceBegan()
    {
        var stale = StatusTransition.Silence(ApplyAll([Connected(T0)]), Policy, T0.AddDays(3)).State!;

        Assert.Equal(T0 + Policy.StaleAfterFor(Channel.Line), SinceAt(stale, T0.AddDays(3)));
    }

    [Fact]
    public void AHealthyAccountHasNoSince() =>
        Assert.Null(SinceAt(ApplyAll([Connected(T0)]), T0.AddMinutes(1)));

    [Fact]
    public void FlappingIsRecordedWhenItStartsKeptWhileItLastsAndClearedWhenItEnds()
    {
        ConnectionState? state = null;
        DateTimeOffset? startedAt = null;
        for (var i = 0; i < 12; i++)
        {
            var at = T0.AddMinutes(i * 5);
            state = state.Apply(i % 2 == 0 ? Connected(at) : Failed(at));
            if (state.IsFlapping && startedAt is null)
            {
                startedAt = at;
            }

            Assert.Equal(startedAt, state.FlappingSince);
        }

        Assert.NotNull(startedAt);
        for (var i = 0; i < 21 && state!.IsFlapping; i++)
        {
            state = state.Apply(Connected(T0.AddHours(2).AddMinutes(i)));
            Assert.Equal(state.IsFlapping ? startedAt : null, state.FlappingSince);
        }

        Assert.False(state!.IsFlapping);
        Assert.Null(state.FlappingSince);
    }

    [Fact]
    public void AFlapperThatIsConnectedNeedsAttentionSinceTheFlappingBegan()
    {
        var state = Pattern("CECECECEC");

        Assert.True(state.IsFlapping);
        Assert.Equal(ConnectionStatus.Connected, state.Status);
        Assert.Equal(state.FlappingSince, SinceAt(state, T0.AddHours(1)));
    }

    /// <summary>
    /// Five failures in the window make a connected flapper's health an error, whose since the window gives only to the
    /// hour: the flapping start, within that hour, stands for it, never a time before the account first failed.
    /// </summary>
    [Fact]
    public void AConnectedFlapperWithFiveFailuresNeedsAttentionSinceTheFlappingBeganNotTheHourOfItsFirstFailure()
    {
        var state = Pattern("CECECECECEC");
        var firstFailure = T0.AddMinutes(5);

        Assert.True(state.IsFlapping);
        Assert.Equal(5, state.FailuresInLast24Hours(T0.AddHours(1)));
        Assert.Equal(HealthState.Error, HealthEvaluator.Evaluate(state, providerOutage: false, T0.AddHours(1), new ActionTexts()).State);
        Assert.Equal(state.FlappingSince, SinceAt(state, T0.AddHours(1)));
        Assert.True(SinceAt(state, T0.AddHours(1)) >= firstFailure);
    }

    [Fact]
    public void AFlapperInErrorTakesTheEarlierOfItsErrorAndItsFlapping()
    {
        var flapping = Pattern("CECECECEC");
        var inError = flapping.Apply(Failed(T0.AddHours(1))).Apply(Failed(T0.AddHours(2)));

        Assert.True(inError.IsFlapping);
        Assert.True(inError.FlappingSince < inError.StatusChangedAt);
        Assert.Equal(inError.FlappingSince, SinceAt(inError, T0.AddHours(3)));
    }

    [Fact]
    public void AFlappingRowStoredWithoutItsStartReadsItsStatusChangeAsTheStart()
    {
        var stored = Pattern("CECECECEC") with { FlappingSince = null };

        Assert.Equal(stored.StatusChangedAt, SinceAt(stored, T0.AddHours(1)));
        Assert.Equal(stored.StatusChangedAt, stored.Apply(Failed(T0.AddHours(1))).FlappingSince);
    }

    [Fact]
    public void AConnectedAccountWithManyRecentFailuresNeedsAttentionSinceTheHourOfTheOldestUntilTheyLapse()
    {
        // Failures spread over hours so that the pattern never flaps, then a recovery.
        var reports = Enumerable.Range(0, 6).Select(i => Failed(T0.AddMinutes(10 + i))).Append(Connected(T0.AddHours(1)));
        var state = ApplyAll(reports);
        var hourOfFirst = new DateTimeOffset(T0.Year, T0.Month, T0.Day, T0.AddMinutes(10).Hour, 0, 0, TimeSpan.Zero);

        Assert.False(state.IsFlapping);
        Assert.Equal(hourOfFirst, SinceAt(state, T0.AddHours(2)));
        Assert.Null(SinceAt(state, T0.AddHours(25)));
    }
}
