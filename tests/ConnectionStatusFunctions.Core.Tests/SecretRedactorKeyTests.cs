using System.Globalization;
using System.Text;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Keys that name a secret however they are written: linked to the value by words, short or in a query, before other
/// quotes and separators, in markup and escaped JSON, and spelt with look-alike letters; and the prose, ids and
/// messages in other scripts around them, which stay as written.
/// </summary>
public class SecretRedactorKeyTests
{
    [Theory]
    // Words between a key and its value.
    [InlineData("IMAP login failed, password used: Qx7pLm2Zk9 (535)", "IMAP login failed, password used: [REDACTED] (535)")]
    [InlineData("IMAP login failed, password provided: Qx7pLm2Zk9 (535)", "IMAP login failed, password provided: [REDACTED] (535)")]
    [InlineData("Billing sync failed: Invalid API Key provided: Qx7pLm2Zk9", "Billing sync failed: Invalid API Key provided: [REDACTED]")]
    [InlineData("IMAP: the password sent was Qx7pLm2Zk9 (535)", "IMAP: the password sent was [REDACTED] (535)")]
    [InlineData("IMAP: the password of acme was Qx7pLm2Zk9 (535)", "IMAP: the password of acme was [REDACTED] (535)")]
    [InlineData("IMAP: the password for the shop acme is Qx7pLm2Zk9 (535)", "IMAP: the password for the shop acme is [REDACTED] (535)")]
    [InlineData("Password (temporary): Qx7pLm2Zk9; expires in 24h", "Password (temporary): [REDACTED]; expires in 24h")]
    [InlineData("รีเซ็ตแล้ว รหัสผ่านชั่วคราวคือ Qx7pLm2Zk9 กรุณาเปลี่ยน", "รีเซ็ตแล้ว รหัสผ่านชั่วคราวคือ [REDACTED] กรุณาเปลี่ยน")]
    [InlineData("LINE แจ้งว่า โทเค็นใหม่ของร้านคือ Qx7pLm2Zk9 ใช้ได้ 30 วัน", "LINE แจ้งว่า โทเค็นใหม่ของร้านคือ [REDACTED] ใช้ได้ 30 วัน")]
    [InlineData("รหัสผ่านของร้าน ACME คือ Qx7pLm2Zk9", "รหัสผ่านของร้าน ACME คือ [REDACTED]")]
    // Short and query keys.
    [InlineData("GET /send?user=acme&passw=Qx7pLm2Zk9&to=668 returned 401", "GET /send?user=acme&passw=[REDACTED]&to=668 returned 401")]
    [InlineData("GET /geocode?address=x&key=Qx7pLm2Zk9 returned 403", "GET /geocode?address=x&key=[REDACTED] returned 403")]
    [InlineData("IMAP login refused (p/w: Qx7pLm2Zk9) for support@acme.co.th", "IMAP login refused (p/w: [REDACTED]) for support@acme.co.th")]
    [InlineData("upstream cookies sid=Qx7pLm2Zk9 rejected (401)", "upstream cookies [REDACTED] rejected (401)")]
    [InlineData("upstream body {\"pin\":\"Qx7pLm2Zk9\"} rejected 401", "upstream body {\"pin\":\"[REDACTED]\"} rejected 401")]
    // Other quotes, and a passphrase after a secret's '='.
    [InlineData("SMTP refused password «correct horse battery» (535)", "SMTP refused password «[REDACTED]» (535)")]
    [InlineData("SMTP refused password `correct horse battery` (535)", "SMTP refused password `[REDACTED]` (535)")]
    [InlineData("SMTP refused password 「correct horse battery」 (535)", "SMTP refused password 「[REDACTED]」 (535)")]
    [InlineData("SMTP refused, password: 『correct horse battery』 (535)", "SMTP refused, password: 『[REDACTED]』 (535)")]
    [InlineData("webhook config client_secret=correct horse battery staple; retrying", "webhook config client_secret=[REDACTED]; retrying")]
    // Typographic quotes either way round, a low-9 quote, doubled apostrophes and CJK angle brackets (a fresh tester found them kept).
    [InlineData("SMTP refused password = ”correct horse battery” (535)", "SMTP refused password = ”[REDACTED]” (535)")]
    [InlineData("SMTP refused, token = ‚correct horse battery‘ (535)", "SMTP refused, token = ‚[REDACTED]‘ (535)")]
    [InlineData("SMTP refused, token: 〈correct horse battery〉 (535)", "SMTP refused, token: 〈[REDACTED]〉 (535)")]
    [InlineData("SMTP refused password 《correct horse battery》 (535)", "SMTP refused password 《[REDACTED]》 (535)")]
    [InlineData("SMTP refused password ''correct horse battery'' (535)", "SMTP refused password ''[REDACTED]'' (535)")]
    [InlineData("SMTP refused, password=''correct horse battery'' (535)", "SMTP refused, password=''[REDACTED]'' (535)")]
    // Markup.
    [InlineData("SOAP fault &lt;password&gt;Qx7pLm2Zk9&lt;/password&gt; (500)", "SOAP fault <password>[REDACTED]</password> (500)")]
    [InlineData("SOAP fault &lt;login user=&quot;acme&quot; password=&quot;Qx7pLm2Zk9&quot;/&gt; (500)", "SOAP fault <login user=\"acme\" password=\"[REDACTED]\"/> (500)")]
    [InlineData("SOAP fault <password><![CDATA[Qx7pLm2Zk9]]></password> (500)", "SOAP fault <password>[REDACTED]</password> (500)")]
    [InlineData("SOAP fault <password><value>Qx7pLm2Zk9</value></password> (500)", "SOAP fault <password>[REDACTED]</password> (500)")]
    [InlineData("config dump <add key=\"DbPassword\" value=\"Qx7pLm2Zk9\"/> (500)", "config dump <add key=\"DbPassword\" value=\"[REDACTED]\"/> (500)")]
    [InlineData("SOAP fault <param name=\"password\" value=\"Qx7pLm2Zk9\"/> (500)", "SOAP fault <param name=\"password\" value=\"[REDACTED]\"/> (500)")]
    [InlineData("SOAP fault <param name=\"password\">Qx7pLm2Zk9</param> (500)", "SOAP fault <param name=\"password\">[REDACTED]</param> (500)")]
    [InlineData("SOAP fault <Password>Qx7pLm2Zk9</password> (500)", "SOAP fault <Password>[REDACTED]</password> (500)")]
    // JSON escaped twice, an escaped quote in a value, HTML-escaped quotes, Python's repr.
    [InlineData("body {\\\\\\\"password\\\\\\\":\\\\\\\"Qx7pLm2Zk9\\\\\\\"} 401", "body {\\\\\\\"password\\\\\\\":\\\\\\\"[REDACTED]\\\\\\\"} 401")]
    [InlineData("body {\\\\\\\"token\\\\\\\":[\\\\\\\"Qx7pLm2Zk9\\\\\\\"]} 401", "body {\\\\\\\"token\\\\\\\":[[REDACTED]]} 401")]
    [InlineData("body {\"password\":\"Qx7pLm\\\"2Zk9wT4x\"} 401", "body {\"password\":\"[REDACTED]\"} 401")]
    [InlineData("body {&quot;password&quot;:&quot;Qx7pLm2Zk9&quot;} 401", "body {\"password\":\"[REDACTED]\"} 401")]
    [InlineData("body [('password', 'Qx7pLm2Zk9')] 401", "body [('password', '[REDACTED]')] 401")]
    [InlineData("body {'token': ('Qx7pLm2Zk9', 1)} 401", "body {'token': ([REDACTED])} 401")]
    // Look-alike keys read as the key they spell.
    [InlineData("push failed: \u0440\u0430ssword=Qx7pLm2Zk9 (401)", "push failed: password=[REDACTED] (401)")]
    [InlineData("push failed: access_t\u03BFken=Qx7pLm2Zk9 (401)", "push failed: access_token=[REDACTED] (401)")]
    [InlineData("push failed: \U0001D5FD\U0001D5EE\U0001D600\U0001D600\U0001D604\U0001D5FC\U0001D5FF\U0001D5F1=Qx7pLm2Zk9 (401)", "push failed: password=[REDACTED] (401)")]
    [InlineData("push failed: passw\u0301ord=Qx7pLm2Zk9 (401)", "push failed: password=[REDACTED] (401)")]
    [InlineData("LINE rejected \u0412earer Qx7pLm2Zk9 (401)", "LINE rejected Bearer [REDACTED] (401)")]
    public void AKeyNamesItsValueHoweverItIsWritten(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    /// <summary>
    /// A state after a key is judged without the sentence's end, ASCII's or ideographic, and a token's value ends at an
    /// ideographic full stop or comma, after which Chinese and Japanese write the next sentence with no space (a fresh
    /// tester found "api key=expired." redacted and "api_key=x。再試行してください" losing its sentence).
    /// </summary>
    [Theory]
    [InlineData("api key=expired.", "api key=expired.")]
    [InlineData("password=too weak。", "password=too weak。")]
    [InlineData("Password: not set！", "Password: not set！")]
    [InlineData("token: required?", "token: required?")]
    [InlineData("API key: invalid。再設定してください", "API key: invalid。再設定してください")]
    [InlineData("token=too short。next", "token=too short。next")]
    [InlineData("api_key=AVJkY9x5Dsr。再試行してください", "api_key=[REDACTED]。再試行してください")]
    [InlineData("password=Qx7pLm2Zk9、再試行してください", "password=[REDACTED]、再試行してください")]
    [InlineData("password=Qx7pLm2Zk9!", "password=[REDACTED]")]
    public void ASentenceEndIsNotPartOfAStateNorOfAToken(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    /// <summary>
    /// A query's separator written as the query around it is encoded (percent-encoded once or twice, HTML-escaped, or
    /// ';'), before every key the redactor reads in a query: a fresh tester found "%26sig=", "%26pin=" and
    /// "&amp;amp;code=" kept, where "&amp;sig=" was redacted.
    /// </summary>
    [Theory]
    [InlineData("%26")]
    [InlineData("%2526")]
    [InlineData("&amp;")]
    [InlineData(";")]
    [InlineData("%3B")]
    public void AnEncodedQuerySeparatorBeforeAKeyIsOne(string separator)
    {
        foreach (var key in (string[])["sig", "pin", "code", "key", "auth", "access_token", "pwd", "client_secret"])
        {
            var secret = SecretRedactorSchemeTests.RandomSecret(14, separator + key);
            var redacted = SecretRedactor.Redact($"GET /api/v2/orders?shop_id=1234{separator}{key}={secret} failed");
            SecretRedactorSchemeTests.AssertNoFragment(secret, redacted);
            Assert.Contains("shop_id=1234", redacted, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Tom &amp; Jerry 50%26 off; see ?q=a%26b")]
    [InlineData("search?q=salt%26pepper%3Bmild&page=2")]
    public void AnEncodedSeparatorBeforeNoKeyStaysAsWritten(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));

    /// <summary>
    /// A path piece that reads as a short word with its version ("oauth2") or a lowerCamelCase name ("accessToken")
    /// stays; random mixed case starting lower-case is still a token, and so is a long run of random letters with a
    /// digit after it (one that happens to read as words by its letter pairs is the documented one in a hundred).
    /// </summary>
    [Fact]
    public void ARandomPathPieceShapedLikeAWordIsStillAToken()
    {
        for (var i = 0; i < 20; i++)
        {
            var random = SecretRedactorSchemeTests.SeededRandom("lower-camel" + i);
            var token = (char)('a' + random.Next(26)) + SecretRedactorSchemeTests.RandomSecret(16, random);
            SecretRedactorSchemeTests.AssertNoFragment(token, SecretRedactor.Redact($"GET https://x.example.com/api/{token}/orders failed"));
        }

        foreach (var token in (string[])["xqzvjwkpqzxj7", "kqzvxjwpfhtbnmlr2", "wqxzjkvbqz42"])
        {
            SecretRedactorSchemeTests.AssertNoFragment(token, SecretRedactor.Redact($"GET https://x.example.com/api/{token}/orders failed"));
        }
    }

    /// <summary>
    /// Every opening bracket and quotation mark outside ASCII, by Unicode's categories (and the ornamental quotes, which
    /// are symbols), around a phrase after a key: the whole phrase is the value. A fresh tester found »x«, 【x】, ｢x｣ and
    /// others leaking all but their first word, after the marks the redactor then named one by one.
    /// </summary>
    public static TheoryData<string, string> QuotesAndBracketsOutsideAscii()
    {
        var pairs = new TheoryData<string, string>();
        for (var c = '\u0080'; c < '\uFFFF'; c++)
        {
            var category = char.GetUnicodeCategory(c);

            // Full-width forms of ASCII's brackets ("（x）") are read as ASCII's, whose rules differ ("password (temporary): x").
            if (category is not (UnicodeCategory.OpenPunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation)
                || c.ToString().Normalize(NormalizationForm.FormKC) is [< '\x80'])
            {
                continue;
            }

            if (category is UnicodeCategory.OpenPunctuation && char.GetUnicodeCategory((char)(c + 1)) is UnicodeCategory.ClosePunctuation)
            {
                pairs.Add(c.ToString(), ((char)(c + 1)).ToString());
            }
            else if (category is UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation)
            {
                pairs.Add(c.ToString(), c.ToString());
            }
        }

        pairs.Add("❛", "❜");
        pairs.Add("❝", "❞");
        return pairs;
    }

    [Theory]
    [MemberData(nameof(QuotesAndBracketsOutsideAscii))]
    public void APhraseInAnyQuoteOrBracketAfterAKeyIsOneValue(string open, string close)
    {
        var random = SecretRedactorSchemeTests.SeededRandom(open + close);
        var phrase = string.Join(' ', Enumerable.Range(0, 3).Select(_ => new string([.. Enumerable.Range(0, 8).Select(_ => (char)('a' + random.Next(26)))])));
        foreach (var format in (string[])["SMTP refused password {0} (535)", "SMTP refused, password={0} (535)", "SMTP refused, token: {0} (535)"])
        {
            var redacted = SecretRedactor.Redact(string.Format(CultureInfo.InvariantCulture, format, open + phrase + close));
            foreach (var word in phrase.Split(' '))
            {
                Assert.DoesNotContain(word, redacted, StringComparison.Ordinal);
            }

            Assert.Contains("(535)", redacted, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\u2982")]
    [InlineData("\u1361")]
    [InlineData("\u1804")]
    [InlineData("\u2254")]
    [InlineData("\u2255")]
    [InlineData("\u2A74")]
    public void ColonsAndEqualsSignsOfOtherScriptsAndNotationsSeparateAKey(string separator) =>
        Assert.DoesNotContain("hunter2", SecretRedactor.Redact($"callback failed: access_token{separator}hunter2xyz (401)"), StringComparison.Ordinal);

    [Theory]
    [InlineData("Password reset link sent to ops@example.com; token for shopee-th-000123 was revoked")]
    [InlineData("LINE: password of the official account manager changed; reconnect required")]
    [InlineData("IMAP: password used for shop acme expired yesterday")]
    [InlineData("API key provided by LINE is invalid")]
    [InlineData("GET https://maps.example.com/geocode?key=shopee-th-000123&lang=th failed")]
    [InlineData("Webhook https://hooks.example.com:8443/line/callback?id=42&status=failed&code=500 returned 502")]
    [InlineData("Secret Manager: secret 'line-channel' version 3 not found")]
    [InlineData("SMTP: password authentication failed; password=*** for user ops")]
    [InlineData("shipping: 3 days, mapping=default, ping: 12 ms, spin=off")]
    [InlineData("cookie consent banner failed to load; cookies are disabled")]
    [InlineData("IMAP login (attempt 3 of 5): password incorrect")]
    [InlineData("webhook secret: not set for shop acme; client_secret=required")]
    [InlineData("รหัสผ่านชั่วคราวหมดอายุแล้ว กรุณาขอใหม่")]
    [InlineData("โทเค็นใหม่ของร้านหมดอายุ กรุณาเชื่อมต่อ LINE ใหม่")]
    [InlineData("Đăng nhập thất bại, vui lòng thử lại sau 30 giây")]
    [InlineData("Đăng nhập thất bại, mật khẩu không đúng")]
    [InlineData("Mật khẩu đã hết hạn, vui lòng đổi mật khẩu mới")]
    [InlineData("Token đã hết hạn (401), vui lòng kết nối lại shopee-th-000123")]
    [InlineData("Ошибка входа: пароль неверный, повторите попытку")]
    [InlineData("Σφάλμα σύνδεσης: ο κωδικός είναι λάθος")]
    [InlineData("sync of cafe\u0301 acme failed at 09:00")]
    [InlineData("\U0001D5D4\U0001D5D6\U0001D5E0\U0001D5D8 shop sync failed v2.3.1")]
    [InlineData("SOAP fault &lt;status&gt;error&lt;/status&gt;&lt;shop&gt;shopee-th-000123&lt;/shop&gt; (500)")]
    [InlineData("Shop &quot;Acme &amp; Co&quot; sync failed")]
    [InlineData("config <add key=\"ShopName\" value=\"acme\"/> <param name=\"lang\">th</param> <password>required</password>")]
    [InlineData("upstream body {'shop': ('shopee-th-000123', 1)} (see https://api.example.com/v2/orders)")]
    [InlineData("Error code: 401, token: invalid, key: missing")]
    public void ProseIdsAndOtherScriptsNearThoseKeysStayAsWritten(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));

    [Theory]
    [InlineData("\u0440\u0430ssword", true)]
    [InlineData("passw\u0301ord", true)]
    [InlineData("\U0001D5FD\U0001D5EE\U0001D600\U0001D600\U0001D604\U0001D5FC\U0001D5FF\U0001D5F1", true)]
    [InlineData("pin", true)]
    [InlineData("passw", true)]
    [InlineData("привет", false)]
    [InlineData("shipping", false)]
    [InlineData("ping", false)]
    public void ALookAlikeOrShortKeyNamesASecret(string key, bool secret) =>
        Assert.Equal(secret, SecretRedactor.IsSecretKey(key));
}
