namespace ConnectionStatusFunctions.App.Triggers;

public static class TriggerExtensions
{
    public static IServiceCollection AddTriggers(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapTriggerInvocations(this IEndpointRouteBuilder app) => app;
}
