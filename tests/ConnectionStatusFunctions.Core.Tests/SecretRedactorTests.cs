using System.Globalization;
using System.Text;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Testing;

namespace ConnectionStatusFunctions.Core.Tests;

// Long because it holds the redactor's whole-corpus checks and its rules on characters, truncation and stability;
// the kinds of secret have their own classes (SecretRedactorKeyTests, SecretRedactorTokenShapeTests and others).
public class SecretRedactorTests
{
    private const string Marker = SecretRedactor.Marker;

    public static TheoryData<LeakyMessage> LeakyMessages()
    {
        var data = new TheoryData<LeakyMessage>();
        foreach (var message in SecretCorpus.Generate(new Random(20261124), copiesPerFormat: 3))
        {
            data.Add(message);
        }

        return data;
    }

    [Fact]
    public void TheCorpusHasAtLeastFiftyMessagesCoveringEveryFormat()
    {
        var corpus = SecretCorpus.Generate(new Random(20261124), copiesPerFormat: 3);

        Assert.True(corpus.Count >= 50, $"only {corpus.Count} messages");
        Assert.Equal(SecretCorpus.Formats.Count, corpus.Select(m => m.Format).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(LeakyMessages))]
    public void GeneratedSecretsNeverSurviveButTheContextDoes(LeakyMessage leak)
    {
        var summary = SecretRedactor.Redact(leak.Message);

        Assert.Contains(Marker, summary, StringComparison.Ordinal);
        Assert.Contains(leak.Context, summary, StringComparison.Ordinal);
        AssertNoFragmentOf(leak.Secret, summary);
    }

    [Fact]
    public void SecretsAreRedactedWhateverTheRandomSeed()
    {
        // The theory above pins one seed so a failure names its message; this sweeps many more secrets.
        for (var seed = 0; seed < 40; seed++)
        {
            foreach (var leak in SecretCorpus.Generate(new Random(seed), copiesPerFormat: 1))
            {
                var summary = SecretRedactor.Redact(leak.Message);
                AssertNoFragmentOf(leak.Secret, summary, $"seed {seed}, {leak.Format}: {leak.Message}");
            }
        }
    }

    [Theory]
    [InlineData("HTTP 401 Unauthorized from https://api.line.me/v2/bot/message/push")]
    [InlineData("Facebook Graph API error 190: Error validating access token: Session has expired on Tuesday, 24-Nov-26 09:00:00 PST.")]
    [InlineData("Shopee open platform: error_auth, shop_id 123456 is not authorised (request_id 3f2c9a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b)")]
    [InlineData("Lazada API timed out after 30000 ms calling https://api.lazada.co.th/rest/orders/get?limit=50&offset=100")]
    [InlineData("TikTok Shop webhook delivery failed: 502 Bad Gateway from https://open-api.tiktokglobalshop.com/api/orders/search")]
    [InlineData("Instagram Graph API rate limit reached (code 4); retry after 3600 seconds")]
    [InlineData("LINE webhook https://hooks.example.com/line/callback returned 404 Not Found")]
    [InlineData("Token expired; ask the shop owner to reconnect the LINE account")]
    [InlineData("invalid token: expired")]
    [InlineData("Basic authentication is disabled for this mailbox")]
    [InlineData("Bearer token missing from the webhook request")]
    [InlineData("SMTP 535 5.7.8 Username and Password not accepted for support@example.com")]
    [InlineData("Webchat widget failed to load https://cdn.example.com/widget/v3/loader.js (net::ERR_CONNECTION_RESET)")]
    [InlineData("connect ECONNRESET 10.0.3.17:443 after 1532 ms; status code=503")]
    [InlineData("Azure Storage answered 503 ServerBusy on table ConnectionStatus, queue connection-failure-reports-poison")]
    [InlineData("GET https://graph.facebook.com/v19.0/me/accounts?fields=name,access_token&limit=25 failed with 400 Bad Request")]
    [InlineData("12 failed sync attempts in the last 24 hours; Password expires in 3 days")]
    [InlineData("Page 1029384756 is not eligible: PAGES_MESSAGING permission missing (OAuthException, fbtrace_id AbCdEf12)")]
    [InlineData("at ConnectionStatusFunctions.Connectors.LineConnector.PushAsync(LineMessage message) in LineConnector.cs:line 88")]
    [InlineData("Mailbox quota exceeded for ร้านค้า ACME (ไทย): 5.2.2 mailbox full")]
    // Thai vowels and tone marks are combining marks, and must stay on their letters.
    [InlineData("ส่งข้อความไม่สำเร็จ: บัญชี LINE ของร้านค้าถูกตัดการเชื่อมต่อ กรุณาเชื่อมต่อใหม่ (401)")]
    [InlineData("LINE แจ้งว่า โทเค็น: หมดอายุ")]
    // Key words written before ordinary words, and the word "pass" inside others.
    [InlineData("Password is incorrect for support@example.com")]
    [InlineData("Shopee error: Password expired.")]
    [InlineData("password was changed by the admin yesterday")]
    [InlineData("API key not valid. Please pass a valid API key.")]
    [InlineData("Secret Manager unavailable; webhook secret ID rotated")]
    [InlineData("bypass=true, compass: north, passed=12")]
    // A port and a path before an '@' are not credentials.
    [InlineData("https://registry.npmjs.org:443/@types/node returned 404")]
    [InlineData("https://example.com:8443/a?email=x@y.com failed")]
    // Short words and ids of one case, even with digits.
    [InlineData("sync of shopee-th-00012345 failed at step order_sync_v2")]
    [InlineData("CPU at 95% load; disk 100%; 50%-off sale feed rejected")]
    // Key words before verbs and plain words, in English and in Thai.
    [InlineData("Token was reset by the admin; API Key: missing")]
    [InlineData("password is now expired, auth token is invalid")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน ไม่ถูกต้อง กรุณาลองใหม่")]
    [InlineData("รหัสผ่านคือ ข้อมูลลับ ห้ามเปิดเผย")]
    // Ids, paths and times of one case with digits, and a short user in a URL on an ordinary host.
    [InlineData("export 20261124T090000Z of order-th-00012345 failed at /v2/bot/message/push")]
    [InlineData("sync of SHOP-TH-000123-R2 failed; batch b2026112400001 queued")]
    [InlineData("ftp://anonymous@ftp.example.com/pub refused; mail from support@example.com")]
    // Escapes that do not stand for a key or separator character stay as written.
    [InlineData("search q=caf%C3%A9%20latte&lang=th returned 0 results; 'Tom &amp; Jerry' &#8364;5")]
    // Neighbours of the forms XML elements, JSON lists, encoded schemes, cookies, scheme-less credentials,
    // PEM blocks, escaped slashes, base32 seeds and one-case letter tokens are redacted in.
    [InlineData("SOAP fault <status>error</status><shop>shopee-th-000123</shop><at>2026-11-24T09:00:00Z</at> (500)")]
    [InlineData("SOAP fault <login user=\"acme\" lang=\"th\"/> <passwordPolicy/> (500)")]
    [InlineData("upstream body {\"scopes\":[\"orders\",\"chat\"],\"shop\":{\"id\":\"shopee-th-000123\"}} rejected 401")]
    [InlineData("Bearer token missing; the Basic+ plan has no API; 100%20 of jobs ran")]
    [InlineData("cookie consent banner failed to load; cookies are disabled")]
    [InlineData("connect ECONNREFUSED db:5432; GET https://api.example.com:8443/v2/orders failed; mail support@example.com")]
    [InlineData("internationalization of Donaudampfschiffahrtsgesellschaft failed: AUTHENTICATIONFAILED, ERR_CERT_AUTHORITY_INVALID")]
    [InlineData("open-api.tiktokglobalshop.com answered NOTIFICATIONSUSPENDED for electroencephalography")]
    [InlineData("ส่งข้อความไม่สำเร็จ เนื่องจากร้านค้าถูกระงับชั่วคราว (รหัสข้อผิดพลาด 403) เมื่อ 2026-11-24T09:00:00+07:00")]
    // URL paths of words, numbers, ids and versions, which '/' (a base64 character) makes one run.
    [InlineData("TikTok Shop GET https://open-api.tiktokglobalshop.com/api/products/202309/products/search returned 500")]
    [InlineData("TikTok Shop GET https://open-api.tiktokglobalshop.com/order/202309/orders?page_size=20 returned 500")]
    [InlineData("Messenger POST https://graph.facebook.com/v19.0/102938475612345/messages returned 400")]
    [InlineData("timeout after 30 s at https://api.line.me:443/v2/bot/message/reply")]
    [InlineData("การเชื่อมต่อหมดเวลา (timeout) หลัง 30 วินาที ที่ https://api.line.me:443/v2/bot/message/reply")]
    // Path pieces of a word with its version and of lowerCamelCase names (a fresh tester found these URLs redacted).
    [InlineData("token request to https://login.microsoftonline.com/common/oauth2/v2.0/token failed 400")]
    [InlineData("token request to https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token failed 400")]
    [InlineData("GET https://management.azure.com/subscriptions/3f2c9a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/resourceGroups/rg-shop/providers failed")]
    [InlineData("POST https://api.line.me/v2/oauth/accessToken failed 400; ipv4/ipv6 routes at /net/ipv4/routes")]
    // A state written after a password or token key, a word or a phrase opening with a state word or a negation.
    [InlineData("Access denied for user 'app'@'10.0.0.5' (using password: YES)")]
    [InlineData("validation failed: password=required, email=invalid")]
    [InlineData("SMTP settings rejected: \"password: must not be empty\"")]
    [InlineData("IMAP login refused, password: incorrect (attempt 3 of 5)")]
    [InlineData("IMAP password: not set for mailbox support@acme.co.th")]
    [InlineData("Temporary password: sent by e-mail, valid 24h")]
    // A Thai key written straight against an acronym or a Thai phrase with a count in it.
    [InlineData("แจ้งเตือน: โทเค็นLINEหมดอายุ กรุณาเชื่อมต่อใหม่")]
    [InlineData("ส่งอีเมลไม่สำเร็จ รหัสผ่านSMTPไม่ถูกต้อง")]
    [InlineData("บันทึกไม่สำเร็จ รหัสผ่านต้องมีอย่างน้อย8ตัวอักษร")]
    // A time of day and its zone before '@' is not a user and password.
    [InlineData("scheduled sync 09:00:00@Asia/Bangkok skipped: shop closed")]
    [InlineData("retry at 9:30@Asia/Bangkok")]
    // The name of a secret a secret store could not find.
    [InlineData("Key Vault: secret 'shopee-partner-key' not found")]
    [InlineData("secret \"line-channel-secret\" does not exist in vault kv-th-01")]
    // OAuth's token_type names a kind of token.
    [InlineData("token endpoint answered {\"token_type\":\"bearer\",\"error\":\"invalid_grant\"}")]
    // Words holding or sounding like the short signature keys "sign" and "hash", and the algorithm they name.
    [InlineData("sign in failed: try again; hash mismatch: expected 3 got 4")]
    [InlineData("design: modern, signal: weak, hashtag=summer, signin=ok, resign=true")]
    [InlineData("Shopee GET /api/v2/shop/get?sign_method=sha256&hash_type=md5 returned 500; sign: in required; hash: mismatch")]
    // A phrase key before prose about it, and the words "phrase" and "mnemonic" in ordinary sentences.
    [InlineData("ssh-agent: the passphrase prompt appeared; passphrase required for key id_rsa")]
    [InlineData("a mnemonic device for support staff; the phrase was shown in the banner")]
    [InlineData("วลีรหัสผ่านไม่ถูกต้อง กรุณาป้อนวลีรหัสผ่านอีกครั้ง")]
    public void BenignMessagesKeepTheirMeaning(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 20)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32)]
    [InlineData("abcdefghijklmnopqrstuvwxyz", 24)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 24)]
    public void Base32SeedsAndOneCaseLetterTokensSurviveFewerThanOnceInAHundred(string alphabet, int length)
    {
        // Letters alone cannot be told from words every time: a few random runs read as words (docs/security.md).
        const int draws = 2000;
        var random = new Random(length * 31 + alphabet.Length);
        var survivors = new List<string>();
        for (var i = 0; i < draws; i++)
        {
            var token = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (SecretRedactor.Redact($"2FA enrolment failed, seed {token} rejected").Contains(token, StringComparison.Ordinal))
            {
                survivors.Add(token);
            }
        }

        Assert.True(survivors.Count * 100 < draws, $"{survivors.Count} of {draws} survived: {string.Join(", ", survivors.Take(10))}");
    }

    // Reading turns full-width forms and other scripts' colons into ASCII to find keys; a text in which it finds no secret
    // was stored with them turned, so every Japanese or Chinese error lost its punctuation.
    [Theory]
    [InlineData("エラー：接続できません")]
    [InlineData("錯誤：連線逾時（30秒）")]
    [InlineData("認証エラー：トークン：期限切れ")]
    [InlineData("ＬＩＮＥ　ＡＰＩ エラー ＃401")]
    [InlineData("token ： expired")]
    public void ATextWithNoSecretStaysAsWritten(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    // A fresh tester found these redacted: a sentence of Chinese, Japanese or Thai after a key ending in an ideographic
    // full stop, and a time, a date, a dotted version or a mask after a key written with a space.
    [Theory]
    [InlineData("密码错误。")]
    [InlineData("パスワードは無効です。")]
    [InlineData("รหัสผ่านไม่ถูกต้อง。")]
    [InlineData("密码错误！请重试")]
    [InlineData("パスワードが違います。再入力してください。")]
    [InlineData("token v2.3.1 is deprecated")]
    [InlineData("api key updated 09:00")]
    [InlineData("password changed 2026-11-24")]
    [InlineData("token 2026-11-24T09:00:00Z expired")]
    [InlineData("secret rotated 20261124T090000+0700")]
    [InlineData("password *** for user ops")]
    [InlineData("token=too short (min 8)")]
    [InlineData("api key=must not be empty, check the connector")]
    [InlineData("unhandled GraphPasswordException: please reconnect")]
    [InlineData("InvalidPasswordError: password too weak")]
    public void ProseTimesAndMasksAfterAKeyStay(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("密码是{0}。")]
    [InlineData("パスワードは{0}です。")]
    [InlineData("รหัสผ่าน {0}。")]
    [InlineData("password is {0}.")]
    [InlineData("token=must {0}")]
    [InlineData("token=not {0} for shop01")]
    [InlineData("unhandled GraphPasswordException: {0}")]
    public void ACodeBeforeASentenceEndIsStillRedacted(string format)
    {
        var redacted = SecretRedactor.Redact(string.Format(CultureInfo.InvariantCulture, format, "Xk3vR9tLm2"));

        Assert.DoesNotContain("Xk3vR9tL", redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Marker, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonEscapedSlashesReadAsSlashesAndAnOrdinaryUrlStaysAsWritten()
    {
        Assert.Equal(@"GET https:\/\/api.line.me\/v2\/bot failed", SecretRedactor.Redact(@"GET https:\/\/api.line.me\/v2\/bot failed"));
        // A text with a secret in it is stored as read: the escapes decoded, so the marker stands where the secret was read.
        Assert.Equal("GET https://[REDACTED]@api.line.me/v2 failed", SecretRedactor.Redact(@"GET https:\/\/shop:Xk3vR9tLm2Qw@api.line.me\/v2 failed"));
    }

    [Theory]
    // After a key written with a space, a status code, a count or a version is what the sentence is about.
    [InlineData("Refresh token 400 invalid_grant from Lazada")]
    [InlineData("LINE access token 401 Unauthorized, reconnect the account")]
    [InlineData("Wrong password 3 times, account locked for 15 minutes")]
    [InlineData("API key v2 endpoints are deprecated")]
    // After a Thai key, an acronym or a short number is not a value either.
    [InlineData("โทเค็น LINE หมดอายุ กรุณาเชื่อมต่อใหม่")]
    [InlineData("รหัสผ่าน SMTP ไม่ถูกต้อง")]
    [InlineData("โทเค็น 401 กรุณาเชื่อมต่อใหม่")]
    [InlineData("กรุณาใส่รหัสผ่าน 6 หลัก")]
    // Mixed-case identifiers made of word-like pieces, and a challenge's parameters after Bearer.
    [InlineData("401 missing WWW-Authenticate header")]
    [InlineData("401 with WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"")]
    [InlineData("urllib3.exceptions.MaxRetryError: HTTPSConnectionPool(host='api.line.me', port=443): Max retries exceeded")]
    [InlineData("NSURLErrorDomain Code=-1001 The request timed out.")]
    [InlineData("com.microsoft.sqlserver.jdbc.SQLServerException: Login timed out")]
    // A basic ISO 8601 time with an offset.
    [InlineData("window 20261124T090000+0700 to 20261124T100000+0700 missed")]
    public void StatusCodesCountsAndIdentifiersNearKeyWordsStay(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    [Theory]
    // With a separator, or when it is longer or has letters, the same kind of value is still a secret.
    [InlineData("Refresh token: 400 rejected", "Refresh token: [REDACTED] rejected")]
    [InlineData("password=1234 (535)", "password=[REDACTED] (535)")]
    [InlineData("Wrong password 123456 refused", "Wrong password [REDACTED] refused")]
    [InlineData("API key v2x9 refused", "API key [REDACTED] refused")]
    [InlineData("โทเค็น 123456 หมดอายุ", "โทเค็น [REDACTED] หมดอายุ")]
    // Random mixed-case letters are not CamelCase words, nor is a token after Bearer with padding.
    [InlineData("hook AbCdEfGhIjKlMnOpQr rejected", "hook [REDACTED] rejected")]
    [InlineData("hook kXpQmZrTbWnLcVfG rejected", "hook [REDACTED] rejected")]
    [InlineData("LINE rejected Bearer abcd= (401)", "LINE rejected Bearer [REDACTED] (401)")]
    public void ValuesLikeCountsAreStillRedactedAfterASeparatorOrWhenTheyAreNotShort(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("push failed\r\nretrying in 5 s", "push failed  retrying in 5 s")]
    [InlineData("\u001b[31mred\u001b[0m alert\u0000", "red alert")]
    [InlineData("zero\u200Bwidth", "zerowidth")]
    [InlineData("push failed\u2028retrying\u2029in 5 s", "push failed retrying in 5 s")]
    [InlineData("ACME\u3164\u115F\u2800\u034F shop\uFE0F", "ACME shop")]
    [InlineData("tag\U000E0041\U000E0042ged", "tagged")]
    public void ControlCharactersBecomeSpacesAndInvisibleOnesAndTerminalColourCodesGo(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    private static IEnumerable<int> DefaultIgnorableCodePoints()
    {
        // DerivedCoreProperties.txt, Default_Ignorable_Code_Point.
        (int First, int Last)[] ranges =
        [
            (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
            (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
            (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
        ];
        return ranges.SelectMany(range => Enumerable.Range(range.First, range.Last - range.First + 1));
    }

    [Fact]
    public void EveryDefaultIgnorableCodePointAndTheBrailleBlankAreRemovedBeforeMatching()
    {
        var codePoints = DefaultIgnorableCodePoints().Append(0x2800).ToList();
        Assert.Equal(4174 + 1, codePoints.Count);

        var leaks = new List<string>();
        foreach (var codePoint in codePoints)
        {
            // Each piece alone is too short to look like a token; only joined is it a GitHub token.
            var invisible = char.ConvertFromUtf32(codePoint);
            var message = "hook failed: ghp_" + string.Join(invisible, "aZ3kQ9xW", "pL7mR2vT", "bN4cY8sD", "fH6gJ1eK", "uQ5w") + " (403)";
            if (SecretRedactor.Redact(message) != $"hook failed: {Marker} (403)")
            {
                leaks.Add($"U+{codePoint:X4}");
            }
        }

        Assert.Empty(leaks);
    }

    [Theory]
    [InlineData("\u2028", " ")]
    [InlineData("\u2029", " ")]
    [InlineData("\t", " ")]
    // Every space separator reads as ' ' (issue 17, t17d), so a redacted message shows a no-break space as one.
    [InlineData("\u00A0", " ")]
    public void ALineSeparatorOrAnotherSpaceAfterBearerStillMarksTheToken(string space, string shownAs)
    {
        Assert.Equal($"LINE rejected Bearer{shownAs}{Marker} (401)", SecretRedactor.Redact($"LINE rejected Bearer{space}x7Hq2pLm9Zt4 (401)"));
    }

    [Fact]
    public void ThaiVowelsAndToneMarksAreKept()
    {
        // Every combining mark of the Thai block, each on a consonant.
        var marks = Enumerable.Range(0x0E31, 1).Concat(Enumerable.Range(0x0E34, 7)).Concat(Enumerable.Range(0x0E47, 8));
        var message = "ข้อผิดพลาด: " + string.Concat(marks.Select(mark => "ก" + (char)mark + " "));

        Assert.Equal(message.Trim(), SecretRedactor.Redact(message));
    }

    [Fact]
    public void AZeroWidthSpaceCannotHideAToken()
    {
        var token = "ghp_" + new string('a', 18) + "\u200B" + new string('B', 18);

        Assert.Equal(Marker, SecretRedactor.Redact(token));
    }

    [Theory]
    [InlineData("callback?code=4/0AX4XfWh8s7d6f&state=42 failed", "callback?code=[REDACTED]&state=42 failed")]
    [InlineData("Authorization: Bearer x7Hq2pLm9Zt4Rv8W rejected", "Authorization: Bearer [REDACTED] rejected")]
    [InlineData("{\"client_secret\":\"s3cr3t value\",\"grant_type\":\"refresh\"}", "{\"client_secret\":\"[REDACTED]\",\"grant_type\":\"refresh\"}")]
    [InlineData("https://support:Hunter2!@mail.example.com:993 refused", "https://[REDACTED]@mail.example.com:993 refused")]
    [InlineData("password=hunter; retrying", "password=[REDACTED]; retrying")]
    [InlineData("LINE said 401 to Bearer 9f.Xk~2Qz=", "LINE said 401 to Bearer [REDACTED]")]
    [InlineData("rejected basic dXNlcjpwYXNz (403)", "rejected basic [REDACTED] (403)")]
    [InlineData("token eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. expired", "token [REDACTED] expired")]
    [InlineData("Gmail 401 ya29.a0AfH6SMBx.Qz-1 expired", "Gmail 401 [REDACTED] expired")]
    [InlineData("S3 denied AKIAIOSFODNN7EXAMPLE for export", "S3 denied [REDACTED] for export")]
    [InlineData("Slack: xoxb-17653672481-19874698323 revoked", "Slack: [REDACTED] revoked")]
    // Passwords may be several plain words, with '=' or ': ' before them.
    [InlineData("login failed, password=correct horse battery staple", "login failed, password=[REDACTED]")]
    [InlineData("password=correct horse battery staple; retrying", "password=[REDACTED]; retrying")]
    [InlineData("IMAP login with password: sunshinesunshine refused", "IMAP login with password: [REDACTED]")]
    // Every cookie of a Cookie header, not only the first.
    [InlineData("sent Cookie: a=1; session=8f3kQz72LmXw; theme=dark\nthen 401", "sent Cookie: [REDACTED] then 401")]
    // A SendGrid key whole, its short middle part included.
    [InlineData("SendGrid 401 for 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 please rotate", "SendGrid 401 for [REDACTED] please rotate")]
    // A URL password that holds '@'.
    [InlineData("smtp://user:pa@ss@word@mail.example.com:587 refused", "smtp://[REDACTED]@mail.example.com:587 refused")]
    // Random tokens of 20-23 characters with no key before them.
    [InlineData("rejected Xk29Qz7LmPw4Rt8VbN1c by LINE", "rejected [REDACTED] by LINE")]
    [InlineData("rejected 7f3a9c2e1b8d4f6a0c5e9b by LINE", "rejected [REDACTED] by LINE")]
    [InlineData("Stripe: sk_test_4eC39HqLyjWDarjtT1 invalid", "Stripe: [REDACTED] invalid")]
    [InlineData("Meta: EAAGm0PX4ZCpsBAKZCZAnT9 expired", "Meta: [REDACTED] expired")]
    // A URL with an empty user, and a URL password holding a '/'.
    [InlineData("redis://:s3cretPass@cache.example.com:6379 refused", "redis://[REDACTED]@cache.example.com:6379 refused")]
    [InlineData("redis://default:ab/cd+ef@cache.example.com refused", "redis://[REDACTED]@cache.example.com refused")]
    // Short password keys, only as whole words.
    [InlineData("login?user=bot&pass=Hunter2x&retry=1 failed", "login?user=bot&pass=[REDACTED]&retry=1 failed")]
    [InlineData("IMAP refused (pw: hunter2) for inbox", "IMAP refused (pw: [REDACTED]) for inbox")]
    [InlineData("IMAP refused (PASS_WORD=hunter2) for inbox", "IMAP refused (PASS_WORD=[REDACTED]) for inbox")]
    // Key words with the value after a space, a verb or in quotes.
    [InlineData("IMAP login failed: password was Tr0ub4dor!3 (AUTHENTICATIONFAILED)", "IMAP login failed: password was [REDACTED] (AUTHENTICATIONFAILED)")]
    [InlineData("IMAP login failed: password is: Tr0ub4dor!3", "IMAP login failed: password is: [REDACTED]")]
    [InlineData("Webchat apikey 9fQ2xL7kPz revoked", "Webchat apikey [REDACTED] revoked")]
    [InlineData("YouTube API key 9fQ2xL7kPz revoked", "YouTube API key [REDACTED] revoked")]
    [InlineData("smtp_password hunter2x rejected", "smtp_password [REDACTED] rejected")]
    [InlineData("SMTP login with password \"correct horse battery\" refused", "SMTP login with password \"[REDACTED]\" refused")]
    [InlineData("SMTP login with password “correct horse battery” refused", "SMTP login with password “[REDACTED]” refused")]
    // Percent-encoded keys and separators, and a base64 key split by encoded '/' and '+'.
    [InlineData("GET /v1/me?access%5Ftoken%3Dx7Hq2pLm9Zt4&fields=name failed", "GET /v1/me?access_token=[REDACTED]&fields=name failed")]
    [InlineData("GET /v1/me?access%255Ftoken%253Dx7Hq2pLm9Zt4 failed", "GET /v1/me?access_token=[REDACTED] failed")]
    [InlineData("key rotated: Zm9vYmFy%2Bq9XkLm%2FpQ7rT2%2Bab01 was revoked", "key rotated: [REDACTED] was revoked")]
    // Thai key words, full-width keys and separators.
    [InlineData("เข้าสู่ระบบไม่สำเร็จ (รหัสผ่าน=abc12345) กรุณาตรวจสอบ", "เข้าสู่ระบบไม่สำเร็จ (รหัสผ่าน=[REDACTED]) กรุณาตรวจสอบ")]
    [InlineData("LINE แจ้งว่า โทเค็น: x7Hq2pLm9Z ใช้ไม่ได้", "LINE แจ้งว่า โทเค็น: [REDACTED] ใช้ไม่ได้")]
    // Full-width forms read as ASCII: "password:hunter2x;retrying" holds its ';', as an ASCII password may.
    [InlineData("login failed password：hunter2x；retrying", "login failed password:[REDACTED]")]
    [InlineData("callback failed ｔｏｋｅｎ＝x7Hq2pLm9Z ok", "callback failed token=[REDACTED] ok")]
    [InlineData("callback failed secret﹦x7Hq2pLm9Z ok", "callback failed secret=[REDACTED] ok")]
    // Random tokens of 16-19 characters when they mix cases.
    [InlineData("rejected Xk29Qz7LmPw4Rt8VbN1 by LINE", "rejected [REDACTED] by LINE")]
    [InlineData("rejected Xk29Qz7LmPw4Rt8V by LINE", "rejected [REDACTED] by LINE")]
    [InlineData("rejected XkaQzbLmPwcRtdVe by LINE", "rejected [REDACTED] by LINE")]
    // Key names written as words, and verb phrases between a key and its value.
    [InlineData("relay 403: API Key: hunter2xyz not allowed", "relay 403: API Key: [REDACTED] not allowed")]
    [InlineData("S3 403, Secret Key: hunter2xyz", "S3 403, Secret Key: [REDACTED]")]
    [InlineData("config api key = hunter2xyz rejected", "config api key = [REDACTED] rejected")]
    [InlineData("Graph failed, Access Token: hunter2xyz", "Graph failed, Access Token: [REDACTED]")]
    [InlineData("OAuth 400: Client Secret hunter2xyz invalid", "OAuth 400: Client Secret [REDACTED] invalid")]
    [InlineData("SMS 401: auth token is hunter2xyz", "SMS 401: auth token is [REDACTED]")]
    [InlineData("IMAP: password is now hunter2xyz", "IMAP: password is now [REDACTED]")]
    [InlineData("IMAP: password set to hunter2xyz", "IMAP: password set to [REDACTED]")]
    [InlineData("IMAP: password changed to hunter2xyz", "IMAP: password changed to [REDACTED]")]
    [InlineData("Webchat: token was reset to hunter2xyz", "Webchat: token was reset to [REDACTED]")]
    // Encoded spaces and separators, many levels of percent-encoding, and encoded invisible characters.
    [InlineData("msg=password%20is%20hunter2xyz", "msg=password%20is%20[REDACTED]")]
    [InlineData("msg=password+is+hunter2xyz&lang=th", "msg=password+is+[REDACTED]&lang=th")]
    [InlineData("echo password&#61;hunter2xyz", "echo password=[REDACTED]")]
    [InlineData("echo api_key&#x3D;hunter2xyz", "echo api_key=[REDACTED]")]
    [InlineData("echo password\\u003dhunter2xyz", "echo password=[REDACTED]")]
    [InlineData("GET access%2525255Ftoken%2525253Dhunter2xyz", "GET access_token=[REDACTED]")]
    [InlineData("x=Qz7pLm%E2%80%8B2Zk9wT%E2%80%8B4xLp2 failed", "x=[REDACTED] failed")]
    // Thai key words followed by a space or a copula.
    [InlineData("รหัสผ่าน hunter2xyz ใช้ไม่ได้", "รหัสผ่าน [REDACTED] ใช้ไม่ได้")]
    [InlineData("รหัสผ่านคือ hunter2xyz", "รหัสผ่านคือ [REDACTED]")]
    [InlineData("โทเค็น Qx7pLm2Zk9 หมดอายุ", "โทเค็น [REDACTED] หมดอายุ")]
    // A URL whose user alone is the credential: on a token host, or too long for a user name.
    [InlineData("push https://hunter2xyzQ@github.com/org/repo failed", "push https://[REDACTED]@github.com/org/repo failed")]
    [InlineData("hook https://abcdefghijklmn@relay.example.com/x 401", "hook https://[REDACTED]@relay.example.com/x 401")]
    [InlineData("redis://:hunter2xyz@cache.local:6379/0 NOAUTH", "redis://[REDACTED]@cache.local:6379/0 NOAUTH")]
    // Random tokens of 16-19 characters of one case with digits.
    [InlineData("rejected k7q2m9x4p1z8w3n6b5v", "rejected [REDACTED]")]
    [InlineData("rejected K7Q2M9X4P1Z8W3N6B5V", "rejected [REDACTED]")]
    [InlineData("rejected 7f3a9c2e1b8d4f6a by LINE", "rejected [REDACTED] by LINE")]
    // Base64 keys with '/' are not paths: their pieces are mixed case with digits, or random letters.
    [InlineData("AWS secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY rejected", "AWS secret [REDACTED] rejected")]
    [InlineData("rejected Zm9vYmFyYmF6/cXV4cXV1eA by LINE", "rejected [REDACTED] by LINE")]
    [InlineData("rejected api/7f3a9c2e1b8d4f6a/k7q2m9x4 by LINE", "rejected [REDACTED] by LINE")]
    [InlineData("rejected qzxvjwkpqzxvjwkpmx/order by LINE", "rejected [REDACTED] by LINE")]
    // A state word is prose only alone or before plain words; a dictionary word that is not a state is a password.
    [InlineData("IMAP password: reset to Qx7pLm2Zk9 (ok)", "IMAP password: [REDACTED] (ok)")]
    [InlineData("IMAP password: sunshine (535)", "IMAP password: [REDACTED] (535)")]
    [InlineData("IMAP password: not hunter2xyz (535)", "IMAP password: [REDACTED] (535)")]
    // Written straight after a Thai key, a value that is not a Thai phrase stays a value.
    [InlineData("รหัสผ่านABCD1234 ผิด", "รหัสผ่าน[REDACTED] ผิด")]
    [InlineData("รหัสผ่าน1234ผิด", "รหัสผ่าน[REDACTED]")]
    [InlineData("รหัสผ่านhunter2xyz ผิด", "รหัสผ่าน[REDACTED] ผิด")]
    // A user of digits with a password that is not a time is still a credential.
    [InlineData("db 12:hunter2xyz@db.local refused", "db 12:[REDACTED]@db.local refused")]
    [InlineData("db 1234:5678@db.local refused", "db 1234:[REDACTED]@db.local refused")]
    // A quoted value that is not a secret's name, or is not said to be missing, is still a value.
    [InlineData("secret 'Qx7pLm2Zk9-key' not found", "secret '[REDACTED]' not found")]
    [InlineData("secret 'shopee-partner-key' rejected", "secret '[REDACTED]' rejected")]
    // Beside token_type, the token itself is still redacted, and so is a token_type value that is not a word.
    [InlineData("{\"token_type\":\"bearer\",\"access_token\":\"Qx7pLm2Zk9\"}", "{\"token_type\":\"bearer\",\"access_token\":\"[REDACTED]\"}")]
    [InlineData("token_type=Qx7pLm2Zk9 rejected", "token_type=[REDACTED] rejected")]
    public void EachSecretBecomesOneMarkerAndTheWordsAroundItStay(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    // The first pass runs its regex only at separators after a key that may name a secret; these are the keys
    // that test where that check looks: words before the separator, a letter the regex folds to ASCII ('\u212A' is
    // the Kelvin sign, a 'k'), and separators after "Unauthorized" or "code" that start nothing.
    [Theory]
    [InlineData("sign-in failed: session id value is: Qx7pLm2Zk9 (401)", "sign-in failed: session id value is: [REDACTED] (401)")]
    [InlineData("IMAP said: mot de passe is: hunter2; retry", "IMAP said: mot de passe is: [REDACTED]; retry")]
    [InlineData("to\u212Aen: Qx7pLm2Zk9 rejected (401)", "to\u212Aen: [REDACTED] rejected (401)")]
    [InlineData("GET https://x.example.com/a?code=Qx7pLm2Zk9&state=abc failed: HTTP 401 Unauthorized from https://api.line.me",
        "GET https://x.example.com/a?code=[REDACTED]&state=abc failed: HTTP 401 Unauthorized from https://api.line.me")]
    [InlineData("SMTP relay smtp://mailer:Qx7pLm2Zk9@smtp.example.com:587 refused: error code: 535",
        "SMTP relay smtp://[REDACTED]@smtp.example.com:587 refused: error code: 535")]
    public void KeysAreFoundWhereverTheSeparatorCheckLooks(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheSeparatorCheckNeverSkipsAPlaceTheWholeRegexWouldMatch(int seed)
    {
        // The check decides where the regex runs and which of its branches; a key it does not know, or a branch
        // added to the pattern without it, would be skipped silently. The corpus, and the corpus with keys and
        // separators dropped in at random places, must come out of both exactly alike.
        var random = new Random(seed);
        string[] pieces = ["password=", "Password: ", "pwd:", "token=", "api_key\\\":\\\"", "Authorization: Bearer ", "authorization=", "set-cookie: ",
            "cookie:", "sig=", "?code=", "&auth=", "://", "://user:", "@host ", "session id value is: ", "mot de passe is:", "secret key: ", "KEY=", "kata sandi:",
            "\u212Aey=", "contraseña=", "รหัสผ่าน:", " : ", "=", ":", "\"", "'", " ",
            "(p/w: ", "&passw=", "pin:", "&key=", "password used: ", "API Key provided: ", "Password (temporary): ", "\\\\\\\"password\\\\\\\":", "client_secret="];
        foreach (var leaky in SecretCorpus.Generate(random, copiesPerFormat: 3))
        {
            var text = leaky.Message;
            for (var variant = 0; variant < 8; variant++)
            {
                Assert.Equal(SecretRedactor.SecretsReplacedByThePatternAlone(text), SecretRedactor.SecretsReplaced(text));
                var at = random.Next(text.Length + 1);
                text = text[..at] + pieces[random.Next(pieces.Length)] + text[at..];
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheKeyFragmentCheckFindsAFragmentWhereverAndHoweverItIsWritten(int seed)
    {
        // The check compares only the fragments whose opening hashes as the characters at each place do; a fragment put
        // in the wrong bucket, or a bucket shared by a two-character and a longer fragment, would go unseen. Words made
        // of fragments, their openings cut short, and the key characters around them, in either case, must be judged
        // as a plain search for every fragment judges them.
        var random = new Random(seed);
        const string keyCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.- \\\"'()/$@";
        var fragments = SecretRedactor.KeyFragmentList;
        for (var sample = 0; sample < 20_000; sample++)
        {
            var words = new StringBuilder();
            for (var piece = random.Next(1, 5); piece > 0; piece--)
            {
                var fragment = fragments[random.Next(fragments.Length)];
                var written = random.Next(3) switch
                {
                    0 => fragment,
                    1 => fragment[..random.Next(1, fragment.Length)],
                    _ => keyCharacters[random.Next(keyCharacters.Length)].ToString(),
                };
                foreach (var c in written)
                {
                    words.Append(random.Next(2) == 0 ? char.ToUpperInvariant(c) : c);
                }
            }

            var text = words.ToString();
            var expected = fragments.Any(fragment => text.Contains(fragment, StringComparison.OrdinalIgnoreCase));
            Assert.True(expected == SecretRedactor.HoldsKeyFragment(text), $"\"{text}\": expected {expected}");
        }
    }

    [Fact]
    public void EveryCharacterWhoseCompatibilityFormIsAColonOrEqualsSignSeparatesAKey()
    {
        var separators = Enumerable.Range(0x80, 0x10FFFF - 0x80 + 1)
            .Where(codePoint => codePoint is < 0xD800 or > 0xDFFF)
            // Unassigned code points and noncharacters have no decomposition (and normalizing them throws).
            .Where(codePoint => Rune.GetUnicodeCategory(new Rune(codePoint)) != System.Globalization.UnicodeCategory.OtherNotAssigned)
            .Select(char.ConvertFromUtf32)
            .Where(text => text.Normalize(NormalizationForm.FormKC) is ":" or "=")
            // The confusables of ':' and '=' in Unicode's confusables.txt that are not combining marks.
            .Concat(["\u02D0", "\u02F8", "\u0589", "\u05C3", "\u0703", "\u0704", "\u16EC", "\u1803", "\u1809", "\u205A", "\u2236", "\uA4FD", "\uA789", "\uFE30"])
            .Concat(["\u1400", "\u2E40", "\u30A0", "\uA4FF", "\uA78A"])
            .ToList();
        Assert.Contains("\uFE13", separators);
        Assert.Contains("\uFE66", separators);

        var leaks = separators.Where(separator => SecretRedactor.Redact($"callback failed: access_token{separator}hunter2xyz (401)").Contains("hunter2", StringComparison.Ordinal));

        Assert.Empty(leaks.Select(separator => $"U+{char.ConvertToUtf32(separator, 0):X4}"));
    }

    [Theory]
    [InlineData("\U0001D159")]   // musical null notehead
    [InlineData("\U00016FE4")]   // Khitan small script filler
    public void BlankSymbolsCannotSplitAToken(string blank)
    {
        var message = "hook failed: ghp_" + string.Join(blank, "aZ3kQ9xW", "pL7mR2vT", "bN4cY8sD", "fH6gJ1eK", "uQ5w") + " (403)";

        Assert.Equal($"hook failed: {Marker} (403)", SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("&shy;")]
    [InlineData("&ZeroWidthSpace;")]
    [InlineData("&zwj;")]
    [InlineData("&zwnj;")]
    [InlineData("&amp;shy;")]
    [InlineData("&amp;amp;#8203;")]
    public void NamedReferencesOfInvisibleCharactersCannotSplitAToken(string reference)
    {
        var message = "hook failed: ghp_" + string.Join(reference, "aZ3kQ9xW", "pL7mR2vT", "bN4cY8sD", "fH6gJ1eK", "uQ5w") + " (403)";

        Assert.Equal($"hook failed: {Marker} (403)", SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("IMAP failed pass&shy;word=Qx7pLm2Zk9 (535)", "IMAP failed password=[REDACTED] (535)")]
    [InlineData("echo password&amp;#61;Qx7pLm2Zk9", "echo password=[REDACTED]")]
    [InlineData("echo password\\x3dQx7pLm2Zk9", "echo password=[REDACTED]")]
    [InlineData("echo password\\u{3d}Qx7pLm2Zk9", "echo password=[REDACTED]")]
    [InlineData("echo password%u003dQx7pLm2Zk9", "echo password=[REDACTED]")]
    [InlineData("IMAP password&nbsp;Qx7pLm2Zk9 refused", "IMAP password [REDACTED] refused")]
    // An escape that stands for no key, separator or invisible character stays.
    [InlineData("Shop &quot;Acme &amp; Co&quot; &#8211; sync failed \\x20", "Shop &quot;Acme &amp; Co&quot; &#8211; sync failed \\x20")]
    public void OtherEscapesOfKeysAndSeparatorsAreRead(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    // Password keys of the languages the product serves, with a separator, after a space or a copula.
    [InlineData("Login gagal, kata sandi: Qx7pLm2Zk9 salah", "Login gagal, kata sandi: [REDACTED]")]
    [InlineData("Login gagal, kata sandi Qx7pLm2Zk9 salah", "Login gagal, kata sandi [REDACTED] salah")]
    [InlineData("Log masuk gagal, kata laluan: Qx7pLm2Zk9", "Log masuk gagal, kata laluan: [REDACTED]")]
    [InlineData("Log masuk gagal, kata laluan Qx7pLm2Zk9", "Log masuk gagal, kata laluan [REDACTED]")]
    [InlineData("Đăng nhập thất bại, mật khẩu: Qx7pLm2Zk9", "Đăng nhập thất bại, mật khẩu: [REDACTED]")]
    [InlineData("Đăng nhập thất bại, mật khẩu Qx7pLm2Zk9", "Đăng nhập thất bại, mật khẩu [REDACTED]")]
    [InlineData("登录失败，密码：Qx7pLm2Zk9", "登录失败,密码:[REDACTED]")]
    [InlineData("登录失败，密码是Qx7pLm2Zk9", "登录失败,密码是[REDACTED]")]
    [InlineData("ログイン失敗 パスワード：Qx7pLm2Zk9", "ログイン失敗 パスワード:[REDACTED]")]
    [InlineData("ログイン失敗 パスワードは Qx7pLm2Zk9 です", "ログイン失敗 パスワードは [REDACTED] です")]
    [InlineData("로그인 실패 비밀번호: Qx7pLm2Zk9", "로그인 실패 비밀번호: [REDACTED]")]
    [InlineData("Anmeldung fehlgeschlagen, Passwort: Qx7pLm2Zk9", "Anmeldung fehlgeschlagen, Passwort: [REDACTED]")]
    [InlineData("Anmeldung fehlgeschlagen, Passwort Qx7pLm2Zk9", "Anmeldung fehlgeschlagen, Passwort [REDACTED]")]
    [InlineData("Connexion refusée, mot de passe : Qx7pLm2Zk9", "Connexion refusée, mot de passe : [REDACTED]")]
    [InlineData("Connexion refusée, mot de passe Qx7pLm2Zk9", "Connexion refusée, mot de passe [REDACTED]")]
    [InlineData("Inicio fallido, contraseña: Qx7pLm2Zk9", "Inicio fallido, contraseña: [REDACTED]")]
    [InlineData("Inicio fallido, contraseña Qx7pLm2Zk9", "Inicio fallido, contraseña [REDACTED]")]
    // Thai possessives and copulas between the key and its value, and an OTP code.
    [InlineData("รีเซ็ตแล้ว รหัสผ่านของคุณคือ Qx7pLm2Zk9 กรุณาตรวจสอบ", "รีเซ็ตแล้ว รหัสผ่านของคุณคือ [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("รหัสผ่านถูกตั้งเป็น Qx7pLm2Zk9 แล้ว", "รหัสผ่านถูกตั้งเป็น [REDACTED] แล้ว")]
    [InlineData("โทเค็นของร้านคือ Qx7pLm2Zk9 หมดอายุ", "โทเค็นของร้านคือ [REDACTED] หมดอายุ")]
    [InlineData("รหัส OTP คือ Qx7pLm2Zk9", "รหัส OTP คือ [REDACTED]")]
    // Phrasing: verbs, arrows, plurals, "for <whom>", and key words the two passes did not share.
    [InlineData("webhook token is: Qx7pLm2Zk9", "webhook token is: [REDACTED]")]
    [InlineData("login failed passcode: Qx7pLm2Zk9", "login failed passcode: [REDACTED]")]
    [InlineData("IMAP password will be Qx7pLm2Zk9 tomorrow", "IMAP password will be [REDACTED] tomorrow")]
    [InlineData("IMAP password became Qx7pLm2Zk9 after reset", "IMAP password became [REDACTED] after reset")]
    [InlineData("IMAP password has now been reset to Qx7pLm2Zk9 ok", "IMAP password has now been reset to [REDACTED] ok")]
    [InlineData("the password for shop is Qx7pLm2Zk9 ok", "the password for shop is [REDACTED] ok")]
    [InlineData("IMAP password -> Qx7pLm2Zk9 rejected", "IMAP password -> [REDACTED] rejected")]
    [InlineData("IMAP password: reset -> Qx7pLm2Zk9 (ok)", "IMAP password: [REDACTED] (ok)")]
    [InlineData("IMAP password=> Qx7pLm2Zk9", "IMAP password=> [REDACTED]")]
    [InlineData("IMAP password — Qx7pLm2Zk9", "IMAP password - [REDACTED]")]
    [InlineData("IMAP passwords are Qx7pLm2Zk9 and more", "IMAP passwords are [REDACTED] and more")]
    [InlineData("license key Qx7pLm2Zk9 rejected", "license key [REDACTED] rejected")]
    [InlineData("POST user=a&pswd=Qx7pLm2Zk9&x=1", "POST user=a&pswd=[REDACTED]&x=1")]
    [InlineData("set newpass=Qx7pLm2Zk9&dbpass=Tr0ub4dor3x&pass1=Hq2pLm9Zt4", "set newpass=[REDACTED]&dbpass=[REDACTED]&pass1=[REDACTED]")]
    [InlineData("SQL login failed: User ID=sa;Password={Qx7p;Lm2Zk9};Encrypt=True", "SQL login failed: User ID=sa;Password={[REDACTED]};Encrypt=True")]
    [InlineData("GET /x?auth=Qx7pLm2Zk9&lang=th 401", "GET /x?auth=[REDACTED]&lang=th 401")]
    [InlineData("LINE rejected Bearer: Qx7pLm2Zk9 (401)", "LINE rejected Bearer: [REDACTED] (401)")]
    [InlineData("LINE rejected Bearer \"Qx7pLm2Zk9\" (401)", "LINE rejected Bearer \"[REDACTED]\" (401)")]
    // Prose after those keys stays.
    [InlineData("密码错误，请重试", "密码错误，请重试")]
    [InlineData("the password for shop expired", "the password for shop expired")]
    [InlineData("Passwort abgelaufen", "Passwort abgelaufen")]
    public void PasswordKeysOfOtherLanguagesAndPhrasingsLoseTheirValue(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Fact]
    public void EscapedInvisibleCharactersCannotSplitAToken()
    {
        var leaks = new List<string>();
        foreach (var codePoint in DefaultIgnorableCodePoints().Append(0x2800))
        {
            var utf8 = Encoding.UTF8.GetBytes(char.ConvertFromUtf32(codePoint));
            var utf16 = char.ConvertFromUtf32(codePoint);
            string[] escapes =
            [
                string.Concat(utf8.Select(b => $"%{b:X2}")),
                $"&#{codePoint};",
                $"&#x{codePoint:x};",
                string.Concat(utf16.Select(unit => $"\\u{(int)unit:X4}")),
                // JavaScript's braced escape, and IIS's %uXXXX for the Basic Multilingual Plane.
                $"\\u{{{codePoint:X}}}",
                codePoint <= char.MaxValue ? $"%u{codePoint:X4}" : $"\\u{{{codePoint:x}}}",
                // A doubly escaped reference.
                $"&amp;#{codePoint};",
            ];
            foreach (var escape in escapes)
            {
                var message = "hook failed: ghp_" + string.Join(escape, "aZ3kQ9xW", "pL7mR2vT", "bN4cY8sD", "fH6gJ1eK", "uQ5w") + " (403)";
                if (SecretRedactor.Redact(message) != $"hook failed: {Marker} (403)")
                {
                    leaks.Add(escape);
                }
            }
        }

        Assert.Empty(leaks);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void APercentEncodedKeyIsReadAtEveryLevelUpToTheBound(int levels)
    {
        var key = "access_token=";
        for (var level = 0; level < levels; level++)
        {
            // Each level encodes the '%' of the one below, as a URL encoded again would.
            key = level == 0 ? "access%5Ftoken%3D" : key.Replace("%", "%25", StringComparison.Ordinal);
        }

        Assert.Equal("GET access_token=[REDACTED] (190)", SecretRedactor.Redact($"GET {key}hunter2xyz (190)"));
    }

    [Fact]
    public void GuidsAndPlainIdentifiersAreKept()
    {
        const string message = "request 3F2C9A1E-5B7D-4E8F-9A0B-1C2D3E4F5A6B for account shopee-th-000123 failed";

        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    [Fact]
    public void NothingBecomesEmpty()
    {
        Assert.Equal(string.Empty, SecretRedactor.Redact(null));
        Assert.Equal(string.Empty, SecretRedactor.Redact("   \r\n"));
    }

    [Fact]
    public void LongMessagesAreTruncatedToTheLimitWithAnEllipsis()
    {
        var message = "connection reset by peer: " + new string('x', 2000);

        var summary = SecretRedactor.Redact(message);

        Assert.Equal(SecretRedactor.DefaultMaxLength, summary.Length);
        Assert.Equal(message[..(SecretRedactor.DefaultMaxLength - 1)] + "…", summary);
    }

    [Fact]
    public void TruncationDoesNotEndOnASpaceBeforeTheEllipsis()
    {
        var summary = SecretRedactor.Redact("timeout after 30 s", 15);

        Assert.Equal("timeout after…", summary);
    }

    [Fact]
    public void TruncationNeverCutsAMarkerInHalf()
    {
        for (var maxLength = 1; maxLength <= 60; maxLength++)
        {
            for (var padding = 0; padding < 12; padding++)
            {
                var message = new string('x', padding) + " access_token=EAAGm0PX4ZCpsBAKZCZAnT9ZBZCcZAZBZCZC tail of the message";

                var summary = SecretRedactor.Redact(message, maxLength);

                Assert.True(summary.Length <= maxLength, $"{summary.Length} > {maxLength}");
                var open = summary.LastIndexOf('[');
                if (open >= 0 && summary.IndexOf(']', open) < 0)
                {
                    Assert.Fail($"marker cut at maxLength {maxLength}, padding {padding}: '{summary}'");
                }

                Assert.DoesNotContain("EAAG", summary, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void TruncationNeverSplitsASurrogatePair()
    {
        var message = new string('a', 10) + string.Concat(Enumerable.Repeat("😀", 20));

        var summary = SecretRedactor.Redact(message, 14);

        Assert.False(char.IsHighSurrogate(summary[^2]), summary);
        Assert.True(summary.Length <= 14);
    }

    [Fact]
    public void HugeMessagesAreBoundedBeforeTheyAreScanned()
    {
        var secret = "sk_live_" + new string('Q', 4000);
        var message = string.Concat(Enumerable.Repeat("error ", 2000)) + secret;

        var summary = SecretRedactor.Redact(message, 100);

        Assert.True(summary.Length <= 100);
        Assert.DoesNotContain("QQQQ", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeMessageWithNoSpaceToCutAtIsOneMarker()
    {
        // Nothing shows where a token would end, so none of it is trusted; scanned whole, this plain
        // run would have come out as "xxxx…".
        var summary = SecretRedactor.Redact(new string('x', 20_000), 100);

        Assert.Equal(SecretRedactor.Marker, summary);
    }

    [Fact]
    public void ASummaryIsStableWhenRedactedAgain()
    {
        foreach (var leak in SecretCorpus.Generate(new Random(7), copiesPerFormat: 1))
        {
            var once = SecretRedactor.Redact(leak.Message);
            Assert.Equal(once, SecretRedactor.Redact(once));
        }
    }

    [Theory]
    [InlineData("password", true)]
    [InlineData("smtp_password", true)]
    [InlineData("apiKey", true)]
    [InlineData("api-key", true)]
    [InlineData("secrets", true)]
    [InlineData("accessToken", true)]
    [InlineData("pass", true)]
    [InlineData("pw", true)]
    [InlineData("auth", true)]
    [InlineData("Authorization", true)]
    [InlineData("pass\u200Bword", true)]
    [InlineData("ｐａｓｓｗｏｒｄ", true)]
    [InlineData("รหัสผ่าน", true)]
    [InlineData("passcode", true)]
    [InlineData("kata_sandi", true)]
    [InlineData("mot_de_passe", true)]
    [InlineData("Passwort", true)]
    [InlineData("contraseña", true)]
    [InlineData("密码", true)]
    [InlineData("パスワード", true)]
    [InlineData("비밀번호", true)]
    [InlineData("newpass", true)]
    [InlineData("license_key", true)]
    [InlineData("passenger", false)]
    [InlineData("compass", false)]
    [InlineData("tenantId", false)]
    [InlineData("channelAccountId", false)]
    [InlineData("errorMessage", false)]
    [InlineData("displayName", false)]
    [InlineData("bypass", false)]
    [InlineData("author", false)]
    [InlineData("", false)]
    public void AKeyNamesASecretByTheRedactorsKeyWords(string key, bool secret) =>
        Assert.Equal(secret, SecretRedactor.IsSecretKey(key));

    private static void AssertNoFragmentOf(string secret, string summary, string? because = null)
    {
        if (SecretFragments.FirstIn(summary, secret) is { } fragment)
        {
            Assert.Fail($"'{fragment}' of the secret survived in '{summary}'. {because}");
        }
    }
}
