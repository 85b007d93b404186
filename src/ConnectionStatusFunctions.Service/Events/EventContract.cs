using System.ComponentModel;
using System.Text.Json.Serialization;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// The event as the contract describes it (the OpenAPI document's <c>webhooks</c>): the service never
/// serializes these records, <see cref="CloudEventJson"/> writes the bytes, and a test holds every
/// event it writes to this schema.
/// </summary>
[Description("A status-change event, as the events queue and every webhook delivery carry it: a CloudEvents 1.0 JSON event in structured mode. Receivers dedupe on `id`.")]
public sealed record AccountEventDocument(
    [property: JsonPropertyName("specversion")][Description("The CloudEvents version: 1.0.")] string SpecVersion,
    [Description("Unique for ever: `{tenantId}/{channelAccountId}/{incarnation}/{transition}` for a status change; a flapping start or stop and a deletion add a suffix of their own (`/flapping-started-{n}`, `/flapping-stopped-{n}`, `/deleted-{n}`) to the id of the account's last transition. The incarnation changes when a deleted account is created again. The same event delivered again has the same id.")] string Id,
    [Description("`/tenants/{tenantId}`: the tenant whose account it is.")] string Source,
    [Description("What the event announces: a status change, the start or stop of flapping, or the account's deletion (its data then shows the status it had, `from` equal to `to`, and `at` the deletion).")] string Type,
    [Description("The channel account the event is about.")] string Subject,
    [Description("When the change was observed (UTC); for a deletion, when the account was deleted, on the service's clock.")] DateTimeOffset Time,
    [property: JsonPropertyName("datacontenttype")][Description("The media type of `data`: application/json.")] string DataContentType,
    [Description("The change: the same redacted fields as the account's history entry, with its health after it.")] AccountEventData Data);

[Description("What an event says about the account: the history entry's fields, redacted as the history is, plus its health and recommended action right after the change.")]
public sealed record AccountEventData(
    [Description("The tenant.")] string TenantId,
    [Description("The channel account.")] string ChannelAccountId,
    [Description("The account's channel.")] Channel Channel,
    [Description("The account's incarnation, as in `id`: 32 lower-case hex digits of a version 7 UUID, new when a deleted account is created again. Incarnations sort by when they began: compare them as strings (ordinal), a later incarnation is greater.")] string Incarnation,
    [Description("The event's number within its incarnation: 1 for the incarnation's first event, one more per event of any type (status change, flapping start or stop, deletion). Order one account's events by (`incarnation`, `sequence`): that is the order they were written and are published in.")] long Sequence,
    [Description("The account's transition number (the history's sequence): 1 for its first state, one more per change, restarting at 1 in a new incarnation; a flapping or deleted event repeats the number of the transition before it. Not an order of events on its own: use (`incarnation`, `sequence`).")] long Transition,
    [Description("When the change was observed (UTC); for a deletion, when the account was deleted, on the service's clock.")] DateTimeOffset At,
    [Description("The status before; null for the account's first state.")] ConnectionStatus? From,
    [Description("The status after.")] ConnectionStatus To,
    [Description("Why, for a change to error; otherwise null.")] ErrorCategory? ErrorCategory,
    [Description("The connector's error code, for a change to error; otherwise null.")] string? ErrorCode,
    [Description("The error message with secrets redacted, for a change to error; otherwise null.")] string? ErrorSummary,
    [Description("Who observed the change.")] ReportSource Source,
    [Description("The account's health right after the change, as the account alone shows it.")] HealthState Health,
    [Description("What support should do, or null when nothing is needed.")] string? RecommendedAction,
    [Description("Whether the account is switching back and forth (its transitions are then recorded, not announced).")] bool IsFlapping);
