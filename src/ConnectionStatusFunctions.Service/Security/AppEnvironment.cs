namespace ConnectionStatusFunctions.Service.Security;

/// <summary>
/// Whether the app may use what only a development machine may: the published development keys,
/// the demo tenant, the local emulator as a default. The standalone host reads its environment from
/// ASPNETCORE_ENVIRONMENT or DOTNET_ENVIRONMENT (DOTNET_ENVIRONMENT wins when both are set, as
/// WebApplication.CreateBuilder reads them), the Functions worker from AZURE_FUNCTIONS_ENVIRONMENT or DOTNET_ENVIRONMENT;
/// when more than one is set and they say different things, somebody meant one of them to be a real
/// environment, so the app is not Development whichever one its host happened to read. Each name
/// counts in every letter case it is set in (Linux keeps ASPNETCORE_ENVIRONMENT and
/// aspnetcore_environment apart, and a host may read either). The host's
/// own environment can also come from elsewhere (--environment on the command line, a host setting);
/// it is Development only when none of the variables names another one, so a command-line switch
/// cannot turn a machine whose variables say Production into a development one.
/// </summary>
public sealed record AppEnvironment(bool IsDevelopment, string? Disagreement, string HostEnvironmentName)
{
    public const string AzureFunctionsVariable = "AZURE_FUNCTIONS_ENVIRONMENT";
    public const string DotNetVariable = "DOTNET_ENVIRONMENT";
    public const string AspNetCoreVariable = "ASPNETCORE_ENVIRONMENT";

    private static readonly string[] Variables = [AzureFunctionsVariable, DotNetVariable, AspNetCoreVariable];

    public static AppEnvironment Of(IHostEnvironment environment, IConfiguration configuration) =>
        Of(environment, configuration, Environment.GetEnvironmentVariables());

    /// <summary>
    /// As <see cref="Of(IHostEnvironment, IConfiguration)"/>, with the process's variables given:
    /// Linux keeps variables whose names differ only in letter case apart (ASPNETCORE_ENVIRONMENT
    /// beside aspnetcore_environment), while configuration keys ignore case and keep one of them, so
    /// the host may have read the one configuration hides. Every spelling that is set counts.
    /// </summary>
    internal static AppEnvironment Of(IHostEnvironment environment, IConfiguration configuration, System.Collections.IDictionary processVariables)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(processVariables);
        var process = processVariables.Cast<System.Collections.DictionaryEntry>()
            .Select(entry => (Name: entry.Key as string ?? string.Empty, Value: entry.Value as string ?? string.Empty))
            .ToArray();
        var set = new List<(string Name, string Value)>();
        foreach (var name in Variables)
        {
            // Ordinal order, so the message is the same whichever order the process lists them in.
            var spellings = process
                .Where(variable => string.Equals(variable.Name, name, StringComparison.OrdinalIgnoreCase) && variable.Value.Length > 0)
                .OrderBy(variable => variable.Name, StringComparer.Ordinal)
                .ToList();
            set.AddRange(spellings);
            // A setting from elsewhere (a host setting, the tests' configuration) counts too; a value
            // one of the spellings already holds is that variable read through configuration.
            if (configuration[name] is { Length: > 0 } configured && !spellings.Any(variable => string.Equals(variable.Value, configured, StringComparison.Ordinal)))
            {
                set.Add((name, configured));
            }
        }

        var named = set.Select(variable => $"{variable.Name}={variable.Value}").ToList();
        var disagree = set.Select(variable => variable.Value).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1;
        if (!disagree && environment.IsDevelopment() && set.Count > 0 && !string.Equals(set[0].Value, environment.EnvironmentName, StringComparison.OrdinalIgnoreCase))
        {
            // The variables agree among themselves, but the host was told Development some other way.
            named.Insert(0, $"the host's environment {environment.EnvironmentName} (--environment or a host setting)");
            disagree = true;
        }

        var disagreement = disagree
            ? $"{Listed([.. named])} disagree, so the app does not run as Development; set one of them, or all alike"
            : null;
        return new AppEnvironment(environment.IsDevelopment() && disagreement is null, disagreement, environment.EnvironmentName);
    }

    private static string Listed(string[] items) =>
        items.Length <= 2 ? string.Join(" and ", items) : $"{string.Join(", ", items[..^1])} and {items[^1]}";

    /// <summary>The start-up message for something only Development allows, naming the variables when they disagree.</summary>
    public string OnlyInDevelopment(string what) =>
        Disagreement is null ? $"{what} outside Development." : $"{what} outside Development: {Disagreement}.";
}
