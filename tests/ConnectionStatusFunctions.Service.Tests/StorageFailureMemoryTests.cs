using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The standalone listener's memory of when each message first met a storage failure.</summary>
public sealed class StorageFailureMemoryTests
{
    private readonly FakeTimeProvider _clock = new(TestClock.Start);

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

        // message-0 failed again just now, so message-1 is the one seen least recently; message-0 and
        // message-2 fail again halfway, as handed-back messages do, so they are still remembered.
        Assert.True(memory.MayHandBack("message-0"));
        _clock.Advance(QueueDelivery.StorageOutageAllowance / 2);
        Assert.True(memory.MayHandBack("message-0"));
        Assert.True(memory.MayHandBack("message-2"));
        _clock.Advance(QueueDelivery.StorageOutageAllowance / 2);

        Assert.True(memory.MayHandBack("one-too-many"));
        Assert.False(memory.MayHandBack("message-0"));
        Assert.False(memory.MayHandBack("message-2"));
        Assert.True(memory.MayHandBack("message-1")); // forgotten: a new allowance, which only lengthens its retries
    }

    [Fact]
    public void AMessageWhoseLastStorageFailureIsOlderThanTheAllowanceIsAnotherMessageAndStartsAfresh()
    {
        var memory = new StorageFailureMemory(_clock);
        const string text = "{\"channelAccountId\":\"replayed\",\"reportId\":\"r-1\"}";
        Assert.True(memory.MayHandBack(text));
        _clock.Advance(QueueDelivery.StorageOutageAllowance - TimeSpan.FromSeconds(1));
        Assert.True(memory.MayHandBack(text));

        // Longer than the allowance without a failure: no handed-back copy is that late, so this is
        // a later message with the same text (a replay, or one another instance applied meanwhile).
        _clock.Advance(QueueDelivery.StorageOutageAllowance + TimeSpan.FromSeconds(1));
        Assert.True(memory.MayHandBack(text));

        // Its own allowance counts from its own first failure.
        _clock.Advance(QueueDelivery.StorageOutageAllowance - TimeSpan.FromSeconds(1));
        Assert.True(memory.MayHandBack(text));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(memory.MayHandBack(text));
    }

    [Fact]
    public void AFailureExactlyTheAllowanceAfterTheLastIsStillTheSameMessage()
    {
        var memory = new StorageFailureMemory(_clock);
        const string text = "{\"channelAccountId\":\"slow-visibility\"}";
        Assert.True(memory.MayHandBack(text));
        _clock.Advance(QueueDelivery.StorageOutageAllowance);

        Assert.False(memory.MayHandBack(text));
    }
}
