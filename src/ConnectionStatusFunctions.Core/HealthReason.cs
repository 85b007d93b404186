using System.ComponentModel;

namespace ConnectionStatusFunctions.Core;

/// <summary>One thing that held the score down, with the ceiling it imposed.</summary>
[Description("One condition that held an account's health score down.")]
public sealed record HealthReason(
    [Description("The condition, such as `status_error`, `authorization_expired` or `flapping`.")] string Code,
    [Description("The highest score the condition allows, 0-100.")] int Ceiling,
    [Description("The condition in words.")] string Description);
