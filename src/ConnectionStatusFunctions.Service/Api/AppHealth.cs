namespace ConnectionStatusFunctions.Service.Api;

public sealed record AppHealth(string Status, string Storage);
