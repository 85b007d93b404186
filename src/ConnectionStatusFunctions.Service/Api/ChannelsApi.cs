using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>Provider health per channel, as the last probe run measured it.</summary>
public sealed class ChannelsApi(ChannelHealthStore store)
{
    public async Task<Ok<ChannelHealthList>> GetHealthAsync(CancellationToken cancellationToken)
    {
        var items = (await store.ListAsync(cancellationToken))
            .OrderBy(h => h.Channel)
            .Select(h => new ChannelHealthView(h.Channel, ChannelNames.DisplayName(h.Channel), h.Checked, h.Failing, h.ErrorRate, h.IsOutage, h.ComputedAt))
            .ToList();
        return TypedResults.Ok(new ChannelHealthList(items));
    }
}
