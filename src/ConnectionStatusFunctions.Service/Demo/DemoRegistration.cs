namespace ConnectionStatusFunctions.Service.Demo;

public static class DemoRegistration
{
    /// <summary>Seeds <c>Demo:Tenant</c> at start-up. The standalone host's, for ./run.sh; the Functions app in Azure never seeds.</summary>
    public static IServiceCollection AddDemoSeeding(this IServiceCollection services) => services.AddHostedService<DemoSeeding>();
}
