using ConnectionStatusFunctions.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Settings the app checks before it serves anything.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StartupSettingsTests(Azurite azurite)
{
    [Fact]
    public void AMissingStorageConnectionStopsTheAppOutsideDevelopment()
    {
        using var production = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "" })
            .WithWebHostBuilder(b => b.UseEnvironment(Environments.Production));

        var error = Assert.ThrowsAny<InvalidOperationException>(() => production.CreateClient());

        Assert.Contains("AzureWebJobsStorage is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InDevelopmentAMissingStorageConnectionMeansTheLocalEmulator()
    {
        using var development = new StatusApplication(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "" })
            .WithWebHostBuilder(b => b.UseEnvironment(Environments.Development));

        var tables = (Azure.Data.Tables.TableServiceClient)development.Services.GetService(typeof(Azure.Data.Tables.TableServiceClient))!;

        // The emulator's well-known table endpoint, not the test Azurite (same account name, a free port).
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), tables.Uri);
    }
}
