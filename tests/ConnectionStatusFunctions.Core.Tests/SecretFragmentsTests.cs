using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>The leak check the secret tests share finds what a reader would find, and nothing else.</summary>
public sealed class SecretFragmentsTests
{
    private const string Secret = "Tq9vW3kZ8rLm";

    [Theory]
    [InlineData("token Tq9vW3kZ8rLm rejected", "Tq9vW3kZ")]
    [InlineData("token [REDACTED]Z8rLm rejected", null)]
    [InlineData("token xxW3kZ8rLmxx rejected", "W3kZ8rLm")]
    public void ItFindsTheFirstEightCharactersOfTheSecretThatSurvive(string text, string? expected) =>
        Assert.Equal(expected, SecretFragments.FirstIn(text, Secret));

    [Theory]
    [InlineData("token Tq9v\u0301W3kZ\u0301 8rLm rejected")]
    [InlineData("T\0q\09\0v\0W\03\0k\0Z\0")]
    [InlineData("token T q 9 v W 3 k Z rejected")]
    public void JoinedItAlsoFindsASecretSplitByMarksNulsOrSpaces(string text)
    {
        Assert.Null(SecretFragments.FirstIn(text, Secret));
        Assert.NotNull(SecretFragments.FirstIn(text, Secret, joined: true));
    }
}
