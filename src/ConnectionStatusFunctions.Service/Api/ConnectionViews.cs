using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>Turns stored rows into what readers see, evaluating health as of now and the current provider outages.</summary>
public sealed class ConnectionViews(ChannelHealthStore channels, IOptions<ActionTexts> texts, TimeProvider time)
{
    /// <summary>Reads the outages once; the returned lens then evaluates any number of rows.</summary>
    public async Task<HealthLens> AsOfNowAsync(CancellationToken cancellationToken) =>
        new(await channels.GetOutagesAsync(cancellationToken), time.GetUtcNow(), texts.Value);

    public async Task<ConnectionView> CreateAsync(StoredConnection stored, CancellationToken cancellationToken) =>
        (await AsOfNowAsync(cancellationToken)).View(stored);
}
