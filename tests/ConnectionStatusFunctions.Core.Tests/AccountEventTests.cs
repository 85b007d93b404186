using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

public class AccountEventTests
{
    /// <summary>Each report applied in turn, with what its write announces.</summary>
    private static List<(ConnectionState State, EventDecision Decision)> Run(IEnumerable<ConnectionReport> reports)
    {
        ConnectionState? state = null;
        var decisions = new List<(ConnectionState, EventDecision)>();
        foreach (var report in reports)
        {
            var outcome = StatusTransition.Apply(state, report, Policy);
            if (outcome is { Kind: TransitionKind.Applied, State: { } next })
            {
                decisions.Add((next, AccountEvents.Decide(state, next, StatusChange.Between(state, next))));
                state = next;
            }
        }

        return decisions;
    }

    [Fact]
    public void ABreakAndARecoveryAreOneStatusChangeEach()
    {
        var decisions = Run([Connected(T0), Connected(T0.AddMinutes(1)), Failed(T0.AddMinutes(2), ErrorCategory.AuthError), Connected(T0.AddMinutes(3))]);

        Assert.Equal(
            [AccountEventKind.StatusChanged, null, AccountEventKind.StatusChanged, AccountEventKind.StatusChanged],
            decisions.Select(d => d.Decision.Kind));
        Assert.DoesNotContain(decisions, d => d.Decision.Suppressed);
    }

    [Fact]
    public void AnotherErrorCategoryIsAStatusChange()
    {
        var decisions = Run([Failed(T0, ErrorCategory.AuthError), Failed(T0.AddMinutes(1), ErrorCategory.RateLimit), Failed(T0.AddMinutes(2), ErrorCategory.RateLimit)]);

        Assert.Equal([AccountEventKind.StatusChanged, AccountEventKind.StatusChanged, null], decisions.Select(d => d.Decision.Kind));
    }

    [Fact]
    public void FlappingIsAnnouncedWhenItStartsAndStopsAndItsTransitionsAreOnlyCounted()
    {
        var reports = new List<ConnectionReport>();
        var at = T0;
        foreach (var c in "CECECECECECECE" + new string('C', 30))
        {
            reports.Add(c == 'C' ? Connected(at) : Failed(at));
            at = at.AddMinutes(5);
        }

        var decisions = Run(reports);
        var kinds = decisions.Select(d => d.Decision.Kind).Where(k => k is not null).ToList();

        var started = kinds.IndexOf(AccountEventKind.FlappingStarted);
        var stopped = kinds.IndexOf(AccountEventKind.FlappingStopped);
        Assert.True(started > 0, "flapping started");
        Assert.True(stopped == started + 1, "nothing announced between the start and the stop");
        Assert.Single(kinds, k => k == AccountEventKind.FlappingStarted);
        Assert.Single(kinds, k => k == AccountEventKind.FlappingStopped);
        Assert.All(kinds.Take(started), k => Assert.Equal(AccountEventKind.StatusChanged, k));

        // Every transition while flapping was recorded (a history entry) and suppressed, none announced.
        var firstFlapping = decisions.FindIndex(d => d.Decision.Kind == AccountEventKind.FlappingStarted);
        var lastFlapping = decisions.FindIndex(d => d.Decision.Kind == AccountEventKind.FlappingStopped);
        var between = decisions.Skip(firstFlapping + 1).Take(lastFlapping - firstFlapping - 1).ToList();
        Assert.Contains(between, d => d.Decision.Suppressed);
        Assert.All(between, d => Assert.Null(d.Decision.Kind));
        Assert.All(between, d => Assert.True(d.State.IsFlapping));
    }

    [Fact]
    public void StatusChangedIdsDependOnTenantAccountIncarnationAndTransition()
    {
        var ids = new[]
        {
            AccountEvents.IdOf("t", "a", "i1", 1, AccountEventKind.StatusChanged, 1),
            AccountEvents.IdOf("t", "a", "i1", 2, AccountEventKind.StatusChanged, 2),
            AccountEvents.IdOf("t", "a", "i2", 1, AccountEventKind.StatusChanged, 1),
            AccountEvents.IdOf("t", "b", "i1", 1, AccountEventKind.StatusChanged, 1),
            AccountEvents.IdOf("u", "a", "i1", 1, AccountEventKind.StatusChanged, 1),
            AccountEvents.IdOf("t", "a", "i1", 1, AccountEventKind.FlappingStarted, 2),
            AccountEvents.IdOf("t", "a", "i1", 1, AccountEventKind.FlappingStopped, 3),
            AccountEvents.IdOf("t", "a", "i1", 1, AccountEventKind.FlappingStarted, 4),
            AccountEvents.IdOf("t", "a", "i1", 1, AccountEventKind.Deleted, 5),
        };

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("t/a/i1/1", ids[0]);
        Assert.Equal("t/a/i1/1/flapping-started-2", ids[5]);
        Assert.Equal(AccountEvents.IdOf("t", "a", "i1", 2, AccountEventKind.StatusChanged, 7), ids[1]);
    }

    [Fact]
    public void TheTypesAreInTheServicesNamespace()
    {
        Assert.Equal("connectionstatus.account.status_changed", AccountEvents.TypeOf(AccountEventKind.StatusChanged));
        Assert.Equal("connectionstatus.account.flapping_started", AccountEvents.TypeOf(AccountEventKind.FlappingStarted));
        Assert.Equal("connectionstatus.account.flapping_stopped", AccountEvents.TypeOf(AccountEventKind.FlappingStopped));
        Assert.Equal("connectionstatus.account.deleted", AccountEvents.TypeOf(AccountEventKind.Deleted));
    }

    [Fact]
    public void AStatusChangeCarriesItsHistoryEntryHealthAndAction()
    {
        var before = ApplyAll([Connected(T0)]);
        var after = before.Apply(Failed(T0.AddMinutes(1), ErrorCategory.AuthError, code: "E401"));
        var change = StatusChange.Between(before, after)!;
        var health = HealthEvaluator.Evaluate(after, providerOutage: false, T0.AddMinutes(1), new ActionTexts());

        var e = AccountEvents.Of(AccountEventKind.StatusChanged, "t", "a", "i", 2, 2, before, after, change, health);

        Assert.Equal("t/a/i/2", e.Id);
        Assert.Equal(("i", 2L), (e.Incarnation, e.Sequence));
        Assert.Equal(change, e.What);
        Assert.Equal(2, e.Transition);
        Assert.Equal(Channel.Line, e.Channel);
        Assert.Equal(HealthState.RequiresReauth, e.Health);
        Assert.Equal(new ActionTexts().AuthError, e.RecommendedAction);
        Assert.Equal("connectionstatus.account.status_changed", e.Type);
    }

    [Fact]
    public void AFlappingEventCarriesTheStatusBeforeAndAfterAndWhenItStarted()
    {
        var flapping = ApplyAll([Connected(T0), Failed(T0.AddMinutes(1))]) with { IsFlapping = true, FlappingSince = T0.AddMinutes(1) };
        var before = flapping with { IsFlapping = false, FlappingSince = null };
        var health = HealthEvaluator.Evaluate(flapping, providerOutage: false, T0.AddMinutes(1), new ActionTexts());

        var e = AccountEvents.Of(AccountEventKind.FlappingStarted, "t", "a", "i", 2, 3, before, flapping, change: null, health);

        Assert.Equal("t/a/i/2/flapping-started-3", e.Id);
        Assert.Equal(("i", 3L), (e.Incarnation, e.Sequence));
        Assert.Equal(T0.AddMinutes(1), e.What.At);
        Assert.Equal(ConnectionStatus.Error, e.What.From);
        Assert.Equal(ConnectionStatus.Error, e.What.To);
        Assert.Equal(flapping.ErrorSummary, e.What.ErrorSummary);
        Assert.True(e.IsFlapping);
        Assert.Equal(health.RecommendedAction, e.RecommendedAction);
        Assert.Equal(health.State, e.Health);
    }
}
