namespace ConnectionStatusFunctions.Service.Security;

/// <summary>
/// Whether the app may use what only a development machine may: the published development keys,
/// the demo tenant, the local emulator as a default. The standalone host reads its environment from
/// ASPNETCORE_ENVIRONMENT, the Functions worker from DOTNET_ENVIRONMENT; when both are set and say
/// different things, somebody meant one of them to be a real environment, so the app is not
/// Development whichever one its host happened to read.
/// </summary>
public sealed record AppEnvironment(bool IsDevelopment, string? Disagreement)
{
    public const string DotNetVariable = "DOTNET_ENVIRONMENT";
    public const string AspNetCoreVariable = "ASPNETCORE_ENVIRONMENT";

    public static AppEnvironment Of(IHostEnvironment environment, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        var dotnet = configuration[DotNetVariable];
        var aspNetCore = configuration[AspNetCoreVariable];
        var disagreement = !string.IsNullOrEmpty(dotnet) && !string.IsNullOrEmpty(aspNetCore) && !string.Equals(dotnet, aspNetCore, StringComparison.OrdinalIgnoreCase)
            ? $"{DotNetVariable}={dotnet} and {AspNetCoreVariable}={aspNetCore} disagree, so the app does not run as Development; set one of them, or both alike"
            : null;
        return new AppEnvironment(environment.IsDevelopment() && disagreement is null, disagreement);
    }

    /// <summary>The start-up message for something only Development allows, naming the variables when they disagree.</summary>
    public string OnlyInDevelopment(string what) =>
        Disagreement is null ? $"{what} outside Development." : $"{what} outside Development: {Disagreement}.";
}
