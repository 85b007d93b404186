using ConnectionStatusFunctions.Service.Probes;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>The probe timer. The host's singleton lock runs each tick once across instances.</summary>
public sealed class ProbeConnections(ProbeRunner runner)
{
    public const string ScheduleExpression = "%" + ProbeOptions.ScheduleSetting + "%";

    [Function(nameof(ProbeConnections))]
    public Task<ProbeRunSummary> Run([TimerTrigger(ScheduleExpression)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return runner.RunAsync(timer.IsPastDue, cancellationToken);
    }
}
