using ConnectionStatusFunctions.Service.Security;

namespace ConnectionStatusFunctions.Service.Demo;

public static class DemoRegistration
{
    /// <summary>The demo tenant's settings and its seeder (Development only, see <see cref="DemoOptions"/>).</summary>
    public static IServiceCollection AddDemoTenant(this IServiceCollection services, AppEnvironment environment)
    {
        services.AddSettings<DemoOptions>(DemoOptions.SectionName, o => o.Validate(environment));
        services.AddSingleton<DemoSeeder>();
        return services;
    }

    /// <summary>Seeds <c>Demo:Tenant</c> at start-up. The standalone host's, for ./run.sh; the Functions app in Azure never seeds.</summary>
    public static IServiceCollection AddDemoSeeding(this IServiceCollection services) => services.AddHostedService<DemoSeeding>();
}
