using ConnectionStatusFunctions.Service.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker.Http;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>Provider health per channel, and whether the app itself can serve.</summary>
public sealed class HealthFunctions(ChannelsApi channels, AppHealthApi app)
{
    [Function(StatusRoutes.GetChannelHealthName)]
    public Task<Ok<ChannelHealthList>> GetChannelHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StatusRoutes.ChannelHealthTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        channels.GetHealthAsync(cancellationToken);

    [Function(StatusRoutes.AppHealthName)]
    public Task<Results<Ok<AppHealth>, ProblemHttpResult>> AppHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StatusRoutes.AppHealthTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        app.CheckAsync(cancellationToken);
}
