using ConnectionStatusFunctions.Service.Intake;
using Microsoft.Extensions.Time.Testing;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The standalone listener's memory of when each message first met a storage failure.</summary>
public sealed class StorageFailureMemoryTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-30T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void AMessageIsHandedBackUncountedOnlyUntilTheAllowanceFromItsFirstStorageFailure()
    {
        var memory = new StorageFailureMemory(_clock);
        const string stuck = "{\"channelAccountId\":\"stuck\"}";

        Assert.True(memory.MayHandBack(stuck));
        _clock.Advance(QueueDelivery.StorageOutageAllowance - TimeSpan.FromSeconds(1));
        Assert.True(memory.MayHandBack(stuck));
        // Counted from the first failure, not the latest: failing again does not renew the allowance.
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(memory.MayHandBack(stuck));
        Assert.False(memory.MayHandBack(stuck));
        // Another message has its own allowance.
        Assert.True(memory.MayHandBack("{\"channelAccountId\":\"other\"}"));
    }

    [Fact]
    public void AForgottenMessageStartsANewAllowance()
    {
        var memory = new StorageFailureMemory(_clock);
        const string message = "{\"channelAccountId\":\"applied\"}";
        Assert.True(memory.MayHandBack(message));
        _clock.Advance(QueueDelivery.StorageOutageAllowance);

        memory.Forget(message);

        Assert.True(memory.MayHandBack(message));
    }

    [Fact]
    public void TextsThatDifferOnlyInALoneSurrogateAreDifferentMessages()
    {
        var memory = new StorageFailureMemory(_clock);
        Assert.True(memory.MayHandBack("x\uD800y"));
        _clock.Advance(QueueDelivery.StorageOutageAllowance);

        Assert.False(memory.MayHandBack("x\uD800y"));
        Assert.True(memory.MayHandBack("x\uDBFFy"));
    }

    [Fact]
    public void PastItsCapacityTheMessageSeenFailingLeastRecentlyIsForgotten()
    {
        var memory = new StorageFailureMemory(_clock);
        for (var i = 0; i < StorageFailureMemory.Capacity; i++)
        {
            Assert.True(memory.MayHandBack($"message-{i}"));
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        // message-0 failed again just now, so message-1 is the one seen least recently.
        Assert.True(memory.MayHandBack("message-0"));
        _clock.Advance(QueueDelivery.StorageOutageAllowance);

        Assert.True(memory.MayHandBack("one-too-many"));
        Assert.False(memory.MayHandBack("message-0"));
        Assert.False(memory.MayHandBack("message-2"));
        Assert.True(memory.MayHandBack("message-1")); // forgotten: a new allowance, which only lengthens its retries
    }
}
