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
            // Markup, quotes and brackets send a text to the whole reading, so half the messages have none.
            var message = LongMessage(random, maxLength * 3 + random.Next(4000), plain: seed % 2 == 1);

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

    [Theory]
    [InlineData("password \"{0}\" sync")]
    [InlineData("password «{0}» sync")]
    [InlineData("password `{0}` sync")]
    [InlineData("password 「{0}」 sync")]
    [InlineData("password “{0}” sync")]
    [InlineData("secret '{0}' sync")]
    [InlineData("CREATE USER shop IDENTIFIED BY '{0}' failed")]
    [InlineData("ALTER LOGIN shop WITH PASSWORD = N'{0}' failed")]
    [InlineData("\"password\":[\"{0}\"] sync")]
    [InlineData("Password={{{0}}}; sync")]
    public void AQuotedValueClosingPastThePrefixIsRedactedAsTheWholeTextWouldBe(string format)
    {
        // A phrase of plain words, so only its quotes make it the value, opened just before the answer ends.
        var phrase = string.Join(' ', Enumerable.Repeat("correct horse battery staple", 20));
        foreach (var maxLength in new[] { 64, 200, SecretRedactor.DefaultMaxLength })
        {
            var message = string.Concat(new string('x', 3), " ", string.Join(' ', Enumerable.Repeat("sync of shop 1234 failed;", (maxLength - 40) / 26)), " ",
                string.Format(System.Globalization.CultureInfo.InvariantCulture, format, phrase), " ", string.Join(' ', Enumerable.Repeat("retry later;", 300)));

            var summary = SecretRedactor.Redact(message, maxLength);

            Assert.Equal(SecretRedactor.RedactWithoutPrefix(message, maxLength), summary);
            Assert.DoesNotContain("horse", summary, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("the shop's token can't be refreshed; it's been revoked")]
    [InlineData("sync failed (ECONNRESET) after 1532 ms")]
    public void AnApostropheInAWordOrAParenthesisKeepsThePrefix(string sentence)
    {
        var message = string.Join(' ', Enumerable.Repeat(sentence, 80));

        Assert.NotNull(SecretRedactor.RedactedPrefix(message, SecretRedactor.DefaultMaxLength));
        Assert.Equal(SecretRedactor.RedactWithoutPrefix(message), SecretRedactor.Redact(message));
    }

    private static string LongMessage(Random random, int length, bool plain)
    {
        char[] marks = ['<', '&', '"', '\'', '`', '«', '「', '『', '“', '‘', '„', '‹', '{', '['];
        var corpus = SecretCorpus.Generate(random, copiesPerFormat: 1).Select(m => m.Message).Where(m => !plain || m.IndexOfAny(marks) < 0).ToList();
        var benign = Benign.Where(m => !plain || m.IndexOfAny(marks) < 0).ToList();
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            var piece = random.Next(3) == 0 ? corpus[random.Next(corpus.Count)] : benign[random.Next(benign.Count)];
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
