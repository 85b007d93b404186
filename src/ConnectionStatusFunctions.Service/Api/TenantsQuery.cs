namespace ConnectionStatusFunctions.Service.Api;

/// <summary>What the tenant directory's query string asks for.</summary>
public sealed record TenantsQuery(int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
}
