using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// What may stand around a key's word and still be the key, read as kinds (issue 17 item 11, round 7): a list of
/// spellings ("password1", "**password**", "Password for shop01") left their neighbours leaking every value: a number
/// after a space or a version ("password 2", "password v2"), any run of joiners ("pass___word", "pass  word"), a plural
/// before an index ("passwords[0]"), an index in any bracket ("password{0}"), the key three times, markup and quotes of
/// every kind around it on every link ("{password}", "«password»", "~~password~~", "_password_"), an owner phrase of a
/// few words ("password for user admin ->"), the other languages' keys with their own copula ("senha é", "Passwort
/// ist") and more of their keys ("hasło", "wachtwoord"), and Thai's password key split by any run of spaces, '_', '.'
/// or a spaced hyphen, with qualifiers and owner words after it and a passive verb split by spaces.
/// Each product asserts that no 8-character fragment of the secret survives; the same spellings before status prose stay
/// whole. Failures are gathered into one message listing every input.
/// </summary>
public class SecretRedactorKeyTailKindTests
{
    private static readonly string[] BaseKeys = ["password", "Password", "passphrase", "token", "api_key", "secret"];

    // Each kind of tail or mark around a key, one member or more of each.
    private static readonly Func<string, string>[] Spellings =
    [
        key => key + " 2",
        key => key + " v2",
        key => key + " 3.1",
        key => key + "s[0]",
        key => key + "{0}",
        key => key + "<1>",
        key => $"{key} {key} {key}",
        key => $"{{{key}}}",
        key => $"[{key}]",
        key => $"«{key}»",
        key => $"“{key}”",
        key => $"「{key}」",
        key => $"~~{key}~~",
        key => $"__{key}__",
        key => $"_{key}_",
        key => $"***{key}***",
        key => key + " for user admin",
        key => key + " of the admin account",
        key => key + " for shop 42",
        key => key + " for tenant t1",
    ];

    private static readonly string[] Links = [": ", " = ", " -> ", " → ", " is ", " was set to "];

    private static IEnumerable<string> SpelledKeys() =>
        BaseKeys.SelectMany(key => Spellings.Select(spell => spell(key)))
            .Concat(["pass___word", "pass  word", "pass---word", "pass..word", "PASS___WORD", "api___key", "pass   code"]);

    [Fact]
    public void AValueAfterAnyTailOrMarkOfAKeyAndAnyLinkIsRedacted()
    {
        AssertNoneLeaks(KeyLinkValueCases(7201, SpelledKeys(), Links, LoginFailed));
    }

    private static readonly string[] StatusProse =
    [
        "is expired", "was revoked by the admin", "is missing", "is not set", "- see the docs", "should be at least 12 characters",
        "updated to v2 format", "is required", "-> not set", "is a placeholder",
    ];

    [Fact]
    public void AnyTailOrMarkOfAKeyBeforeStatusProseStaysWhole()
    {
        var messages = SpellingsBeforeProse(BaseKeys, Spellings, StatusProse);

        messages.AddRange(
        [
            "password 2 is required", "{password} is a placeholder", "password for user admin is expired",
            "the password of the admin account was revoked by the admin", "passwords are stored hashed",
        ]);
        AssertAllStay(messages);
    }

    // Other languages' password keys, each with its own copula.
    private static readonly (string Key, string Copula)[] OtherLanguageKeysAndCopulas =
    [
        ("senha", " é "), ("Passwort", " ist "), ("Kennwort", " war "), ("contraseña", " es "), ("mot de passe", " est "),
        ("parola", " è "), ("wachtwoord", " is "), ("hasło", " to "), ("lösenord", " är "), ("adgangskode", " er "),
        ("passord", " er "), ("salasana", " on "), ("heslo", " je "), ("şifre", " -> "),
    ];

    private static readonly string[] NewOtherLanguageKeys = ["parola", "hasło", "wachtwoord", "lösenord", "şifre", "adgangskode", "salasana", "heslo"];

    [Fact]
    public void AValueAfterAnOtherLanguagePasswordKeyAndItsOwnCopulaIsRedacted()
    {
        var random = new Random(7202);
        var cases = new List<(string Message, string Secret)>();
        foreach (var (key, copula) in OtherLanguageKeysAndCopulas)
        {
            cases.AddRange(OneOfEachShape(random).Select(secret => (LoginFailed(key, copula, secret), secret)));
        }

        cases.AddRange(KeyLinkValueCases(7203, NewOtherLanguageKeys, Links, LoginFailed));
        AssertNoneLeaks(cases);
    }

    [Fact]
    public void AnOtherLanguagePasswordKeyAndItsCopulaBeforeProseStaysWhole()
    {
        AssertAllStay(
        [
            "Passwort ist abgelaufen", "senha é obrigatória", "contraseña es incorrecta", "mot de passe est expiré",
            "Login failed for shop 42; Passwort ist falsch", "hasło jest wymagane", "wachtwoord is verlopen", "parola è scaduta",
        ]);
    }

    // Thai's password keys split by any run of spaces, '_', '.' or a spaced hyphen, alone or with a qualifier or owner words after them.
    private static readonly string[] ThaiSplitKeys =
    [
        "รหัส  ผ่าน", "รหัส_ผ่าน", "รหัส.ผ่าน", "รหัส - ผ่าน", "พาส  เวิร์ด", "พาส_เวิร์ด", "พาส - โค้ด",
        "รหัส ผ่าน ใหม่", "รหัส  ผ่าน ใหม่", "รหัส ผ่าน ของ คุณ", "พาส เวิร์ด ใหม่", "รหัส_ผ่าน ของ ร้าน ค้า",
    ];

    private static readonly string[] ThaiLinks = [": ", " คือ ", " → ", " ตั้งเป็น ", " = ", " ถูก ตั้ง เป็น "];

    [Fact]
    public void AValueAfterAnySplitOfAThaiPasswordKeyAndAnyLinkIsRedacted()
    {
        var cases = KeyLinkValueCases(7204, ThaiSplitKeys, ThaiLinks, ThaiLoginFailed);
        cases.AddRange(KeyLinkValueCases(7205, ["รหัสผ่าน", "พาสเวิร์ด"], [" ถูก ตั้ง เป็น ", " ถูก เปลี่ยน เป็น "], ThaiLoginFailed));
        AssertNoneLeaks(cases);
    }

    [Fact]
    public void ThaiProseAfterASplitThaiKeyAndASeparatorStaysWhole()
    {
        // "รหัส ผ่าน" is also "the code passed": Thai prose after its separator is words ("checked OK", "not correct").
        AssertAllStay(
        [
            "รหัส ผ่าน: ตรวจสอบเรียบร้อย", "รหัส ผ่าน: ไม่ถูกต้อง", "รหัส ผ่าน: ผ่านแล้ว", "รหัส  ผ่าน: ตรวจสอบเรียบร้อย",
            "รหัส_ผ่าน: ตรวจสอบแล้ว", "รหัส - ผ่าน → ตรวจสอบเรียบร้อย", "รหัส ผ่าน การตรวจสอบแล้ว", "รหัส ผ่าน ของ คุณ หมดอายุแล้ว",
        ]);
    }
}
