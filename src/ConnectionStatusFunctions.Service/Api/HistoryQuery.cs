namespace ConnectionStatusFunctions.Service.Api;

/// <summary>What the history route's query string asks for.</summary>
public sealed record HistoryQuery(int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 20;
}
