using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.SecretRedactorSchemeTests;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A random token cut into pieces by one character a reader reads past, or coloured by a terminal: random tokens
/// (seeded per joiner), cut every few characters; and the dotted, coloned and tilded text of ordinary messages beside it.
/// </summary>
public class SecretRedactorJoinedPiecesTests
{
    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static TheoryData<string, int> Joiners() => new()
    {
        { ".", 12 }, { ".", 8 }, { ":", 12 }, { ":", 8 }, { "~", 8 }, { "\u00B7", 6 }, { "\u2026", 6 }, { "\u2022", 6 },
        { "\u30FB", 6 }, { "\u2027", 6 }, { "\u0430", 6 }, { "\u043E", 8 }, { "\u1D3F", 6 }, { "\u00B2", 6 },
        { "\u2024", 8 }, { "\u2025", 6 }, { "\u3002", 8 }, { "\u2013", 6 }, { "\u2014", 8 }, { "\u25CF", 6 }, { "\u0585", 6 },
        { "..", 8 }, { "...", 8 }, { "::", 8 },
    };

    [Theory]
    [MemberData(nameof(Joiners))]
    public void ARandomTokenCutByOneCharacterAReaderReadsPastIsRedactedWhole(string joiner, int every)
    {
        // Seeded, so a run is repeatable: about 1 in 2,500 random tokens cut every 8 characters has pieces that each read
        // as a word or a name ("JGR2EUCB", "uroxErxB", "hoyxYqjf") and stays, as docs/security.md says.
        var random = new Random((joiner[0] * 31) + every);
        for (var round = 0; round < 20; round++)
        {
            var secret = new string(Enumerable.Range(0, 24).Select(_ => Base62[random.Next(Base62.Length)]).ToArray());
            var cut = string.Join(joiner, secret.Chunk(every).Select(piece => new string(piece)));

            var redacted = SecretRedactor.Redact($"rejected {cut} as unknown");

            AssertNoFragment(secret, redacted);
            Assert.StartsWith("rejected [REDACTED]", redacted, StringComparison.Ordinal);
            Assert.EndsWith(" as unknown", redacted, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\u001b[31m{0}\u001b[0m{1}")]
    [InlineData("\u009B31m{0}\u009B0m{1}")]
    [InlineData("\u001b(B{0}\u001b[0m{1}")]
    [InlineData("\u001b]8;;https://x.example\u001b\\{0}\u001b]8;;\u0007{1}")]
    [InlineData("\\033[31m{0}\\033[0m{1}")]
    [InlineData("\\x1b[31m{0}\\x1b[0m{1}")]
    [InlineData("^[[31m{0}^[[0m{1}")]
    public void ATokenCutByATerminalsCodesInAnyFormIsRedacted(string format)
    {
        var secret = RandomSecret(24, format);

        var redacted = SecretRedactor.Redact("rejected " + string.Format(System.Globalization.CultureInfo.InvariantCulture, format, secret[..10], secret[10..]) + " as unknown");

        AssertNoFragment(secret, redacted);
        Assert.Equal("rejected [REDACTED] as unknown", redacted);
    }

    [Fact]
    public void ATokenColouredByATerminalIsRedactedAndTheColourCodesGo()
    {
        var secret = "glpat-" + RandomSecret(20, nameof(ATokenColouredByATerminalIsRedactedAndTheColourCodesGo));

        var redacted = SecretRedactor.Redact($"Release hook failed: \u001b[31m{secret[..10]}\u001b[0m{secret[10..]} lacks scope");

        AssertNoFragment(secret, redacted);
        Assert.Equal("Release hook failed: [REDACTED] lacks scope", redacted);
    }

    [Theory]
    [InlineData("urllib3.exceptions.MaxRetryError: HTTPSConnectionPool(host='api.lazada.co.th', port=443)")]
    [InlineData("Microsoft.Azure.Functions.Worker.Extensions.Storage.Queues 5.5.1 failed to bind")]
    [InlineData("GET https://static.example-cdn.net/media/2026/11/30/banner.png returned 403 from k8s-node-7f9c4d.internal")]
    [InlineData("urn:uuid:3f2c9a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b and arn:aws:sns:ap-southeast-1:123456789012:orders")]
    [InlineData("report ORD-2411300ABCDEF12.pdf and pod connector-7f9c4d8b6-x2k9p.default restarted")]
    [InlineData("Cache miss for key orders:shopee-th-000123:2026-11-30")]
    [InlineData("connect fe80::a1b2:c3d4:e5f6:7890 and 2001:db8:85a3:8d3:1319:8a2e:370:7348 refused")]
    [InlineData("device 00:1A:2B:3C:4D:5E went offline at 2026-11-30T09:00:00.123Z")]
    [InlineData("Upgrade to connector 4.12.0-beta.3+build.20261130.5 (sha256:9f86d08) required")]
    [InlineData("File orders-000123.json in shopee/th~archive/2026.11.30 not found")]
    [InlineData("Shopee · Lazada · TikTok Shop: 3 channels loading… done")]
    [InlineData("System.Net.Http.HttpRequestException: Connection refused (api.line.me:443)")]
    [InlineData("x86_64.linux.glibc2.31: unsupported platform")]
    [InlineData("MySqlConnector.MySqlException: Access denied for user 'shop'@'%'")]
    [InlineData("Npgsql.NpgsqlException: Exception while reading from stream")]
    [InlineData("Amazon.DynamoDBv2.AmazonDynamoDBException: Requested resource not found")]
    [InlineData("org.apache.hadoop.fs.s3a.S3AFileSystem not found")]
    [InlineData("software.amazon.awssdk.services.s3.model.NoSuchKeyException: The specified key does not exist")]
    [InlineData("connect to shop-prod-01.c9akciq32.ap-southeast-1.rds.amazonaws.com:5432 timed out")]
    [InlineData("cluster0.ab1cd.mongodb.net:27017 and b-1.kafka-cluster.a1b2c3.c2.kafka.ap-southeast-1.amazonaws.com:9092 unreachable")]
    [InlineData("the token provided (id_token) lacks a nonce")]
    public void DottedColonedAndTildedOrdinaryTextStaysAsWritten(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}
