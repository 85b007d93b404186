using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Functions.Tests;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "Azurite";
}
