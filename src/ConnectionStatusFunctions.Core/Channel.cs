using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ConnectionStatusFunctions.Core;

// Travels as lower-case snake_case text, as every enum of Vocabulary.cs does: renaming a member renames the wire value.
[Description("The messaging channel an account belongs to.")]
[JsonConverter(typeof(WireNameJsonConverter<Channel>))]
public enum Channel
{
    Line,
    Facebook,
    Instagram,
    Shopee,
    Lazada,
    Tiktok,
    Webchat,
    Email,
    Other,
}

public static class ChannelNames
{
    public static string DisplayName(Channel channel) => channel switch
    {
        Channel.Line => "LINE",
        Channel.Facebook => "Facebook",
        Channel.Instagram => "Instagram",
        Channel.Shopee => "Shopee",
        Channel.Lazada => "Lazada",
        Channel.Tiktok => "TikTok",
        Channel.Webchat => "Web chat",
        Channel.Email => "Email",
        _ => "Other",
    };
}
