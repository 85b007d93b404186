using ConnectionStatusFunctions.App.Security;
using ConnectionStatusFunctions.App.Storage;
using ConnectionStatusFunctions.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.App.Api;

public sealed record ChannelHealthView(Channel Channel, string DisplayName, int Checked, int Failing, double ErrorRate, bool IsOutage, DateTimeOffset ComputedAt);

public sealed record ChannelHealthList(IReadOnlyList<ChannelHealthView> Items);

/// <summary>Provider health per channel, as the last probe run measured it.</summary>
public static class ChannelsApi
{
    public static RouteGroupBuilder MapChannelsApi(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/api/channels").WithTags("Channels").RequireAuthorization(Policies.ReadStatus);
        channels.MapGet("/health", GetHealth).WithName("GetChannelHealth");
        return channels;
    }

    public static async Task<Ok<ChannelHealthList>> GetHealth(ChannelHealthStore store, CancellationToken cancellationToken)
    {
        var items = (await store.ListAsync(cancellationToken))
            .OrderBy(h => h.Channel)
            .Select(h => new ChannelHealthView(h.Channel, ChannelNames.DisplayName(h.Channel), h.Checked, h.Failing, h.ErrorRate, h.IsOutage, h.ComputedAt))
            .ToList();
        return TypedResults.Ok(new ChannelHealthList(items));
    }
}
