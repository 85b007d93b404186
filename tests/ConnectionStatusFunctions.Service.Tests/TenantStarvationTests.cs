using System.Net;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>How the worker takes a round's requests: as the queue gives them, or all received first and then handled in an order the queue did not choose.</summary>
public enum HandlingOrder
{
    AsQueued,
    Reversed,
    Shuffled7,
    Shuffled42,
}

/// <summary>
/// Throttled accounts in every tenant starve no tenant of its channel, whatever order a round's
/// requests are handled in. Each order is a class of its own (below), not a theory case, so that
/// the four, each dozens of rounds long, run in parallel rather than one after another.
/// </summary>
public abstract class TenantStarvationTests(Azurite azurite, HandlingOrder order) : IClassFixture<Azurite>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;
    private FakeConnector _connector = null!;
    private StatusApplication _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Probes:OutageMinSample"] = "3",
            ["Probes:Urls:line"] = _connector.Template,
        }).UseClock(Start);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _connector.DisposeAsync();
    }

    private TimeSpan Tick => _app.Services.GetRequiredService<IOptions<ProbeOptions>>().Value.TickPeriod;

    private async Task ReportAsync(string tenant, string account)
    {
        var report = new { status = "connected", checkedAt = _app.Clock!.GetUtcNow().AddMinutes(-10).ToString("O"), channel = "line" };
        // A storage call past its per-request bound is a 503 that invites a retry, and the same
        // report is safe to send again: on a loaded test machine the setup retries, boundedly.
        var response = await PatchAsync(_app.ClientWithKey(ConnectorKey), tenant, account, report);
        for (var attempt = 1; attempt < 3 && response.StatusCode == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            response = await PatchAsync(_app.ClientWithKey(ConnectorKey), tenant, account, report);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ThrottledAccountsInEveryTenantStarveNoTenantOfTheirChannel()
    {
        // Ten tenants on one channel, each with one account its connector throttles (429,
        // Retry-After: 1, so the pause lasts the rest of the round) and two healthy ones.
        const int tenants = 10;
        var healthy = new List<(string Tenant, string Account)>();
        for (var t = 0; t < tenants; t++)
        {
            var tenant = $"tenant-st{t}";
            await ReportAsync(tenant, $"st{t}-a");
            _connector.Answer($"st{t}-a", new FakeConnector.Reply(429, RetryAfter: "1"));
            foreach (var account in new[] { $"st{t}-b", $"st{t}-c" })
            {
                await ReportAsync(tenant, account);
                healthy.Add((tenant, account));
            }
        }

        var interval = _app.Services.GetRequiredService<IOptions<ProbeOptions>>().Value.Interval;
        var intervalTicks = (int)(interval / Tick);
        // The documented bound (docs/probing.md, Fairness across requests): once due, an account
        // is probed within 2 x shards - 1 rounds (held while the owed shards go, then owed at
        // most behind every other shard), so between two checks at most Interval + 2 x shards - 1 ticks pass.
        var bound = intervalTicks + (2 * tenants) - 1;
        var checkedAt = healthy.ToDictionary(h => h.Account, _ => new List<int>());
        const int rounds = 36;
        for (var tick = 0; tick < rounds; tick++)
        {
            var before = healthy.ToDictionary(h => h.Account, h => _connector.CallsFor(h.Account));
            await ProbeRoundInOrderAsync();
            foreach (var (_, account) in healthy.Where(h => _connector.CallsFor(h.Account) > before[h.Account]))
            {
                checkedAt[account].Add(tick);
            }

            _app.Clock!.Advance(Tick);
        }

        // The start-up backlog (every account due at once, no throttled account known yet) clears
        // within two rounds per shard: each round, the first owed request either meets its
        // throttled account's first 429 (it sorts last from then on) or gets through.
        var neverChecked = checkedAt.Where(c => c.Value.Count == 0).Select(c => c.Key).ToList();
        Assert.True(neverChecked.Count == 0, $"never checked in {rounds} ticks: {string.Join(", ", neverChecked)}");
        var backlogCleared = checkedAt.Values.Max(ticks => ticks[0]);
        Assert.True(backlogCleared < 2 * tenants, $"the start-up backlog took {backlogCleared} ticks");

        // After it, no account waits longer than the bound between checks, nor since its last check.
        var gaps = checkedAt.ToDictionary(c => c.Key, c => c.Value.Skip(1).Append(rounds).Zip(c.Value, (next, previous) => next - previous).Max());
        var late = gaps.Where(g => g.Value > bound).Select(g => $"{g.Key} ({g.Value} ticks; checked at {string.Join(",", checkedAt[g.Key])})").ToList();
        Assert.True(late.Count == 0, $"{order}: not checked within {bound} ticks: {string.Join("; ", late)}");
    }

    /// <summary>One tick, then every request it queued received first and handled in this class's order: fairness must not depend on it.</summary>
    private async Task ProbeRoundInOrderAsync()
    {
        if (order == HandlingOrder.AsQueued)
        {
            await _app.ProbeRoundAsync();
            return;
        }

        await _app.ProbeRoundInOrderAsync(messages =>
        {
            switch (order)
            {
                case HandlingOrder.Reversed:
                    Array.Reverse(messages);
                    break;
                case HandlingOrder.Shuffled7:
                    new Random(7).Shuffle(messages);
                    break;
                case HandlingOrder.Shuffled42:
                    new Random(42).Shuffle(messages);
                    break;
            }

            return messages;
        });
    }
}

public sealed class TenantStarvationAsQueuedTests(Azurite azurite) : TenantStarvationTests(azurite, HandlingOrder.AsQueued);

public sealed class TenantStarvationReversedTests(Azurite azurite) : TenantStarvationTests(azurite, HandlingOrder.Reversed);

public sealed class TenantStarvationShuffled7Tests(Azurite azurite) : TenantStarvationTests(azurite, HandlingOrder.Shuffled7);

public sealed class TenantStarvationShuffled42Tests(Azurite azurite) : TenantStarvationTests(azurite, HandlingOrder.Shuffled42);
