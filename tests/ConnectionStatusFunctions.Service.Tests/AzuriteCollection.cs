using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Service.Tests;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "Azurite";
}
