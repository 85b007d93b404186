using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Reads a tenant's partition as stored and checks that its attention index agrees with its status rows.</summary>
internal static class AttentionIndex
{
    public const string Prefix = "~~attention~";

    /// <summary>The tenant's index rows, in RowKey order.</summary>
    public static async Task<List<TableEntity>> RowsAsync(TableClient table, string tenantId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {Prefix} and RowKey lt {Prefix + "~"}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Every status row that needs attention as of <paramref name="now"/> owns exactly one index
    /// row, keyed by its since and holding a copy of its columns; no other index row exists.
    /// </summary>
    public static async Task AssertAgreesAsync(TableClient table, string tenantId, DateTimeOffset now)
    {
        var expected = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey lt {"~"}")))
        {
            var state = TableColumns.Read<ConnectionEntity>(row, new List<string>()).ToState();
            var since = HealthEvaluator.Evaluate(state, providerOutage: false, now, new ActionTexts()).AttentionSince;
            var owned = row.GetString("AttentionRowKey");
            if (since is { } at)
            {
                var key = $"{Prefix}{at.UtcTicks:D19}~{row.RowKey}";
                Assert.Equal(key, owned);
                expected.Add(key, row);
            }
            else
            {
                Assert.Null(owned);
            }
        }

        var index = await RowsAsync(table, tenantId);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), index.Select(r => r.RowKey));
        foreach (var entry in index)
        {
            var status = expected[entry.RowKey];
            Assert.Equal(status.RowKey, entry.GetString("AttentionOf"));
            foreach (var column in new[] { "Status", "Channel", "ErrorCategory", "ErrorCode", "ErrorSummary", "LastSource", "LastReportId", "FailuresByHour", "RecentResults" })
            {
                Assert.Equal(status.GetString(column), entry.GetString(column));
            }

            foreach (var column in new[] { "LastCheckedAt", "StatusChangedAt", "LastErrorAt", "LastSuccessAt" })
            {
                Assert.Equal(status.GetDateTimeOffset(column), entry.GetDateTimeOffset(column));
            }
        }
    }
}
