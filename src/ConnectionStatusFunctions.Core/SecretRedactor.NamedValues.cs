using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// A JSON object that names its secret in one property and holds it in the next: {"name":"password","value":"x"},
// AWS's {"ParameterKey":"DbPassword","ParameterValue":"x"}, .NET's {"Key":"ApiSecret","Value":"x"}. The key that names
// a secret is itself a value, so the key pass, which reads property names, never sees it.
public static partial class SecretRedactor
{
    [GeneratedRegex(@"""[a-z]*(?:name|key)""\s*:\s*""(?<name>[^""\\]{1,64})""\s*,\s*""[a-z]*value""\s*:\s*""(?<secret>(?:[^""\\]|\\.)+)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex NamedJsonValue();

    private static string RedactNamedJsonValues(string text) =>
        text.Contains("value\"", StringComparison.OrdinalIgnoreCase) ? NamedJsonValue().Replace(text, ReplaceNamedPair) : text;
}
