using Azure.Data.Tables;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The column-by-column read of a row as the table service hands it over (no storage needed: the row is
/// the SDK's own TableEntity): the widenings it may send are taken, every other type is named, and a
/// missing column stays empty.
/// </summary>
public sealed class TableColumnsTests
{
    private static readonly DateTimeOffset Checked = new(2026, 11, 30, 9, 14, 0, TimeSpan.Zero);

    [Fact]
    public void WideningsTheTableServiceSendsAreReadAsTheServiceWroteThem()
    {
        var row = new TableEntity("tenant-a", "acct-1")
        {
            ["Channel"] = "line",
            ["Status"] = "error",
            // A DateTime without offset (how the SDK types Edm.DateTime) and an Int32 for an Int64 column.
            ["LastCheckedAt"] = Checked.UtcDateTime,
            ["StatusChangedAt"] = Checked,
            ["ConsecutiveFailures"] = 3,
            ["TransitionCount"] = 7,
            ["IsFlapping"] = true,
            ["LastSource"] = "probe",
            ["DisplayName"] = null,
        };
        var bad = new List<string>();

        var entity = TableColumns.Read<ConnectionEntity>(row, bad);

        Assert.Empty(bad);
        Assert.Equal(("tenant-a", "acct-1", "line", "error"), (entity.PartitionKey, entity.RowKey, entity.Channel, entity.Status));
        Assert.Equal((Checked, Checked, TimeSpan.Zero), (entity.LastCheckedAt, entity.StatusChangedAt, entity.LastCheckedAt.Offset));
        Assert.Equal((3, 7L, true, "probe"), (entity.ConsecutiveFailures, entity.TransitionCount, entity.IsFlapping, entity.LastSource));
        Assert.Equal((null, null, null), (entity.DisplayName, entity.LastSuccessAt, entity.VerdictAt));
    }

    [Fact]
    public void EveryColumnOfAnotherTypeIsNamedAndLeftEmpty()
    {
        var row = new TableEntity("tenant-a", "acct-1")
        {
            ["Channel"] = 7,
            ["LastSuccessAt"] = "yesterday",
            ["ConsecutiveFailures"] = 3L,
            ["TransitionCount"] = 2.5,
            ["IsFlapping"] = "no",
            ["VerdictAt"] = 12,
            ["Status"] = "connected",
        };
        var bad = new List<string>();

        var entity = TableColumns.Read<ConnectionEntity>(row, bad);

        Assert.Equal(["Channel", "ConsecutiveFailures", "IsFlapping", "LastSuccessAt", "TransitionCount", "VerdictAt"], bad.Order(StringComparer.Ordinal));
        Assert.Equal((string.Empty, null, 0, 0L, false, null, "connected"), (entity.Channel, entity.LastSuccessAt, entity.ConsecutiveFailures, entity.TransitionCount, entity.IsFlapping, entity.VerdictAt, entity.Status));
        Assert.Equal((long?)7, TableColumns.Get<long>(row, "Channel"));
        Assert.Equal(2.5, TableColumns.Get<double>(row, "TransitionCount"));
        Assert.Null(TableColumns.Get<int>(row, "TransitionCount", bad));
        Assert.Equal("TransitionCount", bad[^1]);
    }
}
