using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Service.Storage;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Each id lands, escaped and unchanged, in the path segment or query part its template gives it, or the URL is refused.</summary>
public sealed class ProbeUrlTests
{
    private const string WholeSegments = "https://connector.example:8443/health/{tenantId}/{channelAccountId}";
    private const string InQuery = "https://connector.example/health?tenant={tenantId}&account={channelAccountId}&v=1";
    private const string PartOfSegments = "https://connector.example/t-{tenantId}/acct.{channelAccountId}/status";

    public static TheoryData<string> Templates => [WholeSegments, InQuery, PartOfSegments];

    public static TheoryData<string, string> HostileIds => new()
    {
        { "acme", "a:b.c" },
        { "acme", "a/b" },
        { "acme", "a?b=c" },
        { "acme", "a#b" },
        { "acme", "a&b=c" },
        { "acme", "%2e%2e" },
        { "acme", "a%2Fb" },
        { "acme", "@evil.example" },
        { "acme", "x/../../admin" },
        { "a b", "ไทย" },
        { "..", "a" },
        { "acme", "." },
        { "acme", ".." },
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void AHostileIdStaysInItsOwnPartOrIsRefused(string tenantId, string accountId)
    {
        foreach (var template in new[] { WholeSegments, InQuery, PartOfSegments })
        {
            var shape = new Uri(template);
            if (!ProbeUrl.TryExpand(template, new ConnectionKey(tenantId, accountId), out var url))
            {
                continue;
            }

            Assert.Equal((shape.Scheme, shape.Host, shape.Port, shape.UserInfo), (url.Scheme, url.Host, url.Port, url.UserInfo));
            Assert.Equal(shape.Segments.Length, url.Segments.Length);
            Assert.Equal(shape.Query.Split('&').Length, url.Query.Split('&').Length);
            var path = url.Segments.Select(Uri.UnescapeDataString).ToArray();
            var query = url.Query.TrimStart('?').Split('&').Select(Uri.UnescapeDataString).ToArray();
            if (template == WholeSegments)
            {
                Assert.Equal(["/", "health/", tenantId + "/", accountId], path);
            }
            else if (template == InQuery)
            {
                Assert.Equal(["tenant=" + tenantId, "account=" + accountId, "v=1"], query);
            }
            else
            {
                Assert.Equal(["/", "t-" + tenantId + "/", "acct." + accountId + "/", "status"], path);
            }
        }
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void ADotSegmentIdIsRefusedWhereItWouldBeAWholeSegment(string id)
    {
        Assert.False(ProbeUrl.TryExpand(WholeSegments, new ConnectionKey("acme", id), out _));
        Assert.False(ProbeUrl.TryExpand(WholeSegments, new ConnectionKey(id, "line-1"), out _));
        // "." after the literal "acct." makes "acct.." there: not a dot segment, so it stays.
        Assert.True(ProbeUrl.TryExpand(PartOfSegments, new ConnectionKey("acme", id), out _));
    }

    [Fact]
    public void IdsAreEscapedInThePathAndTheQuery()
    {
        Assert.True(ProbeUrl.TryExpand(WholeSegments, new ConnectionKey("acme", "U1:a.b"), out var path));
        Assert.True(ProbeUrl.TryExpand(InQuery, new ConnectionKey("acme", "U1:a.b"), out var query));

        Assert.Equal("/health/acme/U1%3Aa.b", path.AbsolutePath);
        Assert.Equal("?tenant=acme&account=U1%3Aa.b&v=1", query.Query);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void TemplatesWithIdsInThePathOrTheQueryAreAccepted(string template) =>
        Assert.Null(ProbeUrl.ProblemOf(template));

    [Theory]
    [InlineData("https://{tenantId}.connector.example/health/{channelAccountId}")]
    [InlineData("https://{tenantId}@connector.example/health/{channelAccountId}")]
    [InlineData("https://connector.example:{tenantId}/health/{channelAccountId}")]
    [InlineData("https://connector.example/health/{tenantId}#{channelAccountId}")]
    [InlineData("/health/{tenantId}/{channelAccountId}")]
    [InlineData("ftp://connector.example/{tenantId}/{channelAccountId}")]
    [InlineData("file:///etc/{tenantId}")]
    public void TemplatesThatLetAnIdMoveTheRequestAreRefused(string template) =>
        Assert.NotNull(ProbeUrl.ProblemOf(template));
}
