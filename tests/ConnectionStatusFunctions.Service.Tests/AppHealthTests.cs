using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>/api/healthz is anonymous, so its storage query is shared: one a second however many ask.</summary>
public sealed class AppHealthTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task ThreeThousandCallsWithinASecondMakeOneStorageQuery()
    {
        var counter = new RequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var clock = new FakeTimeProvider(TestClock.Start);
        var health = new AppHealthApi(new StorageReachability(new TableServiceClient(azurite.ConnectionString, options), NullLogger<StorageReachability>.Instance), clock, NullLogger<AppHealthApi>.Instance);

        var answers = await Task.WhenAll(Enumerable.Range(0, 3000).Select(_ => health.CheckAsync(CancellationToken.None)));

        Assert.All(answers, answer => Assert.Equal("healthy", answer.Value!.Status));
        Assert.Equal(1, counter.Sent);

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal("healthy", (await health.CheckAsync(CancellationToken.None)).Value!.Status);
        Assert.Equal(1, counter.Sent);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("healthy", (await health.CheckAsync(CancellationToken.None)).Value!.Status);
        Assert.Equal(2, counter.Sent);
    }
}
