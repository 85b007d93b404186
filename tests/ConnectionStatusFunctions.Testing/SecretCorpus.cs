using System.Text;

namespace ConnectionStatusFunctions.Testing;

// Long because it is the list of every leaking format the redactor was found to miss, each with a neighbour that
// must survive: one entry per kind, kept together so a new kind is added beside its relatives.
/// <summary>A connector error message with one generated secret in it, and a word of context that must survive.</summary>
public sealed record LeakyMessage(string Format, string Message, string Secret, string Context)
{
    public override string ToString() => Format;
}

/// <summary>Realistic connector error messages with freshly generated secrets of each format connectors leak.</summary>
public static class SecretCorpus
{
    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64 = Base62 + "+/";
    private const string Base64Url = Base62 + "-_";
    private const string Hex = "0123456789abcdef";
    private const string Password = Base62 + "!#$*";
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    // Letters of scripts written without spaces, none of which spells a word the redactor reads as a state.
    private const string ThaiConsonants = "กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ";
    private const string ChineseLetters = "密码测试一二三四五六七八九十山水火木金土日月";
    private const string Katakana = "アイウエオカキクケコサシスセソタチツテトナニヌネノ";

    /// <summary>Each format makes (message, secret, a piece of context that must survive) from a random source.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Random, (string Message, string Secret, string Context)>> Formats =
        WithOtherScriptTails(new Dictionary<string, Func<Random, (string, string, string)>>
        {
            ["bearer header"] = r => Secret(r, Base64Url, 40, s => $"LINE push failed: 401 Unauthorized, request had Authorization: Bearer {s}", "401 Unauthorized"),
            ["bare bearer"] = r => Secret(r, Base64Url, 48, s => $"TikTok Shop API rejected Bearer {s} with 401", "TikTok Shop API"),
            ["basic credentials"] = r => Secret(r, Base64, 32, s => $"Lazada gateway said 403 to 'Authorization: Basic {s}='", "403"),
            ["jwt"] = Jwt,
            ["access_token query"] = r => Secret(r, Base62, 30, s => $"GET https://graph.facebook.com/v19.0/me?access_token={s}&fields=name returned 190", "graph.facebook.com"),
            ["refresh_token json"] = r => Secret(r, Base64Url, 44, s => $"Shopee token refresh failed (error_param): {{\"refresh_token\":\"{s}\",\"shop_id\":123456}}", "error_param"),
            ["client_secret form"] = r => Secret(r, Base62, 32, s => $"Lazada OAuth 400 invalid_client for client_secret={s}", "invalid_client"),
            ["api key header"] = r => Secret(r, Base62, 36, s => $"Webchat relay 403: X-Api-Key: {s} is not allowed", "Webchat relay 403"),
            ["password kv"] = r => Secret(r, Base62 + "!#$%", 12, s => $"IMAP login failed for support@acme.co.th password={s} (AUTHENTICATIONFAILED)", "AUTHENTICATIONFAILED"),
            ["channel secret json escaped"] = r => Secret(r, Hex, 32, s => $"upstream body: {{\\\"channel_secret\\\":\\\"{s}\\\"}} rejected 400", "rejected 400"),
            ["url credentials"] = r => Secret(r, Base62, 16, s => $"SMTP relay smtp://mailer:{s}@smtp.example.com:587 refused connection", "smtp.example.com"),
            ["storage connection string"] = r => Secret(r, Base64, 86, s => $"Queue send failed: DefaultEndpointsProtocol=https;AccountName=acmestore;AccountKey={s}==;EndpointSuffix=core.windows.net", "AccountName=acmestore"),
            ["storage key alone"] = r => Secret(r, Base64, 86, s => $"storage key {s}== was rotated, 403 AuthenticationFailed", "AuthenticationFailed"),
            ["sas url"] = r => Secret(r, Base62, 43, s => $"PUT https://acme.blob.core.windows.net/exports/a.json?sv=2022-11-02&se=2026-11-25T00%3A00%3A00Z&sp=w&sig={s}%3D failed 403", "acme.blob.core.windows.net"),
            ["github token"] = r => Secret(r, Base62, 36, s => $"Release hook failed: ghp_{s} lacks repo scope (403)", "lacks repo scope", "ghp_"),
            ["slack bot token"] = r => Secret(r, Base62, 24, s => $"Slack alert not sent, token xoxb-1234567890-{s} revoked", "Slack alert not sent", "xoxb-1234567890-"),
            ["slack webhook"] = r => Secret(r, Base62, 24, s => $"POST https://hooks.slack.com/services/T0ACME/B0ALERT/{s} returned 404", "returned 404"),
            ["stripe key"] = r => Secret(r, Base62, 24, s => $"Billing sync failed: Invalid API Key provided: sk_live_{s}", "Billing sync failed", "sk_live_"),
            ["aws access key"] = r => Secret(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, s => $"S3 export failed: The AWS Access Key Id AKIA{s} does not exist", "S3 export failed", "AKIA"),
            ["aws secret key"] = r => Secret(r, Base64, 40, s => $"S3 signature mismatch, secret key used {s}", "signature mismatch"),
            ["google api key"] = r => Secret(r, Base64Url, 35, s => $"YouTube quota check failed: key=AIza{s} 403 forbidden", "403 forbidden", "AIza"),
            ["google oauth token"] = r => Secret(r, Base64Url, 60, s => $"Gmail channel 401: ya29.{s} expired", "Gmail channel 401", "ya29."),
            ["meta page token"] = r => Secret(r, Base62, 120, s => $"Messenger send failed (code 190) using EAA{s}", "Messenger send failed", "EAA"),
            ["line channel access token"] = r => Secret(r, Base64, 170, s => $"LINE Messaging API 401: channel access token {s}= is invalid", "LINE Messaging API 401"),
            ["oauth callback code"] = r => Secret(r, Base64Url, 30, s => $"Instagram login callback https://app.example.com/oauth/instagram?code={s}#_ failed: 400", "failed: 400"),
            ["hex token"] = r => Secret(r, Hex, 64, s => $"Shopee partner sign check failed, access token {s} rejected with error_auth", "error_auth"),

            // Characters that show nothing, between pieces each too short to look like a token.
            ["github token split by U+034F"] = r => SplitToken(r, "\u034F"),
            ["github token split by U+FE0F"] = r => SplitToken(r, "\uFE0F"),
            ["github token split by U+3164"] = r => SplitToken(r, "\u3164"),
            ["github token split by U+115F"] = r => SplitToken(r, "\u115F"),
            ["github token split by U+FFA0"] = r => SplitToken(r, "\uFFA0"),
            ["github token split by U+2800"] = r => SplitToken(r, "\u2800"),
            ["github token split by U+00AD"] = r => SplitToken(r, "\u00AD"),
            ["github token split by U+180B"] = r => SplitToken(r, "\u180B"),
            ["github token split by U+E0041"] = r => SplitToken(r, "\U000E0041"),
            ["github token split by U+E0100"] = r => SplitToken(r, "\U000E0100"),
            ["github token split by U+1D173"] = r => SplitToken(r, "\U0001D173"),
            // A short Bearer token after a separator that is not an ASCII space.
            ["bearer after U+2028"] = r => Secret(r, Base64Url, 12, s => $"LINE rejected Bearer\u2028{s} (401)", "LINE rejected"),
            ["bearer after U+2029"] = r => Secret(r, Base64Url, 12, s => $"LINE rejected Bearer\u2029{s} (401)", "LINE rejected"),
            ["bearer after no-break space"] = r => Secret(r, Base64Url, 12, s => $"LINE rejected Bearer\u00A0{s} (401)", "LINE rejected"),

            // Formats keys and values are written in, with secrets too short to look random on their own.
            ["url with empty user"] = r => Secret(r, Base62, 14, s => $"Cache connect failed: redis://:{s}@cache.internal:6379/0 NOAUTH", "NOAUTH"),
            ["url password with slash"] = r => Secret(r, Base64, 14, s => $"Cache connect failed: rediss://default:{s}@cache.internal:6380 NOAUTH", "NOAUTH"),
            ["pass query"] = r => Secret(r, Password, 12, s => $"POST https://sms.example.com/send?user=acme&pass={s}&to=66891112233 returned 401", "returned 401"),
            ["pw in parentheses"] = r => Secret(r, Password, 12, s => $"IMAP login refused (pw: {s}) for support@acme.co.th", "IMAP login refused"),
            ["password was"] = r => Secret(r, Password, 12, s => $"IMAP login failed: password was {s} (AUTHENTICATIONFAILED)", "AUTHENTICATIONFAILED"),
            ["password is"] = r => Secret(r, Password, 12, s => $"SMTP relay: the password is {s} and it was refused", "it was refused"),
            ["password in quotes"] = r => Secret(r, "abcdefghijklmnopqrstuvwxyz  ", 24, s => $"SMTP AUTH refused for password \"x{s}x\" (535)", "(535)", "x", "x"),
            ["password in curly quotes"] = r => Secret(r, "abcdefghijklmnopqrstuvwxyz  ", 24, s => $"SMTP AUTH refused for password “x{s}x” (535)", "(535)", "x", "x"),
            ["apikey revoked"] = r => Secret(r, Base62, 12, s => $"Webchat relay: apikey {s} revoked by admin", "revoked by admin"),
            ["api key revoked"] = r => Secret(r, Base62, 12, s => $"YouTube: API key {s} revoked by admin", "revoked by admin"),
            ["api_key revoked"] = r => Secret(r, Base62, 12, s => $"Webchat relay: x-api_key {s} revoked by admin", "revoked by admin"),
            ["percent-encoded key"] = r => Secret(r, Base62, 14, s => $"GET https://graph.facebook.com/v19.0/me?access%5Ftoken%3D{s}%26fields%3Dname returned 190", "returned 190"),
            ["doubly percent-encoded key"] = r => Secret(r, Base62, 14, s => $"GET https://graph.facebook.com/v19.0/me?access%255Ftoken%253D{s} returned 190", "returned 190"),
            ["base64 split by %2B and %2F"] = PercentSplitBase64,
            ["thai password key"] = r => Secret(r, Password, 12, s => $"เข้าสู่ระบบไม่สำเร็จ (รหัสผ่าน={s}) กรุณาตรวจสอบ", "กรุณาตรวจสอบ"),
            ["thai token key"] = r => Secret(r, Base62, 14, s => $"LINE แจ้งว่า โทเค็น: {s} ใช้ไม่ได้", "ใช้ไม่ได้"),
            ["full-width colon"] = r => Secret(r, Password, 12, s => $"IMAP ログイン失敗 password：{s}；再試行します", "再試行します"),
            ["full-width equals"] = r => Secret(r, Base62, 14, s => $"Shopee callback failed: access_token＝{s}＆shop_id=123", "Shopee callback failed"),
            ["full-width key"] = r => Secret(r, Base62, 14, s => $"Shopee callback failed: ａｃｃｅｓｓ＿ｔｏｋｅｎ＝{s} ok", "Shopee callback failed"),
            // Key names written as words, and verb phrases between a key and its value.
            ["API Key: spaced name"] = r => Secret(r, Base62, 12, s => $"YouTube relay 403: API Key: {s} not allowed", "not allowed"),
            ["Secret Key: spaced name"] = r => Secret(r, Base62, 12, s => $"S3 sync 403, Secret Key: {s} rejected", "S3 sync 403"),
            ["api key = spaced name"] = r => Secret(r, Base62, 12, s => $"Webchat config api key = {s} rejected by relay", "rejected by relay"),
            ["Access Token: spaced name"] = r => Secret(r, Base62, 12, s => $"Graph call failed, Access Token: {s} (190)", "(190)"),
            ["Client Secret spaced"] = r => Secret(r, Base62, 12, s => $"Lazada OAuth 400: Client Secret {s} is invalid", "Lazada OAuth 400"),
            ["auth token is"] = r => Secret(r, Base62, 12, s => $"SMS gateway 401: auth token is {s} and was refused", "was refused"),
            ["password is now"] = r => Secret(r, Base62, 12, s => $"IMAP: password is now {s} after the reset", "after the reset"),
            ["password set to"] = r => Secret(r, Base62, 12, s => $"IMAP: password set to {s} by the admin", "by the admin"),
            ["password changed to"] = r => Secret(r, Base62, 12, s => $"IMAP: password changed to {s} by the admin", "by the admin"),
            ["token was reset to"] = r => Secret(r, Base62, 12, s => $"Webchat: token was reset to {s} by the admin", "by the admin"),
            // Encoded separators and spaces.
            ["percent-encoded spaces"] = r => Secret(r, Base62, 12, s => $"POST /login body msg=password%20is%20{s}&lang=th returned 401", "returned 401"),
            ["form-encoded spaces"] = r => Secret(r, Base62, 12, s => $"POST /login body msg=password+is+{s}&lang=th returned 401", "returned 401"),
            ["html decimal reference"] = r => Secret(r, Base62, 12, s => $"Form echo: password&#61;{s}&next=1 (400)", "(400)"),
            ["html hex reference"] = r => Secret(r, Base62, 12, s => $"Form echo: api_key&#x3D;{s} rejected (403)", "rejected (403)"),
            ["html named reference"] = r => Secret(r, Base62, 12, s => $"Form echo: secret&equals;{s} rejected (403)", "rejected (403)"),
            ["json escape literal"] = r => Secret(r, Base62, 12, s => $"upstream said password\\u003d{s}; 401", "401"),
            ["percent-encoded four levels"] = r => Secret(r, Base62, 12, s => $"GET /v1/me?access%2525255Ftoken%2525253D{s} returned 190", "returned 190"),
            ["percent-encoded five levels"] = r => Secret(r, Base62, 12, s => $"GET /v1/me?access%252525255Ftoken%252525253D{s} returned 190", "returned 190"),
            ["github token split by %E2%80%8B"] = r => SplitToken(r, "%E2%80%8B"),
            ["github token split by %CD%8F"] = r => SplitToken(r, "%CD%8F"),
            ["github token split by %F3%A0%81%81"] = r => SplitToken(r, "%F3%A0%81%81"),
            ["github token split by &#8203;"] = r => SplitToken(r, "&#8203;"),
            ["github token split by \\u200b"] = r => SplitToken(r, "\\u200b"),
            // Visible characters a reader skips when copying a token: replacement characters, lone surrogates, marks on its letters.
            ["github token split by U+FFFD"] = r => SplitToken(r, "\uFFFD"),
            ["github token split by U+FFFC"] = r => SplitToken(r, "\uFFFC"),
            ["github token split by a lone high surrogate"] = r => SplitToken(r, "\uD800"),
            ["github token split by a lone low surrogate"] = r => SplitToken(r, "\uDC00"),
            ["github token split by U+0301"] = r => SplitToken(r, "\u0301"),
            ["github token split by U+0E48"] = r => SplitToken(r, "\u0E48"),
            ["github token split by U+20DD"] = r => SplitToken(r, "\u20DD"),
            ["github token split by U+1D167"] = r => SplitToken(r, "\U0001D167"),
            ["bearer token split by U+0301"] = r => Secret(r, Base64Url, 12, s => $"LINE rejected Bearer {s[..4]}\u0301{s[4..]} (401)", "LINE rejected"),
            // Colons and equals signs that look like ASCII ones.
            ["colon U+A4FD"] = r => Separated(r, '\uA4FD'),
            ["colon U+FE30"] = r => Separated(r, '\uFE30'),
            ["colon U+FE13"] = r => Separated(r, '\uFE13'),
            ["colon U+FE55"] = r => Separated(r, '\uFE55'),
            ["colon U+FF1A"] = r => Separated(r, '\uFF1A'),
            ["colon U+2236"] = r => Separated(r, '\u2236'),
            ["colon U+A789"] = r => Separated(r, '\uA789'),
            ["colon U+0589"] = r => Separated(r, '\u0589'),
            ["equals U+FE66"] = r => Separated(r, '\uFE66'),
            ["equals U+FF1D"] = r => Separated(r, '\uFF1D'),
            ["equals U+207C"] = r => Separated(r, '\u207C'),
            ["equals U+2E40"] = r => Separated(r, '\u2E40'),
            ["equals U+30A0"] = r => Separated(r, '\u30A0'),
            // Thai key words followed by a space or a copula.
            ["thai password spaced"] = r => Secret(r, Base62, 12, s => $"เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน {s} ใช้ไม่ได้", "ใช้ไม่ได้"),
            ["thai password copula"] = r => Secret(r, Base62, 12, s => $"เข้าสู่ระบบไม่สำเร็จ รหัสผ่านคือ {s} กรุณาตรวจสอบ", "กรุณาตรวจสอบ"),
            ["thai new password copula"] = r => Secret(r, Base62, 12, s => $"รีเซ็ตแล้ว รหัสผ่านใหม่คือ{s} กรุณาตรวจสอบ", "กรุณาตรวจสอบ"),
            ["thai token spaced"] = r => Secret(r, Base62, 12, s => $"LINE แจ้งว่า โทเค็น {s} หมดอายุ", "หมดอายุ"),
            // A URL whose user alone is the credential.
            ["url token user on github"] = r => Secret(r, Base62, 11, s => $"git push failed: https://{s}@github.com/acme/shop.git (403)", "(403)"),
            ["url long user"] = r => Secret(r, "abcdefghijklmnopqrstuvwxyz", 14, s => $"Webhook relay https://{s}@relay.example.com/hook returned 401", "returned 401"),
            ["url empty user with port"] = r => Secret(r, "abcdefghijklmnopqrstuvwxyz", 10, s => $"Cache connect failed: redis://:{s}@cache.internal:6379 NOAUTH", "NOAUTH"),
            // Random tokens of one case with digits, from 16 characters.
            ["lower-case token of 16"] = r => OneCaseToken(r, "abcdefghijklmnopqrstuvwxyz", 16),
            ["lower-case token of 19"] = r => OneCaseToken(r, "abcdefghijklmnopqrstuvwxyz", 19),
            ["upper-case token of 16"] = r => OneCaseToken(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 16),
            ["upper-case token of 19"] = r => OneCaseToken(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 19),
            ["lower-case hex token of 18"] = r => OneCaseToken(r, "abcdef", 18),
            // Random tokens just under the length that once let them pass.
            ["random token of 16"] = r => Secret(r, Base62, 16, s => $"LINE webhook rejected {s} as unknown (403)", "as unknown (403)"),
            ["random token of 17"] = r => Secret(r, Base62, 17, s => $"LINE webhook rejected {s} as unknown (403)", "as unknown (403)"),
            ["random token of 18"] = r => Secret(r, Base62, 18, s => $"LINE webhook rejected {s} as unknown (403)", "as unknown (403)"),
            ["random token of 19"] = r => Secret(r, Base62, 19, s => $"LINE webhook rejected {s} as unknown (403)", "as unknown (403)"),
            // Random tokens of one case split by a separator, each piece too short to look random alone.
            ["lower-case base64url token of 19 with '-'"] = r => OneCaseSeparatedToken(r, "abcdefghijklmnopqrstuvwxyz", '-'),
            ["upper-case base64url token of 19 with '_'"] = r => OneCaseSeparatedToken(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", '_'),
            // Values in XML elements and attributes whose name is a secret's.
            ["xml password element"] = r => Secret(r, Password, 12, s => $"SOAP fault <password>{s}</password> (500)", "SOAP fault"),
            ["xml apiKey element"] = r => Secret(r, Base62, 12, s => $"SOAP fault <auth><apiKey>{s}</apiKey></auth> (500)", "SOAP fault"),
            ["xml namespaced token element"] = r => Secret(r, Base62, 12, s => $"SOAP fault <ns:AccessToken xsi:type=\"string\">{s}</ns:AccessToken> (500)", "SOAP fault"),
            ["xml password attribute"] = r => Secret(r, Password, 12, s => $"SOAP fault <login user=\"acme\" password=\"{s}\"/> (500)", "SOAP fault"),
            // JSON lists and objects under a secret key, inside a message's text.
            ["json list under token"] = r => Secret(r, Base62, 12, s => $"upstream body {{\"token\":[\"{s}\",1]}} rejected 401", "rejected 401"),
            ["json object under password"] = r => Secret(r, Password, 12, s => $"upstream body {{\"password\":{{\"value\":\"{s}\"}}}} rejected 401", "rejected 401"),
            ["escaped json list under credentials"] = r => Secret(r, Base62, 12, s => $"upstream body {{\\\"credentials\\\": [\\\"{s}\\\"]}} rejected 401", "rejected 401"),
            // An encoded space after an authorization scheme.
            ["Bearer%20 token"] = r => Secret(r, Base64Url, 12, s => $"GET /cb?h=Bearer%20{s} returned 401", "returned 401"),
            ["Bearer+ token"] = r => Secret(r, Base64Url, 12, s => $"POST h=Bearer+{s}&x=1 returned 401", "returned 401"),
            ["Basic%2520 token"] = r => Secret(r, Base64, 12, s => $"GET /cb?h=Basic%2520{s} returned 401", "returned 401"),
            // Any other encoding of white space or a quote between a scheme and its token, and a scheme in look-alike letters.
            ["Bearer%09 token"] = r => Secret(r, Base64Url, 12, s => $"GET /cb?h=Bearer%09{s} returned 401", "returned 401"),
            ["Bearer&#32; token"] = r => Secret(r, Base64Url, 12, s => $"GET /cb?h=Bearer&#32;{s} returned 401", "returned 401"),
            ["Bearer%20%20 token"] = r => Secret(r, Base64Url, 12, s => $"GET /cb?h=Bearer%20%20{s} returned 401", "returned 401"),
            ["Bearer%C2%A0 token"] = r => Secret(r, Base64Url, 12, s => $"GET /cb?h=Bearer%C2%A0{s} returned 401", "returned 401"),
            ["Bearer&nbsp; token"] = r => Secret(r, Base64Url, 12, s => $"GET /cb?h=Bearer&nbsp;{s} returned 401", "returned 401"),
            ["Bearer\\u0020 token"] = r => Secret(r, Base64Url, 12, s => $"upstream said Bearer\\u0020{s} (401)", "(401)"),
            ["Bearer in single quotes"] = r => Secret(r, Base64Url, 12, s => $"LINE rejected Bearer '{s}' (401)", "LINE rejected"),
            ["Bearer&quot; token"] = r => Secret(r, Base64Url, 12, s => $"LINE rejected Bearer &quot;{s}&quot; (401)", "LINE rejected"),
            ["Bearer in Cyrillic look-alikes"] = r => Secret(r, Base64Url, 12, s => $"LINE rejected \u0412\u0435\u0430rer {s} (401)", "LINE rejected"),
            ["Basic in Greek and Cyrillic look-alikes"] = r => Secret(r, Base64, 12, s => $"LINE rejected \u0392\u0430\u0455\u0456\u0441 {s} (401)", "LINE rejected"),
            // A cookie header written without ':'.
            ["cookie without colon"] = r => Secret(r, Base62, 12, s => $"upstream cookie sid={s} rejected (401)", "rejected (401)"),
            ["set-cookie without colon, second cookie"] = r => Secret(r, Base62, 12, s => $"upstream set-cookie lang=th; sid={s} rejected (401)", "rejected (401)"),
            // Credentials without a scheme.
            ["scheme-less credentials with port"] = r => Secret(r, Password, 12, s => $"Connecting to admin:{s}@db:5432 failed", "failed"),
            ["scheme-less credentials with host name"] = r => Secret(r, Password, 12, s => $"SMTP relay user:{s}@host.example.com refused (535)", "refused (535)"),
            ["scheme-less credentials with a mail address as user"] = r => Secret(r, Password, 12, s => $"IMAP connect shop@acme.co.th:{s}@imap.example.com:993 failed", "failed"),
            ["scheme-less credentials with an IPv6 host"] = r => Secret(r, Password, 12, s => $"Connecting to admin:{s}@[fd00::5]:5432 failed", "failed"),
            ["scheme-less password with '='"] = r => SplitPassword(r, '='),
            ["scheme-less password with ','"] = r => SplitPassword(r, ','),
            // PEM blocks, with their lines split by spaces, line breaks or a JSON-escaped line break.
            ["pem private key"] = r => Pem(r, "PRIVATE KEY", "\n"),
            ["pem rsa key with spaces"] = r => Pem(r, "RSA PRIVATE KEY", " "),
            ["pem ec key with escaped line breaks"] = r => Pem(r, "EC PRIVATE KEY", "\\n"),
            ["pem openssh key"] = r => Pem(r, "OPENSSH PRIVATE KEY", "\n"),
            ["pem encrypted key"] = r => Pem(r, "ENCRYPTED PRIVATE KEY", "\\n"),
            // PEM lines as writers get them wrong or escape them.
            ["pem lower-case lines"] = r => Pem(r, "-----begin private key-----", "-----end private key-----", " "),
            ["pem four dashes"] = r => Pem(r, "----BEGIN PRIVATE KEY----", "----END PRIVATE KEY----", "\n"),
            ["pem six dashes"] = r => Pem(r, "------BEGIN RSA PRIVATE KEY------", "------END RSA PRIVATE KEY------", "\n"),
            ["pem label spaces escaped"] = r => Pem(r, "-----BEGIN\\u0020PRIVATE\\u0020KEY-----", "-----END\\u0020PRIVATE\\u0020KEY-----", "\\n"),
            // A base64 key whose '/' is JSON-escaped, leaving pieces too short to look random.
            ["base64 split by \\/"] = EscapedSlashBase64,
            // TOTP seeds (base32: A-Z and 2-7), few of whose characters are digits.
            ["base32 seed of 16"] = r => Secret(r, Base32, 16, s => $"2FA enrolment failed, seed {s} rejected", "rejected"),
            ["base32 seed of 20"] = r => Secret(r, Base32, 20, s => $"2FA enrolment failed, seed {s} rejected", "rejected"),
            ["base32 seed of 26"] = r => Secret(r, Base32, 26, s => $"2FA enrolment failed, seed {s} rejected", "rejected"),
            ["base32 seed of 32"] = r => Secret(r, Base32, 32, s => $"2FA enrolment failed, seed {s} rejected", "rejected"),
            // Random tokens of letters of one case only.
            ["lower-case letters of 24"] = r => Secret(r, "abcdefghijklmnopqrstuvwxyz", 24, s => $"webhook key {s} rejected (403)", "rejected (403)"),
            ["upper-case letters of 24"] = r => Secret(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 24, s => $"LINE webhook rejected {s} as unknown (403)", "as unknown (403)"),

            // Keys that name a secret however they are written. Last, so the formats above draw the same secrets for a seed as before.
            // A key linked to its value by words: a participle, a qualifier in brackets, whose key it is (also in Thai).
            ["password used:"] = r => Secret(r, Password, 12, s => $"IMAP login failed, password used: {s} (535)", "IMAP login failed"),
            ["API Key provided: without a known prefix"] = r => Secret(r, Base62, 14, s => $"Billing sync failed: Invalid API Key provided: {s}", "Billing sync failed"),
            ["password sent was"] = r => Secret(r, Password, 12, s => $"IMAP: the password sent was {s} (535)", "(535)"),
            ["password of owner was"] = r => Secret(r, Base62, 12, s => $"IMAP: the password of acme was {s} (535)", "(535)"),
            ["password for a three-word owner is"] = r => Secret(r, Base62, 12, s => $"IMAP: the password for the shop acme is {s} (535)", "(535)"),
            ["password (qualifier):"] = r => Secret(r, Password, 12, s => $"Password (temporary): {s}; expires in 24h", "expires in 24h"),
            ["thai temporary password copula"] = r => Secret(r, Base62, 12, s => $"รีเซ็ตแล้ว รหัสผ่านชั่วคราวคือ {s} กรุณาเปลี่ยน", "กรุณาเปลี่ยน"),
            ["thai new token of the shop copula"] = r => Secret(r, Base62, 12, s => $"LINE แจ้งว่า โทเค็นใหม่ของร้านคือ {s} ใช้ได้ 30 วัน", "ใช้ได้ 30 วัน"),
            ["thai password of a named shop"] = r => Secret(r, Base62, 12, s => $"รหัสผ่านของร้าน ACME คือ {s} กรุณาตรวจสอบ", "กรุณาตรวจสอบ"),
            // Short and query keys.
            ["passw query"] = r => Secret(r, Password, 12, s => $"GET https://sms.example.com/send?user=acme&passw={s}&to=668 returned 401", "returned 401"),
            // Short keys web forms and gateways write: "psw", "pword", a request's "sign" and "hash", in each separator form.
            ["psw query"] = r => Secret(r, Password, 12, s => $"GET https://sms.example.com/send?user=acme&psw={s}&to=668 returned 401", "returned 401"),
            ["psw json"] = r => Secret(r, Password, 12, s => $"upstream body {{\"user\":\"acme\",\"psw\":\"{s}\"}} rejected 401", "rejected 401"),
            ["psw percent-encoded"] = r => Secret(r, Base62, 12, s => $"GET https://sms.example.com/send?user%3Dacme%26psw%3D{s}&to=668 returned 401", "returned 401"),
            ["pword colon"] = r => Secret(r, Password, 12, s => $"IMAP login refused (pword: {s}) for support@acme.co.th", "for support@acme.co.th"),
            ["pword query"] = r => Secret(r, Password, 12, s => $"GET https://sms.example.com/send?user=acme&pword={s}&to=668 returned 401", "returned 401"),
            ["sign query"] = r => Secret(r, Password, 12, s => $"Shopee GET /api/v2/shop/get_shop_info?partner_id=1&timestamp=1764000000&sign={s} returned error_sign", "returned error_sign"),
            ["sign json"] = r => Secret(r, Base62, 12, s => $"Lazada callback {{\"app_key\":\"123456\",\"sign\":\"{s}\"}} rejected", "rejected"),
            ["sign prose"] = r => Secret(r, Base62, 12, s => $"payment notify: sign: {s} does not verify", "does not verify"),
            ["hash query"] = r => Secret(r, Password, 12, s => $"PayU callback https://shop.example.com/pay?txnid=T1&hash={s} failed 400", "failed 400"),
            ["hash kv"] = r => Secret(r, Base62, 12, s => $"webhook check hash={s} mismatch", "mismatch"),
            ["hash json full-width colon"] = r => Secret(r, Base62, 12, s => $"webhook body {{\"hash\"\uFF1A\"{s}\"}} rejected", "rejected"),
            // A password phrase after the end of a sentence, whatever ended it.
            ["password phrase after a full stop"] = r => PhraseAfter(r, ". password: "),
            ["passphrase quoted after a full stop"] = r => PhraseAfter(r, ". passphrase \"", "\""),
            ["password phrase after an exclamation mark"] = r => PhraseAfter(r, "! password: "),
            ["password phrase after a question mark"] = r => PhraseAfter(r, "? password: "),
            ["password phrase after a semicolon"] = r => PhraseAfter(r, "; password: "),
            ["password phrase after a line break"] = r => PhraseAfter(r, "\npassword: "),
            ["password phrase after a full stop without a space"] = r => PhraseAfter(r, ".password="),
            ["key query"] = r => Secret(r, Base62, 14, s => $"GET https://maps.example.com/geocode?address=x&key={s} returned 403", "returned 403"),
            ["p/w in parentheses"] = r => Secret(r, Password, 12, s => $"IMAP login refused (p/w: {s}) for support@acme.co.th", "for support@acme.co.th"),
            ["cookies without colon"] = r => Secret(r, Base62, 12, s => $"upstream cookies sid={s} rejected (401)", "rejected (401)"),
            ["pin json"] = r => Secret(r, Base62, 12, s => $"upstream body {{\"pin\":\"{s}\"}} rejected 401", "rejected 401"),
            // Values in other quotes, and a secret that is a phrase.
            ["password in guillemets"] = r => Secret(r, "abcdefghijklmnopqrstuvwxyz  ", 24, s => $"SMTP AUTH refused for password «x{s}x» (535)", "(535)", "x", "x"),
            ["password in backticks"] = r => Secret(r, "abcdefghijklmnopqrstuvwxyz  ", 24, s => $"SMTP AUTH refused for password `x{s}x` (535)", "(535)", "x", "x"),
            ["password in CJK brackets"] = r => Secret(r, "abcdefghijklmnopqrstuvwxyz  ", 24, s => $"SMTP AUTH refused for password 「x{s}x」 (535)", "(535)", "x", "x"),
            ["client_secret phrase unquoted"] = Passphrase,
            // Separators of other scripts and notations.
            ["colon U+2982"] = r => Separated(r, '\u2982'),
            ["colon U+1361"] = r => Separated(r, '\u1361'),
            ["colon U+1804"] = r => Separated(r, '\u1804'),
            ["equals U+2254"] = r => Separated(r, '\u2254'),
            ["equals U+2255"] = r => Separated(r, '\u2255'),
            ["equals U+2A74"] = r => Separated(r, '\u2A74'),
            // Markup: HTML-escaped, CDATA, nested, named by an attribute, a close tag in another case.
            ["xml html-escaped element"] = r => Secret(r, Password, 12, s => $"SOAP fault &lt;password&gt;{s}&lt;/password&gt; (500)", "SOAP fault"),
            ["xml html-escaped attribute"] = r => Secret(r, Password, 12, s => $"SOAP fault &lt;login user=&quot;acme&quot; password=&quot;{s}&quot;/&gt; (500)", "SOAP fault"),
            ["xml CDATA"] = r => Secret(r, Password, 12, s => $"SOAP fault <password><![CDATA[{s}]]></password> (500)", "SOAP fault"),
            ["xml nested value"] = r => Secret(r, Base62, 12, s => $"SOAP fault <password><value>{s}</value></password> (500)", "SOAP fault"),
            ["xml add key value"] = r => Secret(r, Base62, 12, s => $"config dump <add key=\"DbPassword\" value=\"{s}\"/> (500)", "config dump"),
            ["xml param name"] = r => Secret(r, Base62, 12, s => $"SOAP fault <param name=\"password\">{s}</param> (500)", "SOAP fault"),
            ["xml close tag in another case"] = r => Secret(r, Base62, 12, s => $"SOAP fault <Password>{s}</password> (500)", "SOAP fault"),
            // JSON escaped twice, an escaped quote inside a value, HTML-escaped quotes, Python's repr (a pair, a tuple under a key).
            ["json double-escaped scalar"] = r => Secret(r, Base62, 12, s => $"upstream body {{\\\\\\\"password\\\\\\\":\\\\\\\"{s}\\\\\\\"}} rejected 401", "rejected 401"),
            ["json double-escaped list"] = r => Secret(r, Base62, 12, s => $"upstream body {{\\\\\\\"token\\\\\\\":[\\\\\\\"{s}\\\\\\\"]}} rejected 401", "rejected 401"),
            ["json escaped quote inside value"] = EscapedQuoteInValue,
            ["json html-escaped quotes"] = r => Secret(r, Base62, 12, s => $"upstream body {{&quot;password&quot;:&quot;{s}&quot;}} rejected 401", "rejected 401"),
            ["python pair"] = r => Secret(r, Base62, 12, s => $"upstream body [('password', '{s}')] rejected 401", "rejected 401"),
            ["python tuple under key"] = r => Secret(r, Base62, 12, s => $"upstream body {{'token': ('{s}', 1)}} rejected 401", "rejected 401"),
            // Keys written with look-alike letters.
            ["key with Cyrillic letters"] = r => Secret(r, Base62, 12, s => $"LINE push failed: \u0440\u0430ssword={s} (401)", "(401)"),
            ["key with a Greek letter"] = r => Secret(r, Base62, 12, s => $"LINE push failed: access_t\u03BFken={s} (401)", "(401)"),
            ["key in mathematical bold"] = r => Secret(r, Base62, 12, s => $"LINE push failed: \U0001D5FD\U0001D5EE\U0001D600\U0001D600\U0001D604\U0001D5FC\U0001D5FF\U0001D5F1={s} (401)", "(401)"),
            ["key with a combining mark"] = r => Secret(r, Base62, 12, s => $"LINE push failed: passw\u0301ord={s} (401)", "(401)"),

            // Compound keys whose qualifier makes their "key", "code" or HMAC a secret, as platforms name them.
            ["shopee partner_key query"] = r => Secret(r, Password, 12, s => $"Shopee GET /api/v2/auth/token/get?partner_key={s} failed", "/api/v2/auth/token/get"),
            ["partner key env line"] = r => Secret(r, Password, 12, s => $"startup failed: export SHOPEE_PARTNER_KEY=\"{s}\" not applied", "not applied"),
            ["partnerKey yaml"] = r => Secret(r, Password, 12, s => $"config partnerKey: {s} rejected", "rejected"),
            ["lazada encrypt_key"] = r => Secret(r, Password, 12, s => $"Lazada: encrypt_key={s} invalid", "invalid"),
            ["session_key"] = r => Secret(r, Password, 12, s => $"session_key={s} expired", "expired"),
            ["tiktok auth_code"] = r => Secret(r, Password, 12, s => $"TikTok auth_code={s} expired", "expired"),
            ["wechat EncodingAESKey"] = r => Secret(r, Password, 12, s => $"WeChat: EncodingAESKey={s} invalid", "invalid"),
            ["webhook hmac"] = r => Secret(r, Password, 12, s => $"webhook hmac={s} mismatch", "mismatch"),
            ["apim subscription key header"] = r => Secret(r, Password, 12, s => $"401 with headers Ocp-Apim-Subscription-Key: {s}", "401 with headers"),
            ["xml PartnerKey element"] = r => Secret(r, Password, 12, s => $"SOAP fault <PartnerKey>{s}</PartnerKey> (500)", "(500)"),

            // Thai and Vietnamese keys: a Thai key with a possessive before its colon ("the shop's token:").
            ["thai key with a possessive and a colon"] = r => Secret(r, Base62, 12, s => $"LINE แจ้งเตือน โทเค็นของร้าน: {s} ใช้ไม่ได้ (401)", "(401)"),
            // A token cut by one line break (or a tab), its halves each too short to look random.
            ["token cut by LF"] = r => BrokenToken(r, "\n"),
            ["token cut by CR"] = r => BrokenToken(r, "\r"),
            ["token cut by CRLF"] = r => BrokenToken(r, "\r\n"),
            ["token cut by a vertical tab"] = r => BrokenToken(r, "\v"),
            ["token cut by a form feed"] = r => BrokenToken(r, "\f"),
            ["token cut by a tab"] = r => BrokenToken(r, "\t"),
            ["token cut by U+0085"] = r => BrokenToken(r, "\u0085"),
            ["token cut by U+2028"] = r => BrokenToken(r, "\u2028"),
            ["token cut by U+2029"] = r => BrokenToken(r, "\u2029"),
            ["token cut by an escaped \\n"] = r => BrokenToken(r, "\\n"),
            ["token cut by %0A"] = r => BrokenToken(r, "%0A"),
            ["token cut by &#10;"] = r => BrokenToken(r, "&#10;"),
            ["token cut by &#x2028;"] = r => BrokenToken(r, "&#x2028;"),
            ["token cut by %E2%80%A8"] = r => BrokenToken(r, "%E2%80%A8"),
            ["token cut by an escaped \\u2028"] = r => BrokenToken(r, "\\u2028"),
            ["token cut by a Python escape of U+E0041"] = r => BrokenToken(r, "\\U000E0041"),
            ["aws key id cut by U+2028"] = r => Secret(r, Base32, 16, s => $"S3 export failed: key id AKIA{s[..4]}\u2028{s[4..]} does not exist", "does not exist", "AKIA"),
            ["aws key id cut by LF"] = r => Secret(r, Base32, 16, s => $"S3 export failed: key id AKIA{s[..4]}\n{s[4..]} does not exist", "does not exist", "AKIA"),
            // A password holding '&', ';' or ',' after each of its key's separators: its tail is no next key.
            ["password colon holding &"] = r => PasswordHolding(r, "password: ", '&'),
            ["password equals holding &"] = r => PasswordHolding(r, "password=", '&'),
            ["password is holding &"] = r => PasswordHolding(r, "password is ", '&'),
            ["password was holding ;"] = r => PasswordHolding(r, "password was ", ';'),
            ["password equals holding ;"] = r => PasswordHolding(r, "password=", ';'),
            ["password colon holding ,"] = r => PasswordHolding(r, "password: ", ','),
            ["passwd equals holding ,"] = r => PasswordHolding(r, "passwd=", ','),
            ["pwd colon holding &"] = r => PasswordHolding(r, "pwd: ", '&'),
            ["passphrase equals holding ;"] = r => PasswordHolding(r, "passphrase=", ';'),
            // A passphrase of several words after a secret's or a phrase's key and ':' or '=': to the end of the clause.
            ["secret colon phrase"] = r => PhraseAfter(r, ": secret: "),
            ["secret colon capitalised phrase"] = r => PhraseAfter(r, ": secret: ", capitalised: true),
            ["pass phrase colon"] = r => PhraseAfter(r, "; pass phrase: "),
            ["passphrase colon"] = r => PhraseAfter(r, "; passphrase: "),
            ["seed phrase colon"] = r => PhraseAfter(r, "; seed phrase: "),
            // A password that is a word (letters only, or letters and a symbol) after its key and a verb, a space or a tab.
            ["password was word"] = r => WordPassword(r, "password was ", ""),
            ["password is word and symbol"] = r => WordPassword(r, "password is ", "!"),
            ["pass word is word"] = r => WordPassword(r, "pass word is ", "#"),
            ["password tab word"] = r => WordPassword(r, "password\t", "", close: ", "),
            ["password space word at the end"] = r => WordPassword(r, "password ", "", close: "; "),
            ["thai password copula word"] = r => WordPassword(r, "รหัสผ่านคือ ", "!", close: " นะครับ "),
            ["thai secret code word"] = r => WordPassword(r, "รหัสลับ ", "", close: " ใช้ไม่ได้ "),
            ["thai secret code copula word"] = r => WordPassword(r, "รหัสลับคือ ", "", close: " ใช้ไม่ได้ "),
            // One-time codes as apps and SMS show them: grouped, in Thai digits, after Thai linking words.
            ["otp grouped by a space"] = r => GroupedCode(r, ' ', s => $"Bank link failed: OTP {s} expired", "expired"),
            ["otp grouped by a dash"] = r => GroupedCode(r, '-', s => $"Bank link failed: your OTP is {s} (expired)", "(expired)"),
            ["otp in thai digits"] = r => Secret(r, "๐๑๒๓๔๕๖๗๘๙", 6, s => $"ยืนยันไม่สำเร็จ OTP {s} หมดอายุ", "หมดอายุ"),
            ["otp after thai possessive"] = r => Secret(r, "0123456789", 6, s => $"SMS: รหัส OTP ของคุณคือ {s} ห้ามเปิดเผย", "ห้ามเปิดเผย"),
            ["recovery phrase equals"] = r => PhraseAfter(r, "; recovery_phrase="),
            ["mnemonic colon"] = r => PhraseAfter(r, "; mnemonic: "),
            ["wallet mnemonic colon capitalised"] = r => PhraseAfter(r, "; wallet mnemonic: ", capitalised: true),
            // A key word, words naming whose key it is, then a value of a token's shape.
            ["apikey for an owner then a token"] = r => TokenShaped(r, "abcdefghijklmnopqrstuvwxyz0123456789", 12, s => $"Webchat relay: apikey for shop acme {s} revoked", "revoked"),
            ["api key of an owner then a token, was revoked"] = r => TokenShaped(r, Base62, 12, s => $"YouTube: api key of acme {s} was revoked", "was revoked"),
            ["token for a three-word owner then a token"] = r => TokenShaped(r, Base62, 14, s => $"LINE: token for the shop acme {s} rejected (401)", "rejected (401)"),
            ["secret of an owner then a token, is invalid"] = r => TokenShaped(r, "abcdefghijklmnopqrstuvwxyz0123456789", 10, s => $"Lazada: app secret of acme {s} is invalid", "is invalid"),
            // A one-time code or PIN written as a number after the word that names it.
            ["pin code was"] = r => NumericCode(r, d => $"Bank link failed: pin code was {d} (locked)", "(locked)"),
            ["otp was"] = r => NumericCode(r, d => $"Login check: otp was {d} and expired", "and expired"),
            ["pin colon"] = r => NumericCode(r, d => $"Kiosk login refused (pin: {d}) for shop acme", "for shop acme"),
            ["verification code is"] = r => NumericCode(r, d => $"SMS relay: verification code is {d}, valid 5 minutes", "valid 5 minutes"),
            ["2FA code colon"] = r => NumericCode(r, d => $"2FA code: {d} rejected by the bank", "rejected by the bank"),
            ["one-time code in brackets"] = r => NumericCode(r, d => $"SMS code ({d}) not accepted", "not accepted"),
            ["OTP is now"] = r => NumericCode(r, d => $"LINE login: your OTP is now {d}. Do not share it", "Do not share it"),
            // Credentials without a scheme whose user is empty, or a plain user, before an internal host.
            ["scheme-less credentials with an empty user and a port"] = r => Secret(r, Password, 12, s => $"Connecting to :{s}@db.internal:5432 failed", "failed"),
            ["scheme-less credentials with an empty user"] = r => Secret(r, Password, 12, s => $"cache :{s}@cache.internal refused (NOAUTH)", "refused (NOAUTH)"),
            ["scheme-less credentials with an internal host"] = r => Secret(r, Password, 12, s => $"Connecting to user:{s}@db.internal failed", "failed"),
            // A token cut by a blank line is two paragraphs, not joined: each half long enough to look random goes on its own.
            ["token halves of 16 across a blank line"] = r => BlankLineHalves(r, "\n\n"),
            ["token halves of 16 across a CRLF blank line"] = r => BlankLineHalves(r, "\r\n\r\n"),
            // A password written in Thai, Chinese or Japanese after a password key: the key alone says it is one.
            ["thai-script password equals"] = r => Secret(r, ThaiConsonants, 10, s => $"IMAP login failed: password={s} (AUTHENTICATIONFAILED)", "(AUTHENTICATIONFAILED)"),
            ["thai-script password json"] = r => Secret(r, ThaiConsonants, 10, s => $"upstream body {{\"password\":\"{s}\"}} rejected 401", "rejected 401"),
            ["thai-script password after thai key and space"] = r => Secret(r, ThaiConsonants, 10, s => $"เข้าระบบไม่ได้ รหัสผ่าน {s} (401)", "(401)"),
            ["thai-script password after thai copula"] = r => Secret(r, ThaiConsonants, 10, s => $"แจ้งร้าน: รหัสผ่านคือ {s} (ชั่วคราว)", "แจ้งร้าน"),
            ["thai-script pwd colon with tone marks"] = r => Secret(r, ThaiConsonants + "่้", 10, s => $"SMTP refused (pwd: {s}) for shop01", "for shop01"),
            ["chinese password colon"] = r => Secret(r, ChineseLetters, 10, s => $"IMAP login failed, password: {s} (535)", "(535)"),
            // A symbol between a password key and a word password is a separator (Thai and English), and a Thai key with a
            // qualifier word before its value, or one of the Thai words for a secret, access code or access token.
            ["thai password arrow word"] = r => WordPassword(r, "รหัสผ่าน → ", "", close: " ใช้ไม่ได้ "),
            ["thai password dash word"] = r => WordPassword(r, "รหัสผ่าน - ", "", close: " ใช้ไม่ได้ "),
            ["thai password bar word"] = r => WordPassword(r, "รหัสผ่าน | ", "", close: " ใช้ไม่ได้ "),
            ["thai password double angle word"] = r => WordPassword(r, "รหัสผ่าน >> ", "", close: " ใช้ไม่ได้ "),
            ["password arrow word without spaces"] = r => WordPassword(r, "password->", ""),
            ["password symbol arrow word"] = r => WordPassword(r, "password⇨ ", ""),
            ["password long arrow word"] = r => WordPassword(r, "password ⟶ ", ""),
            ["thai password with shop qualifier word"] = r => WordPassword(r, "รหัสผ่านร้าน ", "", close: " ใช้ไม่ได้ "),
            ["thai password with in-use qualifier word"] = r => WordPassword(r, "รหัสผ่านที่ใช้ ", "", close: " ใช้ไม่ได้ "),
            ["thai password after a login name"] = r => WordPassword(r, "ชื่อผู้ใช้ shop01 รหัสผ่าน ", "", close: " ใช้ไม่ได้ "),
            ["thai secret key colon word"] = r => WordPassword(r, "คีย์ลับ: ", ""),
            ["thai secret colon word"] = r => WordPassword(r, "ความลับ: ", ""),
            ["thai access code colon word"] = r => WordPassword(r, "รหัสเข้าใช้งาน: ", ""),
            ["thai login code word"] = r => WordPassword(r, "รหัสเข้าระบบ ", "", close: " ใช้ไม่ได้ "),
            ["thai pass colon word"] = r => WordPassword(r, "พาส: ", ""),
            ["thai access token word"] = r => WordPassword(r, "โทเค็นเข้าถึง ", "", close: " ใช้ไม่ได้ "),
            // Password keys with digits or symbols for letters, and in more languages.
            ["leetspeak password key"] = r => WordPassword(r, "passw0rd=", ""),
            ["digits for letters password key"] = r => WordPassword(r, "Pa55word: ", ""),
            ["symbols for letters password key"] = r => WordPassword(r, "pa$$word=", ""),
            ["german Kennwort colon"] = r => WordPassword(r, "Kennwort: ", "!"),
            ["russian password colon"] = r => WordPassword(r, "пароль: ", "#"),
            ["portuguese senha equals"] = r => WordPassword(r, "senha=", ""),
            // A user and a password joined by ':' after credentials or login; a wallet's seed words.
            ["credentials user pair quoted"] = r => Secret(r, Password, 12, s => $"IMAP credentials \"shop:{s}\" rejected (535)", "rejected (535)"),
            ["login user pair"] = r => Secret(r, Password, 12, s => $"IMAP login shop01:{s} (535)", "(535)"),
            ["seed words colon"] = r => PhraseAfter(r, "; seed words: "),
            ["japanese password colon"] = r => Secret(r, Katakana, 10, s => $"IMAP login failed, password: {s} (535)", "(535)"),
            // A pass phrase, a secret, seed or recovery phrase, seed words or a mnemonic after a verb, an arrow, a Thai copula or
            // paiyannoi, a full-width colon or in quotes, after "my", "the", "new" or "old": the phrase to the end of its clause.
            ["Passphrase was"] = r => PhraseAfter(r, ": Passphrase was "),
            ["pass phrase is quoted"] = r => PhraseAfter(r, "; pass phrase is \"", "\""),
            ["pass-phrase was set to"] = r => PhraseAfter(r, "; pass-phrase was set to "),
            ["pass_phrase is"] = r => PhraseAfter(r, "; pass_phrase is "),
            ["passPhrase was"] = r => PhraseAfter(r, "; passPhrase was "),
            ["PASSPHRASE is capitalised"] = r => PhraseAfter(r, "; PASSPHRASE is ", capitalised: true),
            ["my passphrase is, then a comma"] = r => PhraseAfter(r, "; my passphrase is ", ", retry"),
            ["the new passphrase is, then a full stop"] = r => PhraseAfter(r, ". The new passphrase is ", ". Retry"),
            ["old passphrase was in single quotes"] = r => PhraseAfter(r, "; old passphrase was '", "'"),
            ["secret phrase is"] = r => PhraseAfter(r, "; secret phrase is "),
            ["secret phrase colon"] = r => PhraseAfter(r, "; secret phrase: "),
            ["recovery phrase was"] = r => PhraseAfter(r, "; recovery phrase was "),
            ["seed words are"] = r => PhraseAfter(r, "; seed words are "),
            ["mnemonic is"] = r => PhraseAfter(r, "; mnemonic is "),
            ["passphrase arrow"] = r => PhraseAfter(r, "; passphrase → "),
            ["passphrase thai copula"] = r => PhraseAfter(r, "; passphrase คือ "),
            ["passphrase thai paiyannoi"] = r => PhraseAfter(r, "; passphrase\u0E2F"),
            ["passphrase full-width colon"] = r => PhraseAfter(r, "; passphrase\uFF1A"),
            ["passphrase full-width equals"] = r => PhraseAfter(r, "; passphrase\uFF1D"),
            // Thai phrase and password keys, Thai copulas and owner words before a phrase (issue 17, fresh tester F2).
            ["thai passphrase key copula"] = r => PhraseAfter(r, " วลีรหัสผ่านคือ ", tail: " กรุณาตรวจสอบ", context: "กรุณาตรวจสอบ"),
            ["thai password key copula phrase"] = r => PhraseAfter(r, " รหัสผ่านคือ ", tail: " กรุณาตรวจสอบ", context: "กรุณาตรวจสอบ"),
            ["thai recovery phrase colon twelve words"] = r => WordListPhraseAfter(r, " วลีกู้คืน: ", 12, " กรุณาตรวจสอบ", "กรุณาตรวจสอบ"),
            ["passphrase thai copula pen"] = r => PhraseAfter(r, "; passphrase เป็น ", tail: " กรุณาตรวจสอบ", context: "กรุณาตรวจสอบ"),
            ["passphrase thai owner words copula"] = r => PhraseAfter(r, "; passphrase ของร้านคือ ", tail: " กรุณาตรวจสอบ", context: "กรุณาตรวจสอบ"),
            ["thai password key owner words copula phrase"] = r => PhraseAfter(r, " รหัสผ่านของร้านคือ "),
            // Thai keys the table lacked (issue 17, generator 3, group C): secret, secret key, API key in both spellings,
            // a misspelt password, passcode, mnemonic and seed phrase translated and transliterated.
            ["thai secret copula password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ ความลับคือ "),
            ["thai secret space phrase"] = r => PhraseAfter(r, " ความลับ ", tail: " กรุณาตรวจสอบ", context: "กรุณาตรวจสอบ"),
            ["thai secret key arrow password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ คีย์ลับ -> "),
            ["thai api key spelt out copula password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ เอพีไอคีย์คือ "),
            ["thai api key copula phrase"] = r => PhraseAfter(r, " คีย์ API คือ ", tail: " กรุณาตรวจสอบ", context: "กรุณาตรวจสอบ"),
            ["thai misspelt password colon"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ พาสเวิด: "),
            ["thai passcode copula phrase"] = r => PhraseAfter(r, " พาสโค้ดคือ ", tail: " กรุณาตรวจสอบ", context: "กรุณาตรวจสอบ"),
            ["thai mnemonic colon twelve words"] = r => WordListPhraseAfter(r, " คำช่วยจำ: ", 12, " กรุณาตรวจสอบ", "กรุณาตรวจสอบ"),
            ["thai seed phrase copula twelve words"] = r => WordListPhraseAfter(r, " วลีเมล็ดพันธุ์คือ ", 12, " กรุณาตรวจสอบ", "กรุณาตรวจสอบ"),
            ["thai seed phrase transliterated arrow"] = r => WordListPhraseAfter(r, " ซีดเฟรส => ", 12, " กรุณาตรวจสอบ", "กรุณาตรวจสอบ"),
            // Doubled or mixed separators and the pointers and pipe arrows (issue 17, generator 3, groups D and A).
            ["token colon equals"] = r => PasswordAfter(r, "; token := "),
            ["token double colon"] = r => PasswordAfter(r, "; token :: "),
            ["token equals colon"] = r => PasswordAfter(r, "; token =: "),
            ["token full-width double equals"] = r => PasswordAfter(r, "; token \uFF1D\uFF1D "),
            ["passphrase identical-to sign"] = r => PhraseAfter(r, "; passphrase ≡ "),
            ["api key pipe arrow"] = r => PasswordAfter(r, "; api_key |> "),
            ["api key pointer phrase"] = r => PhraseAfter(r, "; api_key ▶ "),
            ["client secret pointer phrase"] = r => PhraseAfter(r, "; client_secret ► "),
            ["client secret lone full-width greater-than"] = r => PasswordAfter(r, "; client_secret \uFF1E "),
            ["api key supplemental arrow phrase"] = r => PhraseAfter(r, "; api_key \U0001F816 "),
            // A quoted value glued to its key (group E).
            ["passphrase glued double quotes"] = r => PhraseAfter(r, "; passphrase\"", "\""),
            ["password glued backticks"] = r => Secret(r, Password, 12, s => $"IMAP login failed; password`{s}` (535)", "IMAP login failed"),
            // Neighbours of the phrase keys, with a wallet's twelve words (F3).
            ["wallet seed colon"] = r => WordListPhraseAfter(r, "; wallet seed: ", 12),
            ["seed colon"] = r => WordListPhraseAfter(r, "; seed: ", 12),
            ["backup phrase colon"] = r => WordListPhraseAfter(r, "; backup phrase: ", 12),
            ["12-word phrase colon"] = r => WordListPhraseAfter(r, "; 12-word phrase: ", 12),
            ["24-word phrase colon"] = r => WordListPhraseAfter(r, "; 24-word phrase: ", 24),
            ["recovery key colon"] = r => WordListPhraseAfter(r, "; recovery key: ", 12),
            ["secret words colon"] = r => WordListPhraseAfter(r, "; secret words: ", 12),
            ["wallet seed equals"] = r => WordListPhraseAfter(r, "; wallet_seed=", 12),
            // Arrows of several strokes, a hyphen-joined phrase, and a phrase opening with a state word (F6).
            ["mnemonic long arrow"] = r => WordListPhraseAfter(r, "; mnemonic --> ", 12),
            ["passphrase long arrow"] = r => PhraseAfter(r, "; passphrase --> "),
            ["passphrase double arrow"] = r => PhraseAfter(r, "; passphrase ==> "),
            ["passphrase hyphen-joined with a state ending"] = r => HyphenJoinedPhraseAfter(r, ": passphrase is "),
            ["passphrase colon opening with a state word"] = r => StateWordPhraseAfter(r, ": passphrase: "),
            ["passphrase was opening with a state word"] = r => StateWordPhraseAfter(r, ": Passphrase was "),
            ["passphrase arrow opening with a state word"] = r => StateWordPhraseAfter(r, ": passphrase -> "),
            // A phrase in brackets after a phrase key or a participle (F4).
            ["passphrase provided in brackets"] = r => PhraseAfter(r, ": the passphrase provided (", ")", tail: " is wrong"),
            ["passphrase you entered in brackets"] = r => PhraseAfter(r, ": the passphrase you entered (", ")", tail: " is wrong"),
            ["passphrase in brackets rejected"] = r => PhraseAfter(r, ": passphrase (", ")", tail: " rejected"),
            ["passphrase in square brackets rejected"] = r => PhraseAfter(r, ": passphrase [", "]", tail: " rejected"),
            ["passphrase in angle brackets rejected"] = r => PhraseAfter(r, ": passphrase <", ">", tail: " rejected"),
            ["seed phrase given in brackets"] = r => PhraseAfter(r, ": seed phrase given (", ")", tail: " is not valid"),
            // Thai "รหัส" (a code, and the everyday word for a password) with a password's shape after it (F5).
            ["thai code word colon password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ รหัส: "),
            ["thai code word space password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ รหัส "),
            ["thai code word equals password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ รหัส="),
            // A third tester of issue 17 (t17c G1-G7): the neighbours of the forms above, each read by the one table of
            // keys, the one reading of a link and the one reading of a bracket. A word list's phrase after a token's or
            // a secret's key and a separator (G1).
            ["token colon word-list phrase"] = r => PhraseAfter(r, "; token: "),
            ["secret_key equals word-list phrase"] = r => PhraseAfter(r, "; secret_key="),
            ["api key colon word-list phrase"] = r => PhraseAfter(r, "; api key: "),
            ["passphrase spaced paiyannoi"] = r => PhraseAfter(r, "; passphrase \u0E2F "),
            // Any arrow: strokes ending in one or more '>', spaced or not, before a password of one run or a phrase (G2).
            ["password double angle"] = r => PasswordAfter(r, "; password >> "),
            ["password equals double angle"] = r => PasswordAfter(r, "; password =>> "),
            ["password arrow double angle"] = r => PasswordAfter(r, "; password ->> "),
            ["password em dash arrow"] = r => PasswordAfter(r, "; password —> "),
            ["password en dash arrow"] = r => PasswordAfter(r, "; password –> "),
            ["password tilde arrow"] = r => PasswordAfter(r, "; password ~> "),
            ["password spaced arrow"] = r => PasswordAfter(r, "; password - > "),
            ["password colon arrow"] = r => PasswordAfter(r, "; password -:> "),
            ["passphrase spaced arrow"] = r => PhraseAfter(r, "; passphrase - > "),
            ["passphrase arrow double angle"] = r => PhraseAfter(r, "; passphrase ->> "),
            ["passphrase tilde arrow"] = r => PhraseAfter(r, "; passphrase ~> "),
            ["mnemonic double angle"] = r => WordListPhraseAfter(r, "; mnemonic >> ", 12),
            ["mnemonic colon arrow"] = r => WordListPhraseAfter(r, "; mnemonic -:> ", 12),
            // Thai "รหัส" with a copula, or a quoted password (G3).
            ["thai code word copula password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ รหัสคือ "),
            ["thai code word spaced copula password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ รหัส คือ "),
            ["thai code word pen password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ รหัส เป็น "),
            ["thai code word quoted password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ รหัส \"", "\""),
            // A bracket of any pair, spaces or quotes inside it, after a key, a participle or a key and a status (G4).
            ["passphrase in braces rejected"] = r => PhraseAfter(r, ": passphrase {", "}", tail: " rejected"),
            ["passphrase in lenticular brackets rejected"] = r => PhraseAfter(r, ": passphrase【", "】", tail: "rejected"),
            ["passphrase entered in spaced brackets"] = r => PhraseAfter(r, ": the passphrase entered ( ", " )", tail: " is wrong"),
            ["passphrase quoted in brackets"] = r => PhraseAfter(r, ": passphrase (\"", "\")", tail: " rejected"),
            ["passphrase you typed in angle brackets"] = r => PhraseAfter(r, ": the passphrase you typed <", ">", tail: " is wrong"),
            ["password in brackets is wrong"] = r => PhraseAfter(r, ": password (", ")", tail: " is wrong"),
            ["passphrase in corner brackets"] = r => PhraseAfter(r, ": passphrase「", "」", tail: " rejected"),
            // Thai phrase keys' neighbours and copulas (G5).
            ["thai backup phrase colon"] = r => WordListPhraseAfter(r, " วลีสำรอง: ", 12, " กรุณาตรวจสอบ", "กรุณาตรวจสอบ"),
            ["thai recovery words colon"] = r => WordListPhraseAfter(r, " คำกู้คืน: ", 12, " กรุณาตรวจสอบ", "กรุณาตรวจสอบ"),
            ["passphrase thai the one used is"] = r => PhraseAfter(r, "; passphrase ที่ใช้คือ ", tail: " กรุณาตรวจสอบ", context: "กรุณาตรวจสอบ"),
            ["thai passphrase key namely"] = r => WordListPhraseAfter(r, " วลีรหัสผ่านได้แก่ ", 12, " กรุณาตรวจสอบ", "กรุณาตรวจสอบ"),
            // A restore phrase, and a wallet's whole phrase after a phrase key and a bare space (G6).
            ["restore phrase colon"] = r => WordListPhraseAfter(r, ": restore phrase: ", 12),
            ["seed phrase bare space"] = r => WordListPhraseAfter(r, ": seed phrase ", 12),
            ["mnemonic bare space"] = r => WordListPhraseAfter(r, ": mnemonic ", 12),
            // A phrase joined by '.', '_', '+', '~' or '·' as by a hyphen, whatever its last word's ending (G7).
            ["passphrase joined by dots"] = r => JoinedPhraseAfter(r, ": passphrase is ", '.'),
            ["passphrase joined by underscores"] = r => JoinedPhraseAfter(r, ": passphrase is ", '_'),
            ["passphrase joined by plus signs"] = r => JoinedPhraseAfter(r, ": passphrase is ", '+'),
            ["passphrase joined by tildes"] = r => JoinedPhraseAfter(r, ": passphrase is ", '~'),
            ["passphrase joined by middle dots"] = r => JoinedPhraseAfter(r, ": passphrase is ", '\u00B7'),
            // A fourth tester of issue 17 (t17d): each kind, not a list. Any dash reads as '-', any space separator as ' '.
            ["password hyphen look-alike arrow"] = r => PasswordAfter(r, "; password \u2010> "),
            ["token minus sign arrow"] = r => PasswordAfter(r, "; token \u2212> "),
            ["mnemonic non-breaking hyphen arrow"] = r => WordListPhraseAfter(r, "; mnemonic \u2011> ", 12),
            ["passphrase joined by ideographic spaces"] = r => JoinedPhraseAfter(r, ": passphrase is ", '\u3000'),
            ["passphrase joined by thin spaces"] = r => JoinedPhraseAfter(r, ": passphrase is ", '\u2009'),
            ["passphrase joined by no-break spaces"] = r => JoinedPhraseAfter(r, ": passphrase is ", '\u00A0'),
            // Any arrow: strokes of any length with spaces inside, glued or spaced, and any arrow character.
            ["password mixed stroke arrow"] = r => PasswordAfter(r, "; password =~> "),
            ["password spaced strokes arrow"] = r => PasswordAfter(r, "; password = = > "),
            ["password glued long arrow"] = r => PasswordAfter(r, "; password-->"),
            ["api key glued double arrow"] = r => PasswordAfter(r, "; api_key=>"),
            ["passphrase wave arrow"] = r => PhraseAfter(r, "; passphrase \u2933 "),
            ["password maps-to arrow"] = r => PhraseAfter(r, "; password \u21A6 "),
            ["thai password key copula that"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน ว่า "),
            ["thai token key copula equals"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ โทเค็น เท่ากับ "),
            ["thai password key the one entered is"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ รหัสผ่าน ที่กรอกคือ "),
            // A compound key's parts joined by '_', '.', '-' or nothing; Thai phrase keys before a one-run password.
            ["pass_code colon"] = r => PasswordAfter(r, "; pass_code: "),
            ["pass_word arrow"] = r => PasswordAfter(r, "; pass_word -> "),
            ["Api.Key double arrow"] = r => PasswordAfter(r, "; Api.Key => "),
            ["thai recovery phrase key colon password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ วลีกู้คืน: "),
            ["thai recovery words key copula password"] = r => ThaiCodePassword(r, "เข้าสู่ระบบไม่สำเร็จ คำกู้คืนคือ "),
            // One run in any bracket or quotes, after any link or glued to the key.
            ["password colon in brackets"] = r => Secret(r, Password, 12, s => $"IMAP: password: ({s}) rejected", "rejected"),
            ["password arrow in square brackets"] = r => Secret(r, Password, 12, s => $"IMAP: password -> [{s}] rejected", "rejected"),
            ["password glued corner brackets"] = r => Secret(r, Password, 12, s => $"IMAP: password「{s}」 rejected", "rejected"),
        });

    /// <summary>
    /// Every unquoted phrase after a key and its link, with the clause going on in Thai, Japanese, Chinese or Vietnamese
    /// instead of " (535)", as Thai connectors' messages do ("... กรุณาตรวจสอบ", please check): the phrase must go, the
    /// other script's text stay (Vietnamese's unmarked "vui" may go with the phrase).
    /// </summary>
    private static Dictionary<string, Func<Random, (string, string, string)>> WithOtherScriptTails(
        Dictionary<string, Func<Random, (string, string, string)>> formats)
    {
        string[] links =
        [
            ": password: ", ": client_secret=", ": secret: ", "; passphrase: ", "; pass phrase: ", "; seed phrase: ", "; mnemonic: ",
            "; seed words: ", "; recovery_phrase=", "; secret phrase: ", "; passphrase\uFF1A", ": Passphrase was ",
            "; pass-phrase was set to ", "; passPhrase was ", "; my passphrase is ", "; secret phrase is ", "; recovery phrase was ",
            "; seed words are ", "; mnemonic is ", "; passphrase → ", "; passphrase คือ ", "; passphrase -> ",
            "; backup phrase: ", "; wallet seed: ", "; passphrase --> ", "; passphrase เป็น ",
        ];
        (string Script, string Tail, string Kept)[] tails =
        [
            ("Thai", " กรุณาตรวจสอบ", "กรุณาตรวจสอบ"), ("Japanese", " 再試行してください", "再試行してください"),
            ("Chinese", " 请重试", "请重试"), ("Vietnamese", " vui lòng thử lại", "lòng thử lại"),
        ];
        foreach (var link in links)
        {
            foreach (var (script, tail, kept) in tails)
            {
                formats[$"phrase after '{link.Trim(' ', ';', ':')}' then {script}"] = r => PhraseAfter(r, link, tail: tail, context: kept);
            }
        }

        return formats;
    }

    public static List<LeakyMessage> Generate(Random random, int copiesPerFormat)
    {
        var messages = new List<LeakyMessage>();
        foreach (var (format, make) in Formats)
        {
            for (var i = 0; i < copiesPerFormat; i++)
            {
                var (message, secret, context) = make(random);
                messages.Add(new LeakyMessage(format, message, secret, context));
            }
        }

        return messages;
    }

    private static (string Message, string Secret, string Context) Secret(Random random, string alphabet, int length, Func<string, string> message, string context, string prefix = "", string suffix = "")
    {
        var secret = Random(random, alphabet, length);
        return (message(secret), prefix + secret + suffix, context);
    }

    /// <summary>A GitHub token whose pieces of 5-9 characters are joined by <paramref name="invisible"/>.</summary>
    private static (string, string, string) SplitToken(Random random, string invisible)
    {
        var token = "ghp_" + Random(random, Base62, 36);
        var pieces = new List<string>();
        for (var start = 0; start < token.Length;)
        {
            var length = Math.Min(random.Next(5, 10), token.Length - start);
            pieces.Add(token.Substring(start, length));
            start += length;
        }

        return ($"Release hook failed: {string.Join(invisible, pieces)} lacks repo scope (403)", token, "lacks repo scope (403)");
    }

    /// <summary>A random token whose halves of 12 characters are joined by <paramref name="lineBreak"/>, as a wrapped or pasted line cuts it.</summary>
    private static (string, string, string) BrokenToken(Random random, string lineBreak)
    {
        var token = Random(random, Base62, 24);
        return ($"upstream failed with {token[..12]}{lineBreak}{token[12..]} (502)", token, "upstream failed with");
    }

    /// <summary>A password whose head (6) and tail (10) are joined by <paramref name="separator"/>, after <paramref name="key"/>.</summary>
    private static (string, string, string) PasswordHolding(Random random, string key, char separator)
    {
        var password = Random(random, Password, 6) + separator + Random(random, Password, 10);
        return ($"IMAP login failed for support@acme.co.th, {key}{password} (AUTHENTICATIONFAILED)", password, "(AUTHENTICATIONFAILED)");
    }

    /// <summary>A client secret that is a passphrase of lower-case words, written unquoted after '=': the words after the first survive a redactor that takes one word.</summary>
    private static (string, string, string) Passphrase(Random random)
    {
        var phrase = string.Join(' ', Enumerable.Range(0, 4).Select(_ => Random(random, "abcdefghijklmnopqrstuvwxyz", random.Next(5, 9))));
        return ($"webhook config client_secret={phrase}; rejected (400)", phrase, "rejected (400)");
    }

    /// <summary>A password of plain lower-case (or capitalised) words after a sentence's end (<paramref name="link"/> holds the end, the key and its separator).</summary>
    private static (string, string, string) PhraseAfter(Random random, string link, string close = "", bool capitalised = false, string tail = " (535)", string context = "IMAP login failed")
    {
        var phrase = string.Join(' ', Enumerable.Range(0, 4).Select(_ => Random(random, "abcdefghijklmnopqrstuvwxyz", random.Next(5, 9)))
            .Select(word => capitalised ? char.ToUpperInvariant(word[0]) + word[1..] : word));
        return ($"IMAP login failed{link}{phrase}{close}{tail}", phrase, context);
    }

    /// <summary>A phrase of <paramref name="count"/> words of a word list's shape (lower-case letters) after <paramref name="link"/>.</summary>
    private static (string, string, string) WordListPhraseAfter(Random random, string link, int count, string tail = " (400)", string context = "wallet import failed")
    {
        var phrase = string.Join(' ', Enumerable.Range(0, count).Select(_ => Random(random, "abcdefghijklmnopqrstuvwxyz", random.Next(4, 9))));
        return ($"wallet import failed{link}{phrase}{tail}", phrase, context);
    }

    /// <summary>Four words joined by hyphens, the last of a state's shape ("storm-piano-rabbit-ability"), after <paramref name="link"/>.</summary>
    private static (string, string, string) HyphenJoinedPhraseAfter(Random random, string link) => JoinedPhraseAfter(random, link, '-');

    /// <summary>Four words joined by <paramref name="joiner"/>, the last of a state's shape ("cream_artist_bargain_cooked"), after <paramref name="link"/>.</summary>
    private static (string, string, string) JoinedPhraseAfter(Random random, string link, char joiner)
    {
        var words = Enumerable.Range(0, 3).Select(_ => Random(random, "abcdefghijklmnopqrstuvwxyz", random.Next(4, 8)))
            .Append(Random(random, "abcdefghijklmnopqrstuvwxyz", random.Next(4, 7)) + StateShapes[random.Next(StateShapes.Length)]);
        var phrase = string.Join(joiner, words);
        return ($"IMAP login failed{link}{phrase} (535)", phrase, "IMAP login failed");
    }

    /// <summary>A phrase opening with a state word that is a BIP39 word ("wrong", "empty", "reset"), then three words, after <paramref name="link"/>.</summary>
    private static (string, string, string) StateWordPhraseAfter(Random random, string link)
    {
        string[] states = ["wrong", "empty", "reset"];
        var phrase = states[random.Next(states.Length)] + " "
            + string.Join(' ', Enumerable.Range(0, 3).Select(_ => Random(random, "abcdefghijklmnopqrstuvwxyz", random.Next(5, 9))));
        return ($"IMAP login failed{link}{phrase} (535)", phrase, "IMAP login failed");
    }

    /// <summary>A human password (a capital, lower-case letters, digits, a symbol) after Thai "รหัส" and <paramref name="prefix"/>, then Thai.</summary>
    private static (string, string, string) ThaiCodePassword(Random random, string prefix, string close = "")
    {
        var password = Random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) + Random(random, "abcdefghijklmnopqrstuvwxyz", random.Next(4, 8))
            + Random(random, "0123456789", 4) + "!" + Random(random, "abcdefghijklmnopqrstuvwxyz", 2);
        return ($"{prefix}{password}{close} กรุณาตรวจสอบ", password, "กรุณาตรวจสอบ");
    }

    /// <summary>A human password of 12 (letters, digits, symbols) after <paramref name="link"/>, then a status.</summary>
    private static (string, string, string) PasswordAfter(Random random, string link) =>
        Secret(random, Password, 12, s => $"IMAP login failed{link}{s} (535)", "IMAP login failed");

    /// <summary>A code of two groups of three digits joined by <paramref name="separator"/>, as an app or an SMS shows it.</summary>
    private static (string, string, string) GroupedCode(Random random, char separator, Func<string, string> message, string context)
    {
        var code = Random(random, "0123456789", 3) + separator + Random(random, "0123456789", 3);
        return (message(code), code, context);
    }

    private static readonly string[] StateShapes = ["ed", "ing", "able", "ible", "tion", "sion", "ment", "ness", "ity", "ly", "ive", "ory"];

    /// <summary>A password of 6-12 lower-case letters (a word to a reader) and <paramref name="symbol"/>, after <paramref name="key"/>.</summary>
    private static (string, string, string) WordPassword(Random random, string key, string symbol, string close = " ")
    {
        // A word of a state's shape ("...ly", "...ed") after a password key is documented to stay: none is generated.
        string letters;
        do
        {
            letters = Random(random, "abcdefghijklmnopqrstuvwxyz", random.Next(6, 13));
        }
        while (StateShapes.Any(shape => letters.EndsWith(shape, StringComparison.Ordinal)));

        var word = letters + symbol;
        return ($"IMAP login failed: {key}{word}{close}(AUTHENTICATIONFAILED)", word, "(AUTHENTICATIONFAILED)");
    }

    /// <summary>A value of a token's shape (a digit and a letter at least) of <paramref name="alphabet"/>.</summary>
    private static (string, string, string) TokenShaped(Random random, string alphabet, int length, Func<string, string> message, string context)
    {
        string token;
        do
        {
            token = Random(random, alphabet, length);
        }
        while (!token.Any(char.IsAsciiDigit) || !token.Any(char.IsAsciiLetter));

        return (message(token), token, context);
    }

    /// <summary>A code of 4-10 digits; the secret checked for fragments is the code itself (one of 8 digits or more has them).</summary>
    private static (string, string, string) NumericCode(Random random, Func<string, string> message, string context)
    {
        var code = Random(random, "123456789", 1) + Random(random, "0123456789", random.Next(3, 10));
        return (message(code), code, context);
    }

    /// <summary>A random token of 32 whose halves of 16 are cut by a blank line (<paramref name="blankLine"/>).</summary>
    private static (string, string, string) BlankLineHalves(Random random, string blankLine)
    {
        var token = Random(random, Base62, 32);
        return ($"upstream failed with {token[..16]}{blankLine}{token[16..]} (502)", token, "upstream failed with");
    }

    /// <summary>A JSON password with an escaped quote inside it; the secret is the part after the quote.</summary>
    private static (string, string, string) EscapedQuoteInValue(Random random)
    {
        var head = Random(random, Base62, 6);
        var tail = Random(random, Base62, 14);
        return ($"upstream body {{\"password\":\"{head}\\\"{tail}\"}} rejected 401", tail, "rejected 401");
    }

    /// <summary>A key and its value, separated by a character that looks like ':' or '='.</summary>
    private static (string, string, string) Separated(Random random, char separator) =>
        Secret(random, Base62, 12, s => $"Shopee callback failed: access_token{separator}{s} (error_auth)", "(error_auth)");

    /// <summary>A random token of one case and digits, with at least four of each, as tokens of such alphabets are.</summary>
    private static (string, string, string) OneCaseToken(Random random, string letters, int length)
    {
        string token;
        do
        {
            token = Random(random, letters + "0123456789", length);
        }
        while (token.Count(char.IsAsciiDigit) < 4 || token.Count(char.IsAsciiLetter) < 4);

        return ($"LINE webhook rejected {token} as unknown (403)", token, "as unknown (403)");
    }

    /// <summary>A storage key whose '+' and '/' are percent-encoded, leaving pieces too short to look random.</summary>
    private static (string, string, string) PercentSplitBase64(Random random)
    {
        var key = new StringBuilder();
        while (key.Length < 80)
        {
            key.Append(Random(random, Base62, random.Next(6, 11))).Append(random.Next(2) == 0 ? '+' : '/');
        }

        var secret = key.Append(Random(random, Base62, 6)).ToString();
        var encoded = secret.Replace("+", "%2B", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal);
        return ($"Blob upload 403: signature built from key {encoded}%3D%3D does not match", secret, "does not match");
    }

    /// <summary>A PEM block whose base64 lines of 64 characters are joined by <paramref name="lineBreak"/>; the secret is its last line, the shortest.</summary>
    private static (string, string, string) Pem(Random random, string label, string lineBreak) =>
        Pem(random, $"-----BEGIN {label}-----", $"-----END {label}-----", lineBreak);

    private static (string, string, string) Pem(Random random, string begin, string end, string lineBreak)
    {
        var lines = Enumerable.Range(0, 3).Select(_ => Random(random, Base64, 64)).Append(Random(random, Base64, 12) + "==").ToList();
        var block = $"{begin}{lineBreak}{string.Join(lineBreak, lines)}{lineBreak}{end}";
        return ($"TLS client certificate load failed: {block} check the file (400)", string.Concat(lines).TrimEnd('='), "check the file (400)");
    }

    /// <summary>Credentials without a scheme whose password holds <paramref name="separator"/> between two halves too short to look random.</summary>
    private static (string, string, string) SplitPassword(Random random, char separator)
    {
        var password = Random(random, Base62, 6) + separator + Random(random, Base62, 6);
        return ($"Connecting to admin:{password}@db:5432 failed", password, "failed");
    }

    /// <summary>
    /// A random token of 19 characters of one case and digits with <paramref name="separator"/> inside, at least five
    /// of each, as tokens of such alphabets are; each piece is shorter than a random run must be.
    /// </summary>
    private static (string, string, string) OneCaseSeparatedToken(Random random, string letters, char separator)
    {
        string token;
        do
        {
            var cut = random.Next(4, 15);
            token = Random(random, letters + "0123456789", cut) + separator + Random(random, letters + "0123456789", 18 - cut);
        }
        while (token.Count(char.IsAsciiDigit) < 5 || token.Count(char.IsAsciiLetter) < 5);

        return ($"LINE webhook rejected {token} as unknown (403)", token, "as unknown (403)");
    }

    /// <summary>A storage key whose '/' are JSON-escaped (as some serializers write them), leaving pieces too short to look random.</summary>
    private static (string, string, string) EscapedSlashBase64(Random random)
    {
        var key = new StringBuilder();
        while (key.Length < 80)
        {
            key.Append(Random(random, Base62, random.Next(6, 11))).Append('/');
        }

        var secret = key.Append(Random(random, Base62, 6)).ToString();
        return ($"Blob upload 403: signature built from key {secret.Replace("/", "\\/", StringComparison.Ordinal)}== does not match", secret, "does not match");
    }

    private static (string, string, string) Jwt(Random random)
    {
        var header = Base64UrlOf("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        var payload = Base64UrlOf($"{{\"sub\":\"{random.Next()}\",\"iat\":{random.Next()},\"channel\":\"line\"}}");
        var token = $"{header}.{payload}.{Random(random, Base64Url, 43)}";
        return ($"Webhook signature check failed for LINE: token {token} (401)", token, "(401)");
    }

    private static string Base64UrlOf(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Random(Random random, string alphabet, int length) =>
        string.Create(length, (random, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });
}
