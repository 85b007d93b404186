using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Api;

public static class ApiRegistration
{
    /// <summary>The JSON API's handlers, its contract, and the problems every error becomes.</summary>
    public static IServiceCollection AddStatusApi(this IServiceCollection services)
    {
        services.AddSettings<ActionTexts>(ActionTexts.SectionName, o => o.Validate());
        services.ConfigureHttpJsonOptions(o => ServiceJson.Apply(o.SerializerOptions));
        services.AddProblemDetails();
        // After AddProblemDetails: the writer of last resort, for an Accept the default writer refuses.
        services.AddSingleton<IProblemDetailsWriter, AnyAcceptProblemWriter>();
        services.AddSingleton<ProblemMapping>();
        services.AddSingleton<RequestBudget>();
        services.AddSingleton<ConnectionViews>();
        services.AddSingleton<ConnectionsApi>();
        services.AddSingleton<TenantsApi>();
        services.AddSingleton<ChannelsApi>();
        services.AddSingleton<AppHealthApi>();
        services.AddSingleton<ApiContract>();
        return services;
    }
}
