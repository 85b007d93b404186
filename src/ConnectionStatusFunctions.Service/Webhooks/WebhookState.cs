using System.ComponentModel;
using System.Text.Json.Serialization;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Webhooks;

[Description("Whether a subscription receives events.")]
[JsonConverter(typeof(WireNameJsonConverter<WebhookState>))]
public enum WebhookState
{
    Active,

    /// <summary>A delivery was given up with no successful delivery since its first attempt.</summary>
    Disabled,
}
