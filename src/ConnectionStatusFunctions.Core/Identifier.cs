namespace ConnectionStatusFunctions.Core;

/// <summary>Identifiers that may reach Table Storage keys, logs and URLs unescaped.</summary>
public static class Identifier
{
    public const int MaxLength = 128;

    public const string Rule = "1-128 characters of letters, digits, '-', '_', '.' or ':', not only dots";

    /// <summary>
    /// Every id must survive a round trip through a URL path segment unchanged: Kestrel and
    /// System.Uri remove the segments "." and "..", so ids made only of dots are refused, "..." too.
    /// </summary>
    public static bool IsValid(string? value) => IsSafe(value, MaxLength) && value!.AsSpan().ContainsAnyExcept('.');

    /// <summary>Adds an error for each id of a channel account's address that breaks the rule.</summary>
    public static void AddErrors(IDictionary<string, string[]> errors, string tenantId, string? channelAccountId = null)
    {
        if (!IsValid(tenantId))
        {
            errors["tenantId"] = [$"tenantId must be {Rule}."];
        }

        if (channelAccountId is not null && !IsValid(channelAccountId))
        {
            errors["channelAccountId"] = [$"channelAccountId must be {Rule}."];
        }
    }

    public static bool IsSafe(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
