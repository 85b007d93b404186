using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Kinds of secrets that follow a word naming how they are used: an Authorization header's scheme, whatever it is
/// called. Secrets are fresh and random each run; the neighbours beside them must come out as written.
/// </summary>
public class SecretRedactorSchemeTests
{
    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static TheoryData<string> AuthorizationSchemeFormats() =>
    [
        "Okta 401: Authorization: SSWS {0}",
        "401: Authorization: ApiKey {0}",
        "Discord 401: Authorization: Bot {0}",
        "401: Authorization: Token {0}",
        "401: Authorization: Bearer=\"{0}\"",
        "401 with headers {{'Authorization': 'Api-Key {0}'}}",
    ];

    [Theory]
    [MemberData(nameof(AuthorizationSchemeFormats))]
    public void TheTokenAfterAnyAuthorizationSchemeIsRedactedAndTheSchemeWordStays(string format)
    {
        var secret = RandomSecret(12);
        var message = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, secret);

        var redacted = SecretRedactor.Redact(message);

        AssertNoFragment(secret, redacted);
        var scheme = format[(format.IndexOf("Authorization", StringComparison.Ordinal) + 13)..].TrimStart('\'', ':', ' ').Split(' ', '=')[0];
        Assert.Contains(scheme, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization: Bearer <token>")]
    [InlineData("Authorization: Bearer <redacted>")]
    [InlineData("Authorization: Missing header for shop shopee-th-000123")]
    [InlineData("Authorization: Required since 2026-11-30 09:00 (v2.3.1)")]
    [InlineData("Authorization: Token expired, please re-authorize at https://seller.shopee.co.th/login")]
    [InlineData("Authorization: Vui lòng đăng nhập lại")]
    public void AuthorizationProseAndPlaceholdersStayAsWritten(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));

    internal static string RandomSecret(int length)
    {
        while (true)
        {
            var secret = string.Create(length, 0, static (span, _) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = Base62[Random.Shared.Next(Base62.Length)];
                }
            });

            // A fresh secret mixes letters and digits as a real one does, so a run that happens to read as a word
            // does not make the test flaky.
            if (secret.Count(char.IsAsciiDigit) >= 2 && secret.Count(char.IsAsciiLetter) >= 4)
            {
                return secret;
            }
        }
    }

    internal static void AssertNoFragment(string secret, string output)
    {
        var visible = new string(output.Where(c => c is >= ' ' and <= '~').ToArray());
        for (var i = 0; i + 8 <= secret.Length; i++)
        {
            var fragment = secret.Substring(i, 8);
            Assert.DoesNotContain(fragment, output, StringComparison.Ordinal);
            Assert.DoesNotContain(fragment, visible, StringComparison.Ordinal);
        }
    }
}
