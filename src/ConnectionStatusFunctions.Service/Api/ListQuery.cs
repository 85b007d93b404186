using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>What the list route's query string asks for.</summary>
public sealed record ListQuery(ListFilter Filter, bool NeedsAttentionOnly, int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
}
