namespace ConnectionStatusFunctions.Core;

/// <summary>One thing that held the score down, with the ceiling it imposed.</summary>
public sealed record HealthReason(string Code, int Ceiling, string Description);
