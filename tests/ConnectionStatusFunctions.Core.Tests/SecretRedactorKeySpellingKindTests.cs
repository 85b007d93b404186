using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// What the redactor reads as a key (issue 17 item 11): a key was read one way by one pass and another way by the next,
/// so a spelling a reader reads as the same key leaked every value after it: a number after the key ("password1",
/// "PASSWORD2"), a doubled joiner ("pass__word"), the short "privkey", the key written twice ("the password password"),
/// in markup or quotes ("**password**", "*password*", "\"password\""), with a word, an index or an owner after it
/// ("password(new)", "password[0]", "Password for shop01"), the other languages' password keys before a phrase
/// ("Passwort -> w1 w2 w3 w4"), and Thai's password key split by a space or a hyphen ("รหัส ผ่าน", "พาส-เวิร์ด").
/// Each product asserts that no 8-character fragment of the secret survives; the same spellings before status prose stay
/// whole. Failures are gathered into one message listing every input.
/// </summary>
public class SecretRedactorKeySpellingKindTests
{
    private static readonly string[] BaseKeys = ["password", "Password", "passphrase", "token", "api_key", "secret", "pass_word", "privkey"];

    // Each way of writing a key that still names it.
    private static readonly Func<string, string>[] Spellings =
    [
        key => key + "1",
        key => key.ToUpperInvariant() + "2",
        key => key + "_3",
        key => key.Contains('_') ? key.Replace("_", "__") : key + "__4",
        key => $"**{key}**",
        key => $"*{key}*",
        key => $"`{key}`",
        key => $"\"{key}\"",
        key => key + "(new)",
        key => key + "[0]",
        key => key + " for shop01",
        key => $"the {key} {key}",
    ];

    private static readonly string[] Links =
        [": ", " = ", " -> ", " → ", " - ", " – ", " — ", " is ", " is set to ", " was changed to ", " |> ", " => ", " 🠖 ", " >> "];

    private static IEnumerable<string> SpelledKeys() =>
        BaseKeys.SelectMany(key => Spellings.Select(spell => spell(key))).Append("pass__word").Append("PASS--WORD").Append("privkey");

    [Fact]
    public void AValueAfterAnySpellingOfAKeyAndAnyLinkIsRedacted()
    {
        AssertNoneLeaks(KeyLinkValueCases(4161, SpelledKeys(), Links, LoginFailed));
    }

    [Fact]
    public void AQuotedValueAfterAQuotedKeyIsRedacted()
    {
        AssertNoneLeaks(KeyLinkValueCases(
            4162,
            ["password", "passphrase", "token", "secret"],
            [" -> ", " → ", " => ", " - "],
            (key, link, secret) => $"upstream said: \"{key}\"{link}\"{secret}\""));
    }

    // The status prose a message writes after a key: no value.
    private static readonly string[] StatusProse =
    [
        "is expired", "was revoked by the admin", "is missing", "is not set", "- see the docs", "should be at least 12 characters",
        "updated to v2 format", "is required", "-> not set", "is set to expire tomorrow", "was changed yesterday",
    ];

    [Fact]
    public void AnySpellingOfAKeyBeforeStatusProseStaysWhole()
    {
        var messages = SpellingsBeforeProse(BaseKeys, Spellings, StatusProse);

        messages.AddRange(["password1 is required", "**password**: see the docs", "\"password\" -> \"not set\"", "Password for shop01 is expired"]);
        AssertAllStay(messages);
    }

    // The password keys of other languages docs/security.md lists.
    private static readonly string[] OtherLanguageKeys =
        ["密码", "パスワード", "비밀번호", "пароль", "Пароль", "senha", "mật khẩu", "mot de passe", "kata sandi", "contraseña", "Passwort", "Kennwort"];

    [Fact]
    public void AValueAfterAnOtherLanguagePasswordKeyAndAnyLinkIsRedacted()
    {
        AssertNoneLeaks(KeyLinkValueCases(4163, OtherLanguageKeys, Links, LoginFailed));
    }

    [Fact]
    public void AnOtherLanguagePasswordKeyBeforeProseStaysWhole()
    {
        var messages = new List<string>();
        foreach (var key in OtherLanguageKeys)
        {
            foreach (var prose in StatusProse)
            {
                messages.Add($"Login failed for shop 42; {key} {prose}");
            }

            messages.Add($"{key} -> siehe Dokumentation");
        }

        AssertAllStay(messages);
    }

    // Thai's password keys split in two by a space or a hyphen.
    private static readonly string[] ThaiSplitKeys = ["รหัส ผ่าน", "รหัส-ผ่าน", "พาส เวิร์ด", "พาส-เวิร์ด", "พาส เวิด", "พาส โค้ด"];

    private static readonly string[] ThaiLinks = [": ", " - ", " → ", " -> ", "คือ ", " คือ ", " ตั้งเป็น ", " ", " = ", " is set to "];

    [Fact]
    public void AValueAfterASplitThaiPasswordKeyAndAnyLinkIsRedacted()
    {
        AssertNoneLeaks(KeyLinkValueCases(4164, ThaiSplitKeys, ThaiLinks, ThaiLoginFailed));
    }

    [Fact]
    public void ThaiProseWhereASplitKeyMeansTheCodePassesStaysWhole()
    {
        // "รหัส ผ่าน" is also "the code passes": before Thai prose it is words ("the code passed the check").
        AssertAllStay(
        [
            "รหัส ผ่าน การตรวจสอบแล้ว",
            "สินค้า รหัส ผ่าน การตรวจสอบแล้ว",
            "รหัส ผ่าน แล้ว กรุณารอสักครู่",
            "รหัส-ผ่าน การตรวจสอบ เรียบร้อย",
            "พาส เวิร์ด ไม่ถูกต้อง กรุณาลองใหม่",
            "รหัส ผ่าน: ไม่ถูกต้อง",
            "รหัส สินค้า 12345 ผ่าน การตรวจสอบ",
        ]);
    }

    // A JSON string's \uXXXX escape of every character of a text outside ASCII, as a serializer writes it.
    private static string JsonEscaped(string text) =>
        string.Concat(text.Select(c => c > '\x7f' ? $"\\u{(int)c:x4}" : c.ToString()));

    // Keys and links as escaped text writes them: JSON escapes of Thai and of arrows, HTML references, a form body.
    private static readonly Func<string, string>[] EscapedKeysAndLinks =
    [
        secret => $"{{\"detail\":\"{JsonEscaped("รหัสผ่าน: ")}{secret}\"}}",
        secret => $"{{\"detail\":\"{JsonEscaped("รหัสผ่าน คือ ")}{secret}\"}}",
        secret => $"{{\"detail\":\"{JsonEscaped("พาสเวิร์ด → ")}{secret}\"}}",
        secret => $"{{\"detail\":\"password {JsonEscaped("→")} {secret}\"}}",
        secret => $"{{\"detail\":\"token {JsonEscaped("⇒")} {secret}\"}}",
        secret => $"{{\"detail\":\"{JsonEscaped("пароль")} -> {secret}\"}}",
        secret => $"{{\"detail\":\"password\\u0020->\\u0020{secret.Replace(" ", "\\u0020", StringComparison.Ordinal)}\"}}",
        secret => $"password &#8594; {secret}",
        secret => $"password &#x2192; {secret}",
        secret => $"api_key &#8212; {secret}",
        secret => $"password &rarr; {secret}",
        secret => $"password &mdash; {secret}",
        secret => $"password &gt;&gt; {secret}",
        secret => $"error=invalid_grant&error_description=password+set+to+{secret}",
        secret => $"error=invalid_grant&error_description=password+is+{secret}",
        secret => $"msg=password%20-%3E%20{secret}",
    ];

    [Fact]
    public void AValueAfterAnEscapedKeyOrLinkIsRedacted()
    {
        var random = new Random(4165);
        var cases = new List<(string Message, string Secret)>();
        foreach (var write in EscapedKeysAndLinks)
        {
            foreach (var secret in OneOfEachShape(random))
            {
                cases.Add(($"upstream said: {write(secret)}", secret));
            }
        }

        AssertNoneLeaks(cases);
    }

    [Fact]
    public void EscapedTextWithNoSecretStaysAsWritten()
    {
        // Decoded only to be read: where nothing is redacted the escapes stay, a lone surrogate's too.
        AssertAllStay(
        [
            $"{{\"detail\":\"{JsonEscaped("รหัสผ่าน: ไม่ถูกต้อง")}\"}}",
            $"{{\"detail\":\"{JsonEscaped("สวัสดี")} password is required\"}}",
            "{\"detail\":\"\\ud800 password \\u2192 see the docs\"}",
            "{\"detail\":\"password \\u2192 not set\"}",
            "password &#8594; see the docs",
            "Tom &amp; Jerry &mdash; a cartoon",
            "error=invalid_grant&error_description=password+is+required",
            "msg=password%20-%3E%20see the docs",
        ]);
    }
}
