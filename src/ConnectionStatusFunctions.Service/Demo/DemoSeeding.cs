using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Demo;

/// <summary>Seeds the configured demo tenant before the host starts listening, so the first page load shows it.</summary>
public sealed class DemoSeeding(DemoSeeder seeder, IOptions<DemoOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(options.Value.Tenant))
        {
            await seeder.SeedAsync(options.Value.Tenant, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
