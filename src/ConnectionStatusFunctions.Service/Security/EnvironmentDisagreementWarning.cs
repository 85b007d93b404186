namespace ConnectionStatusFunctions.Service.Security;

/// <summary>
/// Says at start-up, as a warning, when the environment variables disagree (DOTNET_ENVIRONMENT beside
/// ASPNETCORE_ENVIRONMENT or AZURE_FUNCTIONS_ENVIRONMENT), naming them and the environment the host took.
/// A refusal already names them when something only Development allows is configured; without one, the
/// app starts as the host decided, and someone who set ASPNETCORE_ENVIRONMENT=Development beside
/// DOTNET_ENVIRONMENT=Production would otherwise have no hint why the host runs as Production.
/// </summary>
public sealed class EnvironmentDisagreementWarning(AppEnvironment appEnvironment, ILogger<EnvironmentDisagreementWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (appEnvironment.Disagreement is { } disagreement)
        {
            logger.LogWarning("{Disagreement}. The host took the environment {HostEnvironment}", disagreement, appEnvironment.HostEnvironmentName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
