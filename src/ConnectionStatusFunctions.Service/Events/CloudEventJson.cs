using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Events;

/// <summary>
/// An account event as a CloudEvents 1.0 JSON document (structured mode), written by hand: the
/// required attributes and three optional ones are all it takes, and the bytes are then the same
/// for the queue and every webhook. Text is escaped only where JSON requires it, so that a summary
/// in Thai or Japanese stays readable and its size stays close to its length (docs/events.md, "Limits").
/// </summary>
public static class CloudEventJson
{
    public const string SpecVersion = "1.0";
    public const string ContentType = "application/json";

    private static readonly JsonWriterOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Where the events come from: the tenant, so a receiver serving several tenants can route on it.</summary>
    public static string SourceOf(string tenantId) => $"/tenants/{tenantId}";

    public static string Of(AccountEvent accountEvent)
    {
        ArgumentNullException.ThrowIfNull(accountEvent);
        var what = accountEvent.What;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Writing))
        {
            json.WriteStartObject();
            json.WriteString("specversion", SpecVersion);
            json.WriteString("id", accountEvent.Id);
            json.WriteString("source", SourceOf(accountEvent.TenantId));
            json.WriteString("type", accountEvent.Type);
            json.WriteString("subject", accountEvent.ChannelAccountId);
            json.WriteString("time", what.At.ToUniversalTime());
            json.WriteString("datacontenttype", ContentType);
            json.WriteStartObject("data");
            json.WriteString("tenantId", accountEvent.TenantId);
            json.WriteString("channelAccountId", accountEvent.ChannelAccountId);
            json.WriteString("channel", WireName.Of(accountEvent.Channel));
            json.WriteString("incarnation", accountEvent.Incarnation);
            json.WriteNumber("sequence", accountEvent.Sequence);
            json.WriteNumber("transition", accountEvent.Transition);
            json.WriteString("at", what.At.ToUniversalTime());
            WriteOrNull(json, "from", what.From is { } from ? WireName.Of(from) : null);
            json.WriteString("to", WireName.Of(what.To));
            WriteOrNull(json, "errorCategory", what.ErrorCategory is { } category ? WireName.Of(category) : null);
            WriteOrNull(json, "errorCode", what.ErrorCode);
            WriteOrNull(json, "errorSummary", what.ErrorSummary);
            json.WriteString("source", WireName.Of(what.Source));
            json.WriteString("health", WireName.Of(accountEvent.Health));
            WriteOrNull(json, "recommendedAction", accountEvent.RecommendedAction);
            json.WriteBoolean("isFlapping", accountEvent.IsFlapping);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
