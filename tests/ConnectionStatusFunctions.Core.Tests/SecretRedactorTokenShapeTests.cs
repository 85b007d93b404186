using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Secrets whose shape or encoding hid them: tokens split by characters a reader skips, schemes followed by an encoded
/// gap, credentials without a scheme, random tokens the walk missed, PEM lines written loosely; and the text around
/// them, which must stay as written.
/// </summary>
public class SecretRedactorTokenShapeTests
{
    private const string Marker = SecretRedactor.Marker;

    // The splitters are written as UTF-16 code units in hex: xUnit names a case by its arguments, and two lone
    // surrogates written as strings got one name, so one of them was skipped as a duplicate and never ran.
    [Theory]
    [InlineData("FFFD")]
    [InlineData("FFFC")]
    [InlineData("D800")]
    [InlineData("DFFF")]
    [InlineData("0301")]
    [InlineData("0E48")]
    [InlineData("0323 0302")]
    [InlineData("20DD")]
    [InlineData("D834 DD67")]
    public void CharactersAReaderSkipsCannotSplitAToken(string codeUnits)
    {
        var splitter = string.Concat(codeUnits.Split(' ').Select(unit => (char)Convert.ToUInt16(unit, 16)));
        var message = $"hook failed: ghp_Xk3vR9{splitter}tLm2Qw{splitter}Zp8NcY{splitter}4hJb6F{splitter}sD1gT0{splitter}aEuK7i (403)";

        Assert.Equal($"hook failed: {Marker} (403)", SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("LINE rejected Bearer Hx7pQ2\u0301mN9aBc (401)", "LINE rejected Bearer [REDACTED] (401)")]
    [InlineData("LINE rejected Bearer Hx7p\uFFFDQ2mN9aBc (401)", "LINE rejected Bearer [REDACTED] (401)")]
    [InlineData("webhook rejected qzmxvb\u0301wpjrtn\u0301lhgfds\u0301cyaekq (403)", "webhook rejected [REDACTED] (403)")]
    public void AMarkedTokenIsRedactedWhole(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    // Vietnamese, composed (NFC) and decomposed (NFD): marks on ASCII vowels.
    [InlineData("Đăng nhập thất bại: mật khẩu không đúng, vui lòng thử lại")]
    [InlineData("\u0110a\u0306ng nha\u0323\u0302p tha\u0302\u0301t ba\u0323i: ma\u0323\u0302t kha\u0302\u0309u kho\u0302ng \u0111u\u0301ng, vui lo\u0300ng thu\u031B\u0309 la\u0323i")]
    [InlineData("Ke\u0302\u0301t no\u0302\u0301i Shopee-VN bi\u0323 ngu\u031B\u0300ng lu\u0301c 09:00, ma\u0303 shopee-vn-000123")]
    [InlineData("Vie\u0323\u0302t-Nam \u0110O\u0302\u0300NG BO\u0323\u0302 HO\u0301A")]
    // Thai: vowels and tone marks on Thai consonants, beside ASCII.
    [InlineData("LINE แจ้งว่า โทเค็นหมดอายุแล้ว กรุณาเชื่อมต่อใหม่ (shopee-th-000123)")]
    [InlineData("ร้านค้า ACME ถูกระงับ เนื่องจากชำระเงินไม่สำเร็จ ฿1,250.00")]
    // Other Latin text written decomposed, and characters a bad decoding left inside words.
    [InlineData("Caf\u0065\u0301 Ko\u0308ln: Zahlung fehlgeschlagen")]
    [InlineData("K\uFFFDln caf\uFFFD \uFFFD\uFFFD\uFFFD: order 123456 failed")]
    public void TextWithMarksOrReplacementCharactersStaysAsWritten(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("GET /cb?h=Bearer%09Hx7pQ2mN9aBc returned 401", "GET /cb?h=Bearer [REDACTED] returned 401")]
    [InlineData("GET /cb?h=Bearer&#32;Hx7pQ2mN9aBc returned 401", "GET /cb?h=Bearer [REDACTED] returned 401")]
    [InlineData("GET /cb?h=Bearer&#x20;Hx7pQ2mN9aBc returned 401", "GET /cb?h=Bearer [REDACTED] returned 401")]
    [InlineData("GET /cb?h=Bearer%20%20Hx7pQ2mN9aBc returned 401", "GET /cb?h=Bearer  [REDACTED] returned 401")]
    [InlineData("GET /cb?h=Bearer%C2%A0Hx7pQ2mN9aBc returned 401", "GET /cb?h=Bearer [REDACTED] returned 401")]
    [InlineData("GET /cb?h=Bearer%E2%80%83Hx7pQ2mN9aBc returned 401", "GET /cb?h=Bearer [REDACTED] returned 401")]
    [InlineData("GET /cb?h=Basic%0AHx7pQ2mN9aBc returned 401", "GET /cb?h=Basic [REDACTED] returned 401")]
    [InlineData("upstream said Bearer\\u0020Hx7pQ2mN9aBc (401)", "upstream said Bearer [REDACTED] (401)")]
    [InlineData("upstream said Bearer\\tHx7pQ2mN9aBc (401)", "upstream said Bearer [REDACTED] (401)")]
    [InlineData("LINE rejected Bearer 'Hx7pQ2mN9aBc' (401)", "LINE rejected Bearer '[REDACTED]' (401)")]
    [InlineData("LINE rejected Bearer `Hx7pQ2mN9aBc` (401)", "LINE rejected Bearer `[REDACTED]` (401)")]
    [InlineData("LINE rejected Bearer &quot;Hx7pQ2mN9aBc&quot; (401)", "LINE rejected Bearer \"[REDACTED]\" (401)")]
    [InlineData("LINE rejected \u0412earer Hx7pQ2mN9aBc (401)", "LINE rejected Bearer [REDACTED] (401)")]
    [InlineData("LINE rejected \u0412\u0435\u0430rer Hx7pQ2mN9aBc (401)", "LINE rejected Bearer [REDACTED] (401)")]
    public void AnyEncodingOfWhiteSpaceOrAQuoteAfterASchemeStillMarksItsToken(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("Bearer token missing; the Basic+ plan has no API; 100%20 of jobs ran")]
    [InlineData("the Basic%20plan and the Bearer&#32;realm stay words")]
    [InlineData("Ошибка авторизации: неверный токен, Вера и Басис (401)")]
    [InlineData("Ο χρήστης Βασίλης: σφάλμα σύνδεσης (401)")]
    public void SchemesBeforeWordsAndOtherScriptsStayAsWritten(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("IMAP connect support@acme.co.th:Hx7pQ2mN9aBc@imap.gmail.com:993 failed", "IMAP connect support@acme.co.th:[REDACTED]@imap.gmail.com:993 failed")]
    [InlineData("Connecting to admin:Hx7pQ2mN9aBc@[fd00::5]:5432 failed", "Connecting to admin:[REDACTED]@[fd00::5]:5432 failed")]
    [InlineData("Connecting to u:Hx7pQ2mN9aBc@[2001:db8::1]:5432 failed", "Connecting to u:[REDACTED]@[2001:db8::1]:5432 failed")]
    [InlineData("Connecting to admin:ab=Hx7pQ2mN9aBc@db:5432 failed", "Connecting to admin:[REDACTED]@db:5432 failed")]
    [InlineData("Connecting to admin:ab,Hx7pQ2mN9aBc@db:5432 failed", "Connecting to admin:[REDACTED]@db:5432 failed")]
    [InlineData("dsn user=admin:Hx7pQ2mN9aBc@db:5432 refused", "dsn user=admin:[REDACTED]@db:5432 refused")]
    public void SchemelessCredentialsLoseTheirPasswordWhateverItsUserHostOrCharacters(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("git@github.com:acme/shop.git: Permission denied (publickey)")]
    [InlineData("connect ECONNREFUSED [2001:db8::1]:5432; mail support@example.com; Reply-To ops@acme.co.th")]
    [InlineData("Scheduled sync 09:00:00@Asia/Bangkok skipped for shop 123456")]
    public void AddressesHostsAndTimesBesideAtSignsStay(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("LINE webhook rejected k7q2m9x4-p1z8w3n6b5 as unknown (403)")]
    [InlineData("LINE webhook rejected K7Q2M9X4_P1Z8W3N6B5 as unknown (403)")]
    [InlineData("LINE webhook rejected KX7Q-M2ZR-TB4W-PJ6N as unknown (403)")]
    [InlineData("LINE webhook rejected Qzmxvbwpjrtnlhgfdscyaekq as unknown (403)")]
    [InlineData("LINE webhook rejected qzmxvBwpjrtnlhgfdS as unknown (403)")]
    [InlineData("LINE webhook rejected xkqzvbnmWrtplkjhgfdsQyzxcvbJnmwp as unknown (403)")]
    public void RandomTokensOfOneCaseWithSeparatorsOrOfLettersWithAFewCapitalsAreRedacted(string message)
    {
        Assert.Equal($"LINE webhook rejected {Marker} as unknown (403)", SecretRedactor.Redact(message));
    }

    [Theory]
    // Ids of words and numbers, of one case, with separators.
    [InlineData("MySQL collation utf8mb4_unicode_ci on node gke-prod-pool-1a2b (x86_64-linux-gnu) in s3-ap-southeast-1")]
    [InlineData("cipher aes256-gcm-sha384 refused; channel line-oa-u1234abcd; job webhook_v2-retry3; k8s-1-27-3-gke-100")]
    [InlineData("shops shopee-th-000123 and lazada-th-2001234 and tiktok-shop-th-01 synced; ERR_TLS_CERT_ALTNAME_INVALID")]
    // CamelCase names and Thai romanisations with a few capitals.
    [InlineData("BangkokBankPublic InstagramBasicDisplay KasikornbankPublic ChiangMaiNakhonPing SiamCommercialBank")]
    [InlineData("Krungthepmahanakhon Ratchadaphisek InvalidAuthenticationTokenTenant ThrottlingException")]
    // A number with a letter or two is an id, as a number alone is.
    [InlineData("{\"code\":\"IllegalAccessToken\",\"request_id\":\"0ba2887315178178017221014\"}")]
    public void IdsCamelCaseNamesAndNumbersStay(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData(18, 2)]
    [InlineData(20, 1)]
    [InlineData(24, 1)]
    [InlineData(32, 1)]
    public void LetterTokensWithAFewCapitalsSurviveRarely(int length, int maxPercent)
    {
        // Letters alone cannot be told from words every time (docs/security.md): about 1 in 100 at 18 letters.
        const int draws = 2000;
        var random = new Random(length * 7919);
        var survivors = new List<string>();
        for (var i = 0; i < draws; i++)
        {
            var token = Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26))).ToArray();
            foreach (var capital in Enumerable.Range(0, length).OrderBy(_ => random.Next()).Take(1 + (i % 3)))
            {
                token[capital] = char.ToUpperInvariant(token[capital]);
            }

            var text = new string(token);
            if (SecretRedactor.Redact($"LINE webhook rejected {text} as unknown (403)").Contains(text, StringComparison.Ordinal))
            {
                survivors.Add(text);
            }
        }

        Assert.True(survivors.Count * 100 < draws * maxPercent, $"{survivors.Count} of {draws} survived: {string.Join(", ", survivors.Take(10))}");
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789", '-')]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", '_')]
    public void OneCaseTokensOf16To19WithASeparatorSurviveFewerThanOnceInAHundred(string alphabet, char separator)
    {
        const int draws = 2000;
        var random = new Random(alphabet[0] * 31 + separator);
        var survivors = new List<string>();
        for (var i = 0; i < draws; i++)
        {
            var token = Enumerable.Range(0, 16 + (i % 4)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
            token[random.Next(3, token.Length - 3)] = separator;
            var text = new string(token);
            if (text.Any(char.IsAsciiDigit) && text.Any(char.IsAsciiLetter)
                && SecretRedactor.Redact($"LINE webhook rejected {text} as unknown (403)").Contains(text, StringComparison.Ordinal))
            {
                survivors.Add(text);
            }
        }

        Assert.True(survivors.Count * 100 < draws, $"{survivors.Count} of {draws} survived: {string.Join(", ", survivors.Take(10))}");
    }

    [Theory]
    [InlineData("key load failed: -----BEGIN\\u0020PRIVATE\\u0020KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw\\nk3vR9tLm2Qw\\n-----END PRIVATE KEY----- (500)")]
    [InlineData("key load failed: -----begin private key----- MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw k3vR9tLm2Qw -----end private key----- (500)")]
    [InlineData("key load failed: ----BEGIN PRIVATE KEY---- MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw k3vR9tLm2Qw ----END PRIVATE KEY---- (500)")]
    [InlineData("key load failed: ------BEGIN EC PRIVATE KEY------ MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw k3vR9tLm2Qw ------END EC PRIVATE KEY------ (500)")]
    public void PemLinesWrittenLooselyStillHideTheBody(string message)
    {
        var summary = SecretRedactor.Redact(message);

        Assert.DoesNotContain("k3vR9tLm2Qw", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIEvQIB", summary, StringComparison.Ordinal);
        Assert.EndsWith(" (500)", summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("---- Beginning of log ---- sync failed for shopee-th-000123 ---- end ----")]
    [InlineData("-------- begin retry 3 of 5 (timeout) --------")]
    public void DashedLinesThatAreNoPemBlockStay(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("Bearer", "Hx7pQ2mN9aBc", Marker)]
    [InlineData("rejected Basic:", "dXNlcjpwYXNz", Marker)]
    [InlineData("Bearer", "token missing", "token missing")]
    public void AValueAfterAFieldEndingWithASchemeIsItsToken(string field, string next, string expected)
    {
        var scheme = SecretRedactor.TrailingAuthorizationScheme(field);

        Assert.NotNull(scheme);
        Assert.Equal(expected, SecretRedactor.RedactedAfterScheme(scheme, next));
    }

    [Theory]
    [InlineData("LINE said 401")]
    [InlineData("Unbearer")]
    [InlineData("")]
    public void FieldsNotEndingWithASchemeNameNone(string field)
    {
        Assert.Null(SecretRedactor.TrailingAuthorizationScheme(field));
    }
}
