namespace ConnectionStatusFunctions.Service.Intake;

public enum QueuedReportOutcome
{
    Applied,
    Stale,
    Duplicate,
    Poisoned,
}
