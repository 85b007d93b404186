namespace ConnectionStatusFunctions.App.Triggers;

/// <summary>
/// What differs when the Azure Functions host runs this app as a custom handler: the host picks
/// the port and passes it in FUNCTIONS_CUSTOMHANDLER_PORT, names the environment in
/// AZURE_FUNCTIONS_ENVIRONMENT, and owns the timer and queue triggers itself.
/// </summary>
public static class FunctionsHost
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string EnvironmentVariable = "AZURE_FUNCTIONS_ENVIRONMENT";

    public static bool IsCustomHandler => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PortVariable));

    public static string[] ApplyTo(string[] args)
    {
        var functionsEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var ownEnvironment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        return string.IsNullOrEmpty(functionsEnvironment) || !string.IsNullOrEmpty(ownEnvironment)
            ? args
            : [.. args, "--environment", functionsEnvironment];
    }

    public static void ListenOnHandlerPort(IWebHostBuilder webHost)
    {
        var port = Environment.GetEnvironmentVariable(PortVariable);
        if (!string.IsNullOrEmpty(port))
        {
            // Only the host on this machine talks to the handler.
            webHost.UseUrls($"http://127.0.0.1:{port}");
        }
    }
}
