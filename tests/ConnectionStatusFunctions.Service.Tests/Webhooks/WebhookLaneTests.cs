using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using ConnectionStatusFunctions.Service.Telemetry;
using ConnectionStatusFunctions.Service.Webhooks;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The delivery lanes' own bookkeeping in one process, and the retry schedule docs/webhooks.md states.</summary>
public sealed partial class WebhookLaneTests(Azurite azurite) : IClassFixture<Azurite>
{
    /// <summary>
    /// Nudges of a few lanes with nothing pending, from several threads at once (and sweeps of their
    /// tenant among them), while each run that ends forgets its lane: no lane ever runs twice at once
    /// (seen through the runs' <c>WebhookRun</c> spans), and once they have all ended no lane is left
    /// behind (the app's <c>connection_status.webhook_lanes</c> gauge reads 0).
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
        // The span source is process-wide: only this test's tenant's runs are sampled and counted.
        static bool IsRunOf(string name, IEnumerable<KeyValuePair<string, object?>>? tags) =>
            name == WebhookDeliveries.RunSpan && tags?.Any(t => t.Key == "tenant.id" && Equals(t.Value, Tenant)) == true;
        void Count(Activity run, bool starting)
        {
            if (!IsRunOf(run.OperationName, run.TagObjects))
            {
                return;
            }

            var subscriptionId = run.GetTagItem("webhook.subscription_id") as string;
            lock (counting)
            {
                var now = running.AddOrUpdate($"{Tenant}/{subscriptionId}", starting ? 1 : -1, (_, n) => n + (starting ? 1 : -1));
                most = Math.Max(most, now);
                runs += starting ? 1 : 0;
            }
        }

        using var spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StatusTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) => IsRunOf(options.Name, options.Tags) ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
            ActivityStarted = run => Count(run, starting: true),
            ActivityStopped = run => Count(run, starting: false),
        };
        ActivitySource.AddActivityListener(spans);
        var lanes = LaneGauge(app);
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
        while ((lanes() > 0 || running.Values.Any(n => n != 0)) && bound.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, lanes());
        lock (counting)
        {
            Assert.All(running.Values, n => Assert.Equal(0, n));
            Assert.Equal(1, most);
            Assert.InRange(runs, subscriptions.Length, 400 + 8);
        }
    }

    /// <summary>The app's own <c>connection_status.webhook_lanes</c> gauge, read when called; other apps' meters are not listened to.</summary>
    private static Func<int> LaneGauge(StatusApplication app)
    {
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        var last = -1;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StatusTelemetry.Name && instrument.Name == "connection_status.webhook_lanes" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => Volatile.Write(ref last, value));
        listener.Start();
        return () =>
        {
            listener.RecordObservableInstruments();
            return Volatile.Read(ref last);
        };
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
