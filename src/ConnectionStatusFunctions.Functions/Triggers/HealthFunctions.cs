using ConnectionStatusFunctions.Service.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Functions.Triggers;

/// <summary>Provider health per channel, and whether the app itself can serve; cancelled by the request budget (see ConnectionFunctions).</summary>
public sealed class HealthFunctions(ChannelsApi channels, AppHealthApi app)
{
    [Function(StatusRoutes.GetChannelHealthName)]
    public Task<Ok<ChannelHealthList>> GetChannelHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.ChannelHealthTemplate)] HttpRequest request) =>
        channels.GetHealthAsync(request.HttpContext.RequestAborted);

    [Function(StatusRoutes.AppHealthName)]
    public Task<Ok<AppHealth>> AppHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = StatusRoutes.AppHealthTemplate)] HttpRequest request) =>
        app.CheckAsync(request.HttpContext.RequestAborted);
}
