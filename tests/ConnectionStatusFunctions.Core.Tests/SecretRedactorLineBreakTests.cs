using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.SecretRedactorSchemeTests;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A token cut by one line break, a tab or a line or paragraph separator is judged as the joined token; prose across
/// lines, and a word before a token on the next line, read as they did with the break as a space. A blank line joins nothing.
/// </summary>
public class SecretRedactorLineBreakTests
{
    public static TheoryData<string> Breaks() => ["\n", "\r", "\r\n", "\v", "\f", "\t", "\u0085", "\u2028", "\u2029"];

    [Theory]
    [MemberData(nameof(Breaks))]
    public void ATokenCutByOneLineBreakIsRedactedWhole(string lineBreak)
    {
        var redacted = SecretRedactor.Redact($"upstream failed with AbC9xW2vB7nK{lineBreak}mP8rT6yL3pQa");

        Assert.Equal("upstream failed with [REDACTED]", redacted);
    }

    public static TheoryData<string> EscapedBreaks() =>
    [
        "\\n", "\\r\\n", "\\r", "%0A", "%0D%0A", "&#10;", "&#xA;", "&#x2028;", "&#8232;", "%E2%80%A8", "\\u2028", "\\u000a",
        "\\U000E0041", "\\U000E0100",
    ];

    // Written as text, as a JSON-escaped log, a URL or an HTML page shows it (tester finding F14 of issue 17).
    [Theory]
    [MemberData(nameof(EscapedBreaks))]
    public void ATokenCutByAnEscapedLineBreakIsRedactedWhole(string escapedBreak)
    {
        var redacted = SecretRedactor.Redact($"ref Kq7ZpX2mLw9R{escapedBreak}tB4vYc8NzQ1p (502)");

        Assert.Equal("ref [REDACTED] (502)", redacted);
    }

    [Theory]
    [InlineData("connection reset\\nretrying")]
    [InlineData("upstream said: failed%0Aretrying later")]
    [InlineData("see line 1&#10;line 2")]
    [InlineData("C:\\new\\result\\notes.txt")]
    [InlineData("order 230915ABCD\\nshop-th-000123 held")]
    public void ProseAcrossAnEscapedLineBreakStays(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public void AnAwsKeyIdCutByOneLineBreakIsRedactedWhole(string lineBreak)
    {
        var redacted = SecretRedactor.Redact($"S3 export failed: AKIAIOSF{lineBreak}ODNN7EXAMPLE does not exist");

        Assert.Equal("S3 export failed: [REDACTED] does not exist", redacted);
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public void RandomTokensCutAnywhereByOneLineBreakLeaveNoFragment(string lineBreak)
    {
        var random = new Random(lineBreak[0] * 17);
        for (var round = 0; round < 20; round++)
        {
            var secret = RandomSecret(24, $"{lineBreak}{round}");
            var cut = random.Next(8, 17);

            var redacted = SecretRedactor.Redact($"rejected {secret[..cut]}{lineBreak}{secret[cut..]} as unknown");

            AssertNoFragment(secret, redacted);
            Assert.Equal("rejected [REDACTED] as unknown", redacted);
        }
    }

    [Theory]
    [InlineData("upstream failed with\nAbC9xW2vB7nKmP8rT6yL3pQa (502)")]
    [InlineData("Request failed\nAbC9xW2vB7nKmP8rT6yL3pQa")]
    [InlineData("token rejected: AbC9xW2vB7nKmP8rT6yL3pQa\nERROR retry later")]
    public void AWordBesideATokenOnTheNextLineStays(string message)
    {
        var redacted = SecretRedactor.Redact(message);

        Assert.Equal(SecretRedactor.Redact(message.Replace('\n', ' ')), redacted);
        Assert.DoesNotContain("mP8rT6yL", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("connection reset\nretrying in 5 s")]
    [InlineData("Authentication\nfailed for user acme\r\nStatusCode 401\tUnauthorized")]
    [InlineData("System.Net.Http.HttpRequestException: Connection refused\n   at ConnectionStatusFunctions.Core.Probe\u2028MicrosoftExtensionsHttp")]
    [InlineData("IMAP login failed\npassword: reset by the administrator")]
    [InlineData("shopee-th-000123\norders-000124\u2029x86_64\tlinux")]
    [InlineData("เชื่อมต่อไม่ได้\nลองใหม่อีกครั้ง\u2028โทเค็นหมดอายุ")]
    public void ProseAcrossLinesReadsAsWithTheBreakAsASpace(string message)
    {
        var spaced = message.Replace("\r\n", "  ", StringComparison.Ordinal);
        foreach (var lineBreak in new[] { '\n', '\r', '\t', '\u2028', '\u2029' })
        {
            spaced = spaced.Replace(lineBreak, ' ');
        }

        Assert.Equal(SecretRedactor.Redact(spaced), SecretRedactor.Redact(message));
        Assert.DoesNotContain(SecretRedactor.Marker, SecretRedactor.Redact(message), StringComparison.Ordinal);
    }

    // A blank line is a paragraph break: a token is not joined across one (a line ending in an id and a paragraph
    // starting with another would be read as one secret), so each half is judged on its own, as after a space.
    [Theory]
    [InlineData("\n\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("\n \n")]
    public void HalvesOfATokenAcrossABlankLineAreEachRedactedWhenLongEnoughAlone(string blankLine)
    {
        for (var round = 0; round < 20; round++)
        {
            var secret = RandomSecret(32, $"blank{blankLine}{round}");

            var redacted = SecretRedactor.Redact($"rejected {secret[..16]}{blankLine}{secret[16..]} as unknown");

            AssertNoFragment(secret, redacted);
            Assert.StartsWith("rejected [REDACTED]", redacted, StringComparison.Ordinal);
            Assert.EndsWith("[REDACTED] as unknown", redacted, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\n\n")]
    [InlineData("\r\n\r\n")]
    public void ABlankLineJoinsNothing(string blankLine)
    {
        // Halves too short to look random alone stay, as two words of two paragraphs would.
        var message = $"order SKU12345ab{blankLine}Lot2024Q3 shipped";

        var redacted = SecretRedactor.Redact(message);

        Assert.DoesNotContain(SecretRedactor.Marker, redacted, StringComparison.Ordinal);
        Assert.Contains("SKU12345ab", redacted, StringComparison.Ordinal);
        Assert.Contains("Lot2024Q3 shipped", redacted, StringComparison.Ordinal);
    }
}
