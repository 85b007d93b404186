using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Security;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The rule the conditional write applies for a channel-limited connector, case by case.</summary>
public sealed class ChannelLimitTests
{
    private static readonly ChannelLimit Line = new(new HashSet<Channel> { Channel.Line });

    [Theory]
    [InlineData(false, null, Channel.Line, true)] // a new account, named as one of its channels
    [InlineData(false, null, null, false)] // a new account would become "other"
    [InlineData(false, null, Channel.Facebook, false)]
    [InlineData(true, Channel.Line, null, true)] // its own account keeps its channel
    [InlineData(true, Channel.Line, Channel.Facebook, false)] // nor may it move its account away
    [InlineData(true, Channel.Facebook, Channel.Line, false)] // the stored channel decides, not the report
    [InlineData(true, Channel.Facebook, null, false)]
    [InlineData(true, null, Channel.Line, false)] // a row that cannot be read has no channel to check
    public void TheStoredChannelAndTheChannelAfterTheReportMustBothBeAllowed(bool rowExists, Channel? stored, Channel? reported, bool allowed) =>
        Assert.Equal(allowed, Line.Allows(rowExists, stored, reported));

    [Fact]
    public void AnEmptyLimitAllowsNothing() =>
        Assert.False(new ChannelLimit(new HashSet<Channel>()).Allows(false, null, Channel.Line));
}
