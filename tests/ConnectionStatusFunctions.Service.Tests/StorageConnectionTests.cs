using Azure.Identity;
using ConnectionStatusFunctions.Service.Storage;
using Microsoft.Extensions.Configuration;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Every form of the AzureWebJobsStorage setting, as environment variables spell them (__ between parts).</summary>
public sealed class StorageConnectionTests
{
    private static StorageConnection Read(bool isDevelopment = false, params (string Name, string Value)[] variables)
    {
        // Environment variables become configuration keys with ':' for '__', as both hosts read them.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Name.Replace("__", ":", StringComparison.Ordinal), v.Value)))
            .Build();
        return StorageConnection.Read(configuration, isDevelopment);
    }

    private static string Failure(params (string Name, string Value)[] variables) =>
        Assert.Throws<InvalidOperationException>(() => Read(false, variables)).Message;

    [Fact]
    public void AConnectionStringIsUsedAsItIs()
    {
        var connection = Read(false, ("AzureWebJobsStorage", "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=a2V5;EndpointSuffix=core.windows.net"));

        Assert.False(connection.UsesIdentity);
        Assert.Equal(new Uri("https://acme.table.core.windows.net/"), connection.Tables().Uri);
        Assert.Equal(new Uri("https://acme.queue.core.windows.net/"), connection.Queues(new()).Uri);
        Assert.Equal(new Uri("https://acme.blob.core.windows.net/"), connection.Blobs().Uri);
    }

    [Fact]
    public void AnAccountNameMeansTheAccountsThreeEndpointsWithTheDefaultCredential()
    {
        var connection = Read(false, ("AzureWebJobsStorage__accountName", "acme"));

        Assert.True(connection.UsesIdentity);
        Assert.Equal(new Uri("https://acme.table.core.windows.net"), connection.TableUri);
        Assert.Equal(new Uri("https://acme.queue.core.windows.net"), connection.QueueUri);
        Assert.Equal(new Uri("https://acme.blob.core.windows.net"), connection.BlobUri);
        Assert.IsType<DefaultAzureCredential>(connection.TokenCredential());
        Assert.Equal(connection.TableUri, new Uri(connection.Tables().Uri.ToString().TrimEnd('/')));
    }

    [Fact]
    public void ServiceUrisWithAManagedIdentityNameEachEndpoint()
    {
        var connection = Read(false,
            ("AzureWebJobsStorage__tableServiceUri", "https://acme.table.core.windows.net"),
            ("AzureWebJobsStorage__queueServiceUri", "https://acme.queue.core.windows.net"),
            ("AzureWebJobsStorage__blobServiceUri", "https://acme.blob.core.windows.net"),
            ("AzureWebJobsStorage__credential", "managedidentity"));

        Assert.Equal(new Uri("https://acme.queue.core.windows.net"), connection.QueueUri);
        Assert.IsType<ManagedIdentityCredential>(connection.TokenCredential());
        Assert.Null(connection.ClientId);
    }

    [Fact]
    public void AClientIdChoosesAUserAssignedIdentity()
    {
        var connection = Read(false,
            ("AzureWebJobsStorage__accountName", "acme"),
            ("AzureWebJobsStorage__credential", "managedidentity"),
            ("AzureWebJobsStorage__clientId", "00000000-0000-0000-0000-000000000001"));

        Assert.Equal("00000000-0000-0000-0000-000000000001", connection.ClientId);
        Assert.IsType<ManagedIdentityCredential>(connection.TokenCredential());
    }

    [Fact]
    public void AServiceUriOverridesTheOneTheAccountNameImplies()
    {
        var connection = Read(false, ("AzureWebJobsStorage__accountName", "acme"), ("AzureWebJobsStorage__tableServiceUri", "https://acme-secondary.table.core.windows.net"));

        Assert.Equal(new Uri("https://acme-secondary.table.core.windows.net"), connection.TableUri);
        Assert.Equal(new Uri("https://acme.blob.core.windows.net"), connection.BlobUri);
    }

    [Fact]
    public void AnIncompleteIdentityConnectionNamesWhatIsMissing()
    {
        var message = Failure(("AzureWebJobsStorage__tableServiceUri", "https://acme.table.core.windows.net"), ("AzureWebJobsStorage__credential", "managedidentity"));

        Assert.Contains("AzureWebJobsStorage__queueServiceUri", message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", message, StringComparison.Ordinal);
        Assert.DoesNotContain("__tableServiceUri,", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__credential", "clientsecret", "AzureWebJobsStorage__credential 'clientsecret'")]
    [InlineData("AzureWebJobsStorage__clientId", "00000000-0000-0000-0000-000000000001", "AzureWebJobsStorage__clientId is set without")]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "not a uri", "AzureWebJobsStorage__tableServiceUri 'not a uri'")]
    public void AWrongPartStopsStartUpNamingIt(string name, string value, string named) =>
        Assert.Contains(named, Failure(("AzureWebJobsStorage__accountName", "acme"), (name, value)), StringComparison.Ordinal);

    [Fact]
    public void NothingAtAllStopsStartUpOutsideDevelopmentAndMeansTheEmulatorInIt()
    {
        Assert.Contains("AzureWebJobsStorage is not set", Failure(), StringComparison.Ordinal);
        Assert.Equal(StorageConnection.Emulator, Read(isDevelopment: true).ConnectionString);
    }
}
