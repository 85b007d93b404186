namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A tenant of the registry, with its status rows as its last survey counted them and when (both null if never surveyed).</summary>
public sealed record RegisteredTenant(string TenantId, int? Accounts, DateTimeOffset? SurveyedAt);
