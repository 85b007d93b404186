using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Webhooks;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>
/// The probe timer: distributes probe requests, then sweeps webhook deliveries that are due (retries,
/// and those a dead process left). The host's singleton lock runs each tick once across instances.
/// </summary>
public sealed class ProbeConnections(ProbeDistributor distributor, WebhookSweep webhooks)
{
    public const string ScheduleExpression = "%" + ProbeOptions.ScheduleSetting + "%";

    [Function(nameof(ProbeConnections))]
    public async Task<ProbeTickSummary> Run([TimerTrigger(ScheduleExpression)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var tick = await distributor.DistributeAsync(timer.IsPastDue, cancellationToken);
        await webhooks.RunAsync(cancellationToken);
        return tick;
    }
}
