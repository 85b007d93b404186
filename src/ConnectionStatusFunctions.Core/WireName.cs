using System.Text;

namespace ConnectionStatusFunctions.Core;

/// <summary>The lower-case snake_case text of an enum value, and the strict inverse.</summary>
public static class WireName
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.ByValue[value];

    /// <summary>Exact, case-sensitive match: "Connected" or "CONNECTED" are not accepted.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        if (text is not null && Names<TEnum>.ByName.TryGetValue(text, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not one of {AllowedValues<TEnum>()}.");

    /// <summary>
    /// A request field that names an enum value: null when the field is absent, or, with the field's
    /// error recorded under its name, when its text names no value.
    /// </summary>
    public static TEnum? ReadField<TEnum>(string? text, string field, IDictionary<string, string[]> errors) where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (text is null)
        {
            return null;
        }

        if (TryParse<TEnum>(text, out var value))
        {
            return value;
        }

        errors[field] = [$"{field} must be one of {AllowedValues<TEnum>()}."];
        return null;
    }

    /// <summary>For error messages: "'a', 'b', 'c'".</summary>
    public static string AllowedValues<TEnum>() where TEnum : struct, Enum => Names<TEnum>.Allowed;

    private static string ToSnakeCase(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => ToSnakeCase(v.ToString()));

        public static readonly Dictionary<string, TEnum> ByName =
            ByValue.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

        public static readonly string Allowed = string.Join(", ", ByValue.Values.Select(n => $"'{n}'"));
    }
}
