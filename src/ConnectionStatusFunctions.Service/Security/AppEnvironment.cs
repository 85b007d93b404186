namespace ConnectionStatusFunctions.Service.Security;

/// <summary>
/// Whether the app may use what only a development machine may: the published development keys,
/// the demo tenant, the local emulator as a default. The standalone host reads its environment from
/// ASPNETCORE_ENVIRONMENT, the Functions worker from AZURE_FUNCTIONS_ENVIRONMENT or DOTNET_ENVIRONMENT;
/// when more than one is set and they say different things, somebody meant one of them to be a real
/// environment, so the app is not Development whichever one its host happened to read.
/// </summary>
public sealed record AppEnvironment(bool IsDevelopment, string? Disagreement)
{
    public const string AzureFunctionsVariable = "AZURE_FUNCTIONS_ENVIRONMENT";
    public const string DotNetVariable = "DOTNET_ENVIRONMENT";
    public const string AspNetCoreVariable = "ASPNETCORE_ENVIRONMENT";

    private static readonly string[] Variables = [AzureFunctionsVariable, DotNetVariable, AspNetCoreVariable];

    public static AppEnvironment Of(IHostEnvironment environment, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        var set = Variables
            .Select(name => (Name: name, Value: configuration[name]))
            .Where(variable => !string.IsNullOrEmpty(variable.Value))
            .ToArray();
        var disagree = set.Select(variable => variable.Value!).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1;
        var disagreement = disagree
            ? $"{Listed(set.Select(variable => $"{variable.Name}={variable.Value}").ToArray())} disagree, so the app does not run as Development; set one of them, or all alike"
            : null;
        return new AppEnvironment(environment.IsDevelopment() && disagreement is null, disagreement);
    }

    private static string Listed(string[] items) =>
        items.Length <= 2 ? string.Join(" and ", items) : $"{string.Join(", ", items[..^1])} and {items[^1]}";

    /// <summary>The start-up message for something only Development allows, naming the variables when they disagree.</summary>
    public string OnlyInDevelopment(string what) =>
        Disagreement is null ? $"{what} outside Development." : $"{what} outside Development: {Disagreement}.";
}
