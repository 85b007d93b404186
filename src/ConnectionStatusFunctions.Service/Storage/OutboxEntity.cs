using Azure;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Events;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// One event waiting to be published, in its tenant's partition of the status table so that it is
/// written in one transaction with the status and history rows it announces
/// (<see cref="StatusRowKeys.OutboxRowKey"/>). Written once, never changed; removed by the
/// dispatcher once every sink has taken it. <see cref="CloudEvent"/> is the whole document every
/// sink sends, built from already redacted fields.
/// </summary>
public sealed class OutboxEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string ChannelAccountId { get; set; } = string.Empty;
    public string EventId { get; set; } = string.Empty;
    public string EventType { get; set; } = string.Empty;
    public string Channel { get; set; } = string.Empty;
    public long Transition { get; set; }
    public DateTimeOffset Time { get; set; }

    /// <summary>When the write that owns it committed, by the service's clock: the sweep leaves younger rows to the hand-off.</summary>
    public DateTimeOffset WrittenAt { get; set; }

    public string CloudEvent { get; set; } = string.Empty;

    public static OutboxEntity Of(AccountEvent accountEvent, string incarnation, long eventNumber, DateTimeOffset writtenAt)
    {
        ArgumentNullException.ThrowIfNull(accountEvent);
        return new OutboxEntity
        {
            PartitionKey = accountEvent.TenantId,
            RowKey = StatusRowKeys.OutboxRowKey(accountEvent.ChannelAccountId, incarnation, eventNumber),
            ChannelAccountId = accountEvent.ChannelAccountId,
            EventId = accountEvent.Id,
            EventType = accountEvent.Type,
            Channel = WireName.Of(accountEvent.Channel),
            Transition = accountEvent.Transition,
            Time = accountEvent.What.At,
            WrittenAt = writtenAt,
            CloudEvent = CloudEventJson.Of(accountEvent),
        };
    }

    public OutgoingEvent ToOutgoing() => new(EventId, EventType, PartitionKey, ChannelAccountId, Channel, Transition, Time, CloudEvent, StatusRowKeys.OutboxOrderOf(RowKey, ChannelAccountId));
}
