namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A tenant, and the row keys that split its status rows into shards (ascending; none: one shard).</summary>
public sealed record TenantShards(string TenantId, IReadOnlyList<string> Bounds, DateTimeOffset? SurveyedAt)
{
    /// <summary>The row-key ranges [From, To) of its shards; null means open-ended.</summary>
    public IEnumerable<(string? From, string? To)> Ranges()
    {
        string? from = null;
        foreach (var bound in Bounds)
        {
            yield return (from, bound);
            from = bound;
        }

        yield return (from, null);
    }
}
