using System.ComponentModel;

namespace ConnectionStatusFunctions.Service.Api;

[Description("The app can serve: its storage account answered.")]
public sealed record AppHealth(
    [Description("Always `healthy` in a 200; an app that cannot serve answers a 503 problem instead.")] string Status,
    [Description("Always `reachable` in a 200.")] string Storage);
