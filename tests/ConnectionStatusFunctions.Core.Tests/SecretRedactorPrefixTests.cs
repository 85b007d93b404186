using System.Text;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A long message is redacted from a prefix a little over twice the answer's length when that prefix is enough:
/// the answer must be the one the whole text would give, whatever the text.
/// </summary>
public class SecretRedactorPrefixTests
{
    private static readonly string[] Benign =
    [
        "LINE Messaging API push failed: HTTP 401 Unauthorized from https://api.line.me/v2/bot/message/push",
        "request id 3f2c9a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b; retry after 30 seconds;",
        "upstream said: connection reset by peer (ECONNRESET) after 1532 ms;",
        "Shopee shop 123456 token refresh was refused; the merchant must authorize the app again.",
        "ข้อผิดพลาด: การเชื่อมต่อหมดเวลา",
        "password:",
        "Authorization:",
        "\"token\":",
    ];

    [Theory]
    [InlineData(64)]
    [InlineData(200)]
    [InlineData(SecretRedactor.DefaultMaxLength)]
    [InlineData(1000)]
    public void ALongMessageIsRedactedAsItsWholeTextWouldBe(int maxLength)
    {
        var byPrefix = 0;
        for (var seed = 0; seed < 60; seed++)
        {
            var random = new Random(seed);
            // Markup sends a text to the whole reading, so half the messages have none.
            var message = LongMessage(random, maxLength * 3 + random.Next(4000), withMarkup: seed % 2 == 0);

            Assert.Equal(SecretRedactor.RedactWithoutPrefix(message, maxLength), SecretRedactor.Redact(message, maxLength));
            byPrefix += SecretRedactor.RedactedPrefix(message, maxLength) is null ? 0 : 1;
        }

        // Most such messages are answered from the prefix, so the comparison above is about that path.
        Assert.True(byPrefix >= 20, $"only {byPrefix} of 60 answered from a prefix");
    }

    [Fact]
    public void SecretsThatShrinkThePrefixMakeTheWholeTextBeRead()
    {
        // Markers longer than the secrets they replace, and secrets that shrink to a marker: neither prefix is enough.
        var shortSecrets = string.Concat(Enumerable.Range(0, 300).Select(i => $"pw=a{i % 10} "));
        var longSecrets = string.Concat(Enumerable.Range(0, 40).Select(i => $"access_token={new string((char)('a' + i % 26), 8)}{i:D4}Zq9XkLmN2pR7sT4vW8yB3cD6fG1hJ5 "));

        foreach (var message in new[] { shortSecrets, longSecrets })
        {
            Assert.Null(SecretRedactor.RedactedPrefix(message, SecretRedactor.DefaultMaxLength));
            Assert.Equal(SecretRedactor.RedactWithoutPrefix(message), SecretRedactor.Redact(message));
        }
    }

    [Fact]
    public void APemBlockRunningPastThePrefixIsRedactedAsAWholeTextWouldBe()
    {
        var random = new Random(5);
        var body = string.Join('\n', Enumerable.Range(0, 30).Select(_ => RandomBase64(random, 64)));
        var message = string.Concat(new string('x', 5), " ", string.Join(' ', Enumerable.Repeat("sync failed for shop 42;", 15)),
            " -----BEGIN PRIVATE KEY-----\n", body, "\n-----END PRIVATE KEY----- done");

        var summary = SecretRedactor.Redact(message);

        Assert.Equal(SecretRedactor.RedactWithoutPrefix(message), summary);
        Assert.DoesNotContain(body[..16], summary, StringComparison.Ordinal);
    }

    private static string LongMessage(Random random, int length, bool withMarkup)
    {
        var corpus = SecretCorpus.Generate(random, copiesPerFormat: 1).Where(m => withMarkup || m.Message.IndexOfAny(['<', '&']) < 0).ToList();
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            var piece = random.Next(3) == 0 ? corpus[random.Next(corpus.Count)].Message : Benign[random.Next(Benign.Length)];
            builder.Append(piece).Append(random.Next(4) == 0 ? "\n" : " ");
        }

        return builder.ToString();
    }

    private static string RandomBase64(Random random, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }
}
