namespace ConnectionStatusFunctions.Service.Queues;

/// <summary>What a queued report or probe request is once its poison record has been written.</summary>
public sealed record PoisonedReport(string Reason, IDictionary<string, string[]>? Errors, long DequeueCount, DateTimeOffset PoisonedAt, string Message);
