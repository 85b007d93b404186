namespace ConnectionStatusFunctions.Core;

public static class SecretRedactor
{
    public static string Redact(string? message, int maxLength = 512) => (message ?? string.Empty)[..Math.Min(maxLength, (message ?? string.Empty).Length)];
}
