using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ConnectionStatusFunctions.Service.Webhooks;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The delivery lanes' own bookkeeping in one process, and the retry schedule docs/webhooks.md states.</summary>
public sealed partial class WebhookLaneTests(Azurite azurite) : IClassFixture<Azurite>
{
    /// <summary>
    /// Nudges of a few lanes with nothing pending, from several threads at once (and sweeps of their
    /// tenant among them), while each run that ends forgets its lane: no lane ever runs twice at once,
    /// and once they have all ended no lane is left behind.
    /// </summary>
    [Fact]
    public async Task LanesAreForgottenWhenTheirRunEndsWithNothingLeftAndNudgesMeanwhileNeverRunOneTwiceAtOnce()
    {
        const string Tenant = "tenant-lanes-forgotten";
        using var app = new StatusApplication(azurite.ConnectionString);
        var deliveries = app.Services.GetRequiredService<WebhookDeliveries>();
        var running = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var most = 0;
        var runs = 0;
        var counting = new Lock();
        deliveries.RunObserved = (tenantId, subscriptionId, starting) =>
        {
            lock (counting)
            {
                var now = running.AddOrUpdate($"{tenantId}/{subscriptionId}", starting ? 1 : -1, (_, n) => n + (starting ? 1 : -1));
                most = Math.Max(most, now);
                runs += starting ? 1 : 0;
            }
        };
        string[] subscriptions = [.. Enumerable.Range(1, 4).Select(i => $"{i:D32}")];

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            deliveries.Nudge(Tenant, [subscriptions[i % subscriptions.Length]]);
            if (i % 50 == 0)
            {
                await deliveries.DeliverDueAsync(Tenant, token);
            }

            // Spreads the nudges over the runs' starts and ends rather than landing them all before the first run ends.
            await Task.Delay(1, token);
        });

        // Until every run has ended and forgotten its lane, bounded at a minute.
        var bound = System.Diagnostics.Stopwatch.StartNew();
        while ((deliveries.LaneCount > 0 || running.Values.Any(n => n != 0)) && bound.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, deliveries.LaneCount);
        lock (counting)
        {
            Assert.All(running.Values, n => Assert.Equal(0, n));
            Assert.Equal(1, most);
            Assert.InRange(runs, subscriptions.Length, 400 + 8);
        }
    }

    /// <summary>
    /// The count of attempts docs/webhooks.md gives for the default settings, worked out from the
    /// delays themselves: every wait the shortest its jitter allows (the most attempts), every wait
    /// the longest (the fewest), and the median of seeded random draws.
    /// </summary>
    [Fact]
    public void TheDocsCountOfRetriesOverADayIsTheOneTheDefaultSettingsGive()
    {
        var options = new WebhookOptions();
        int AttemptsUntilGivenUp(Func<double> draw)
        {
            // A delivery is given up after the attempt whose next wait would end past GiveUpAfter from the first.
            var sinceFirst = TimeSpan.Zero;
            for (var failures = 1; ; failures++)
            {
                sinceFirst += WebhookDeliveries.Delay(options, failures, draw());
                if (sinceFirst > options.GiveUpAfter)
                {
                    return failures;
                }
            }
        }

        var most = AttemptsUntilGivenUp(() => 0);
        var fewest = AttemptsUntilGivenUp(() => Math.BitDecrement(1.0));
        var random = new Random(21);
        var median = Enumerable.Range(0, 1001).Select(_ => AttemptsUntilGivenUp(random.NextDouble)).Order().ElementAt(500);

        var docs = Whitespace().Replace(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "webhooks.md")), " ");
        Assert.Contains($"about {median} attempts over a day ({fewest} if every wait drew its longest, {most} if every wait drew its shortest)", docs, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
