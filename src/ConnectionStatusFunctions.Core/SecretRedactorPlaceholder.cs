namespace ConnectionStatusFunctions.Core;

public static class SecretRedactor
{
    public static string Redact(string? message) => message ?? string.Empty;
}
