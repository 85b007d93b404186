using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Kinds of secrets that follow a word naming how they are used: an Authorization header's scheme, whatever it is
/// called. Secrets are random, drawn from a seed each case names, so that a failure shows again on the next run;
/// the neighbours beside them must come out as written.
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
        var secret = RandomSecret(12, format);
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

    public static TheoryData<string> UrlCredentialFormats() =>
    [
        "URL: //shop:{0}@db.internal:5432/shop refused",
        "proxy (//:{0}@cache.internal:6379) unreachable",
        "redirect=https%3A%2F%2Fshop%3A{0}%40api.example.com%2Fv1 rejected",
        "GET /cb?next=redis%3a%2f%2f%3a{0}%40cache.internal%3a6379&state=1 failed",
        "callback=https%3A%2F%2Fsupport%2540acme.co.th%3A{0}%40smtp.example.com rejected",
    ];

    [Theory]
    [MemberData(nameof(UrlCredentialFormats))]
    public void APasswordInAProtocolRelativeOrPercentEncodedUrlIsRedacted(string format)
    {
        var secret = RandomSecret(14, format);

        var redacted = SecretRedactor.Redact(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, secret));

        AssertNoFragment(secret, redacted);
        Assert.Contains(".", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("see //cdn.example.com/assets/app.v2.3.1.js at 09:00:00 for shopee-th-000123")]
    [InlineData("Kết nối tới //partner.shopeemobile.com:443/api/v2 bị gián đoạn")]
    [InlineData("ส่งต่อไปที่ //line.me/R/ti/p/@shop ไม่สำเร็จ password: required")]
    public void ProtocolRelativeUrlsWithoutCredentialsStayAsWritten(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));

    // The reader shows an encoded URL's ':' and '/' decoded; what matters is that nothing in it is taken for a password.
    [Theory]
    [InlineData("redirect=https%3A%2F%2Fapi.example.com%2Fv1%2Fshops%3Fid%3Dshopee-th-000123 rejected")]
    [InlineData("next=https%3A%2F%2Fseller.shopee.co.th%2Flogin%3Femail%3Dshop%2540acme.co.th failed at 09:00")]
    [InlineData("ส่งต่อไปที่ https%3A%2F%2Fline.me%2FR%2Fti%2Fp%2F%40shop ไม่สำเร็จ")]
    [InlineData("callback https%3A%2F%2Fshop.example.com%3A8443%2Fhook%40v2 (10:30) timed out")]
    public void EncodedUrlsWithoutCredentialsKeepEveryPart(string message) =>
        Assert.DoesNotContain(SecretRedactor.Marker, SecretRedactor.Redact(message), StringComparison.Ordinal);

    [Theory]
    [InlineData("SMTP AUTH LOGIN 334 VXNlcm5hbWU6 c3VwcG9ydEBhY21lLmNvLnRo 334 UGFzc3dvcmQ6 {0} 535 5.7.8 rejected")]
    [InlineData("C: AUTH PLAIN {0}\nS: 535 5.7.8 Username and Password not accepted")]
    public void TheBase64PasswordOfAnSmtpAuthDialogueIsRedacted(string format)
    {
        var password = RandomSecret(9, format);
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("\0support@acme.co.th\0" + password));
        if (format.Contains("LOGIN", StringComparison.Ordinal))
        {
            encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(password));
        }

        var redacted = SecretRedactor.Redact(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, encoded));

        AssertNoFragment(encoded, redacted);
        Assert.Contains("535 5.7.8", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SMTP 504 5.7.4 Unrecognized authentication type (AUTH PLAIN not supported) at 09:00")]
    [InlineData("SMTP AUTH LOGIN 334 VXNlcm5hbWU6 rejected: 535 5.7.8 (smtp.gmail.com:587)")]
    [InlineData("เซิร์ฟเวอร์ SMTP ปฏิเสธ AUTH PLAIN กรุณาตรวจสอบ password: required")]
    public void SmtpAuthProseStaysAsWritten(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));

    /// <summary>A random secret drawn from <paramref name="seed"/> (the case's own text), the same on every run and machine.</summary>
    internal static string RandomSecret(int length, string seed) => RandomSecret(length, SeededRandom(seed));

    internal static string RandomSecret(int length, Random random)
    {
        while (true)
        {
            var secret = string.Create(length, random, static (span, random) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = Base62[random.Next(Base62.Length)];
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

    /// <summary>
    /// A generator seeded from a text by FNV-1a: string.GetHashCode differs between processes, and a shared
    /// generator gave each run different secrets, so a secret the redactor missed failed one run in many and never again.
    /// </summary>
    internal static Random SeededRandom(string seed)
    {
        var hash = 2166136261u;
        foreach (var c in seed)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return new Random(unchecked((int)hash));
    }

    internal static void AssertNoFragment(string secret, string output)
    {
        Assert.Null(SecretFragments.FirstIn(output, secret, joined: true));
    }
}
