using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Intake;

/// <summary>Either the field errors of a rejected report, or what applying it did.</summary>
public sealed record IntakeResult(Dictionary<string, string[]>? Errors, ApplyResult? Applied);
