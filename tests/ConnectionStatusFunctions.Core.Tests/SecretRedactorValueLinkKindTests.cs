using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Every key spelling of the table x every link of a kind x every value shape (issue 17 item 11): the passes that read a
/// one-run value after a key each read fewer spellings and links than the table, so "password|>Crop2758*pk",
/// "Api.Key is Cricket194@aw", "SMTP_PASS - x" leaked while other spellings did not; a token key's word-list phrase after
/// "is", "was" or a spaced dash leaked; Thai verbs ending in "เป็น" and owner words after a space were no link; a phrase
/// joined into one run by any mark ("canoe#chaos#clap#amused", "a、b、c") kept its words. Each product asserts that no
/// 8-character fragment of the secret survives, and the same keys and links before status prose keep the text whole.
/// Failures are gathered into one message listing every input, so a red run reads at once.
/// </summary>
public class SecretRedactorValueLinkKindTests
{
    // Every spelling the table reads: parts joined by '_', '.', '-' or nothing, camelCase, capitals, a prefix naming whose key it is.
    private static readonly string[] PasswordKeys =
    [
        "password", "Password", "PASSWORD", "passwd", "PASSWD", "pwd", "PWD", "pass", "pw", "passcode", "PassCode", "pass_code",
        "pass_word", "pass-word", "pass.word", "passWord", "PassWord", "DB_PASSWORD", "db-password", "SMTP_PASS", "smtpPassword",
        "passphrase", "seed phrase", "mnemonic",
    ];

    private static readonly string[] TokenKeys =
    [
        "token", "ACCESS_TOKEN", "access.token", "accessToken", "access_token", "authToken", "refreshToken", "secret", "SECRET",
        "client_secret", "clientSecret", "CLIENT-SECRET", "appSecret", "app_secret", "channelSecret", "channel_secret",
        "SECRET_KEY", "api_key", "APIKEY", "Api.Key", "api-key", "apiKey", "private_key", "privateKey",
    ];

    // Arrows glued or spaced, verbs, a spaced dash of any form, "set to" and "changed to".
    private static readonly string[] EnglishLinks =
    [
        "|>", "🠖", "🡒", "->", " -> ", " => ", " → ", " |> ", " 🡒 ", " is ", " was ", " - ", " – ", " — ", " is set to ",
        " was changed to ", " set to ", " changed to ",
    ];

    private static readonly string[] ThaiKeys = ["รหัสผ่าน", "พาสเวิร์ด", "พาสโค้ด", "วลีกู้คืน", "โทเคน", "โทเค็น", "ความลับ", "คีย์ API", "เอพีไอคีย์"];

    // Thai copulas glued or spaced, owner words glued or after a space, verbs ending in "เป็น", an arrow, a spaced dash.
    private static readonly string[] ThaiLinks =
    [
        "คือ", " คือ ", "ของคุณคือ ", " ของคุณคือ ", " ตั้งเป็น ", " ถูกตั้งเป็น ", " เปลี่ยนเป็น ", " ตั้งค่าเป็น ", " ถูกเปลี่ยนเป็น ",
        " → ", " - ",
    ];

    [Fact]
    public void AOneRunOrAWordListPhraseAfterAnyKeySpellingAndAnyLinkIsRedacted()
    {
        AssertNoneLeaks(KeyLinkValueCases(4017, PasswordKeys.Concat(TokenKeys), EnglishLinks, LoginFailed));
    }

    [Fact]
    public void AOneRunOrAWordListPhraseAfterAThaiKeyAndAnyThaiLinkIsRedacted()
    {
        AssertNoneLeaks(KeyLinkValueCases(4018, ThaiKeys, ThaiLinks, ThaiLoginFailed));
    }

    [Fact]
    public void AWalletsWholePhraseAfterAnyKeyAndABareSpaceIsRedacted()
    {
        var random = new Random(4020);
        var cases = new List<(string Message, string Secret)>();
        foreach (var key in ThaiKeys)
        {
            var secret = string.Join(' ', Words(random, 12));
            cases.Add(($"เข้าสู่ระบบไม่สำเร็จ {key} {secret} กรุณาตรวจสอบอีกครั้ง", secret));
        }

        foreach (var key in TokenKeys)
        {
            var secret = string.Join(' ', Words(random, 12));
            cases.Add(($"Login failed for shop 42; {key} {secret}; retry later", secret));
        }

        AssertNoneLeaks(cases);
    }

    // Any punctuation or symbol, one to three characters of it, ASCII or not.
    private static readonly string[] Joiners =
        ["#", "/", ",", "、", "，", "•", "⋅", "‧", "∙", "・", "°", "--", "__", "%20", "|", "^", ":", "=", "@", "*", "\\", "-", "."];

    [Fact]
    public void WordsJoinedIntoOneRunByAnyMarkAfterAKeyAndALinkAreRedactedWhole()
    {
        var random = new Random(4019);
        var cases = new List<(string Message, string Secret)>();
        foreach (var key in (string[])["passphrase", "password", "seed phrase", "mnemonic", "token", "secret", "api_key"])
        {
            foreach (var link in (string[])[" is ", ": ", " -> ", " was "])
            {
                foreach (var joiner in Joiners)
                {
                    foreach (var count in (int[])[4, 12])
                    {
                        var words = Words(random, count);
                        // The last word may have a state's ending ("chaosed", "canoeing") without being one.
                        words[^1] += random.Next(2) == 0 ? "ed" : "ing";
                        var secret = string.Join(joiner, words);
                        cases.Add(($"login failed: {key}{link}{secret} (535)", secret));
                    }
                }
            }
        }

        AssertNoneLeaks(cases);
    }

    // Status prose after a key and a link of each kind: judged whole, it stays. ("is N/A" and "is read/write" are redacted,
    // as before: a value of a mark between letters is no plain word.)
    private static readonly string[] EnglishProse =
    [
        " is expired", " was revoked by the admin", " is missing", " is not set", " - see the docs", " is no longer valid",
        " -> not set", " was changed by the admin", " is invalid.", " expired, please reset", " – see the docs for details",
    ];

    // A phrase key takes any words after a link as its phrase, as before ("passphrase: see the docs" is redacted): the
    // prose product runs over the password and token keys.
    private static readonly string[] PhraseKeys = ["passphrase", "seed phrase", "mnemonic"];

    [Fact]
    public void StatusProseAfterAnyKeySpellingAndAnyLinkStaysWhole()
    {
        var messages = new List<string>();
        foreach (var key in PasswordKeys.Except(PhraseKeys).Concat(TokenKeys))
        {
            foreach (var prose in EnglishProse)
            {
                messages.Add($"Login failed for shop 42; {key}{prose}; retry later");
            }
        }

        foreach (var message in (string[])
        [
            "token is expired", "API key was revoked by the admin", "access token is no longer valid", "password was rotated by the admin",
            "the api key - see the docs for the shop", "token set to expire in 3 days", "โทเคนหมดอายุแล้ว",
        ])
        {
            messages.Add(message);
        }

        AssertAllStay(messages);
    }

    [Fact]
    public void ThaiStatusProseAfterAThaiKeyStaysWhole()
    {
        var messages = new List<string>();
        foreach (var key in ThaiKeys)
        {
            foreach (var prose in (string[])["หมดอายุแล้ว", " ไม่ถูกต้อง", " ของคุณหมดอายุแล้ว", " จำเป็นต้องกรอก", " ถูกเปลี่ยนเป็นค่าใหม่แล้ว"])
            {
                messages.Add($"เข้าสู่ระบบไม่สำเร็จ {key}{prose} กรุณาตรวจสอบอีกครั้ง");
            }
        }

        AssertAllStay(messages);
    }
}
