using ConnectionStatusFunctions.Service.Probes;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>The probe timer: only distributes probe requests. The host's singleton lock runs each tick once across instances.</summary>
public sealed class ProbeConnections(ProbeDistributor distributor)
{
    public const string ScheduleExpression = "%" + ProbeOptions.ScheduleSetting + "%";

    [Function(nameof(ProbeConnections))]
    public Task<ProbeTickSummary> Run([TimerTrigger(ScheduleExpression)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return distributor.DistributeAsync(timer.IsPastDue, cancellationToken);
    }
}
