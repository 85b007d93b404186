namespace ConnectionStatusFunctions.Testing;

/// <summary>The instant the tests with a fixed clock start at, one for every project, so their times read alike.</summary>
public static class TestClock
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
}
