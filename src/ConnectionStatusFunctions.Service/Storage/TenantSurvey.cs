namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>What one survey of a tenant recorded (its shards) and the status rows it read to do so, which the survey's other upkeep reuses.</summary>
public sealed record TenantSurvey(TenantShards Shards, IReadOnlyList<SurveyedRow> StatusRows);
