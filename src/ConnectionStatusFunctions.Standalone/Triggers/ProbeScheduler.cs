using Microsoft.Extensions.Options;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Webhooks;

namespace ConnectionStatusFunctions.Standalone.Triggers;

/// <summary>
/// The standalone timer: waits for each NCRONTAB occurrence, claims the tick so that only one
/// process runs it, and runs the same <see cref="ProbeDistributor"/> as the Functions app's timer. After a
/// late wake-up (a long run, a paused machine) it runs once, not once per missed tick. The claimed
/// tick also sweeps webhook deliveries that are due, as the Functions app's timer does.
/// </summary>
public sealed class ProbeScheduler(
    ProbeDistributor distributor,
    WebhookSweep webhooks,
    TickClaims claims,
    IOptions<ProbeOptions> probeOptions,
    TimeProvider time,
    ILogger<ProbeScheduler> logger) : BackgroundService
{
    public const string TimerName = "ProbeConnections";
    private static readonly TimeSpan PastDueAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = ProbeOptions.ParseSchedule(probeOptions.Value.Schedule)!;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var tick = new DateTimeOffset(schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
            try
            {
                await Task.Delay(tick - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var late = time.GetUtcNow() - tick;
            try
            {
                if (await claims.TryClaimAsync(TimerName, tick, stoppingToken))
                {
                    // Which process ran which tick, for an operator (and a test) telling a late tick from a doubled one.
                    logger.LogDebug("Claimed probe tick {Tick:O}", tick);
                    await distributor.DistributeAsync(isPastDue: late > PastDueAfter, stoppingToken);
                    await webhooks.RunAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever failed, the schedule goes on: the next tick tries again, and a failed tick
                // loses nothing because its accounts stay due.
                logger.LogError(e, "Probe tick {Tick:O} failed", tick);
            }
        }
    }
}
