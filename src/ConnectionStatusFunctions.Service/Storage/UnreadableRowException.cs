namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>The one row asked for cannot be read; other rows of its tenant are unaffected.</summary>
public sealed class UnreadableRowException(UnreadableRow row) : Exception($"The status row {row.Key.TenantId}/{row.Key.ChannelAccountId} cannot be read: {row.Reason}")
{
    public UnreadableRow Row { get; } = row;
}
