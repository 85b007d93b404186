using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A link taken for the value (issue 17 item 11), the worst shape of leak since the output looks handled: a run of marks
/// between a key and its value ("password -- Crop2758*pk", "token ⟫ x", "password _> x", "| password | x |", HTML's
/// "-&amp;gt;", JSON's "-\u003e") became the marker and the password stayed after it; after "secret key|>x" the key's
/// second word was taken for "secret"'s value; the non-English password keys docs/security.md lists read no arrow, dash
/// or verb. Each product asserts that no 8-character fragment of the secret survives; the same keys and mark runs before
/// prose, and ordinary text with "--", "|" and "~", stay whole. Failures are gathered into one message listing every input.
/// </summary>
public class SecretRedactorMarkLinkKindTests
{
    private static readonly string[] Keys =
    [
        "password", "Password", "pwd", "passphrase", "token", "api_key", "client_secret", "secret", "SMTP_PASS", "accessToken",
        "secret key", "mnemonic phrase", "secret words", "api key", "access key", "seed phrase",
    ];

    // Runs of punctuation and symbols only, ASCII or not, and marks as HTML, JSON and a URL escape them.
    private static readonly string[] MarkRuns =
    [
        " -- ", " --- ", " −− ", " ~ ", " ～ ", " ⟫ ", " _> ", " .-> ", " | ", " || ", " :: ", " ~~ ", " *** ", " -&gt; ", " =&gt; ",
        " &rarr; ", " -\\u003e ", " ¦ ", " ⁓ ", " ‖ ", "|>", " ^ ", " ! ", " — — ", " - - ", " 👉 ", " ➡️ ",
    ];

    [Fact]
    public void AValueAfterAnyKeyAndARunOfMarksIsRedactedAndTheRunIsNoValue()
    {
        AssertNoneLeaks(KeyLinkValueCases(4051, Keys, MarkRuns, LoginFailed));
    }

    [Fact]
    public void TheMarkerNeverStandsWhereTheRunOfMarksStood()
    {
        var random = new Random(4052);
        var wrong = new List<string>();
        foreach (var key in Keys)
        {
            foreach (var marks in (string[])[" -- ", " --- ", " ~ ", " _> ", " .-> ", " | ", " :: ", " -&gt; ", " -\\u003e ", "|>"])
            {
                var message = $"Login failed; {key}{marks}{Human(random)}; retry";
                var redacted = SecretRedactor.Redact(message);
                if (!redacted.Contains($"{key}{marks}{SecretRedactor.Marker}", StringComparison.Ordinal))
                {
                    wrong.Add($"\n  in:  {message}\n  out: {redacted}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} lost their link:{string.Concat(wrong)}");
    }

    [Fact]
    public void AMarkdownTableRowWithAPasswordKeyHidesItsValue()
    {
        var random = new Random(4053);
        var cases = new List<(string Message, string Secret)>();
        foreach (var key in (string[])["password", "token", "api_key", "secret"])
        {
            foreach (var secret in RunShapes.Select(shape => shape(random)))
            {
                cases.Add(($"| {key} | {secret} |", secret));
                cases.Add(($"| user | admin |\n| {key} | {secret} |", secret));
            }
        }

        AssertNoneLeaks(cases);
    }

    // The password keys docs/security.md lists in other languages, written before the table's links.
    private static readonly string[] OtherLanguageKeys =
        ["密码", "mật khẩu", "パスワード", "비밀번호", "contraseña", "senha", "пароль", "Passwort", "kata sandi", "mot de passe"];

    [Fact]
    public void AValueAfterAnOtherLanguagesPasswordKeyAndTheTablesLinksIsRedacted()
    {
        var random = new Random(4054);
        var cases = new List<(string Message, string Secret)>();
        foreach (var key in OtherLanguageKeys)
        {
            foreach (var link in (string[])[" -> ", "->", " → ", " - ", " — ", " -- ", " ~ ", " | ", " is set to ", " was changed to "])
            {
                foreach (var secret in RunShapes.Select(shape => shape(random)))
                {
                    cases.Add(($"Login failed; {key}{link}{secret}; retry", secret));
                }
            }
        }

        AssertNoneLeaks(cases);
    }

    [Fact]
    public void ThaiPointersAndSpacedQualifiersBeforeTheCopulaLinkAThaiKeyToItsValue()
    {
        var random = new Random(4055);
        var cases = new List<(string Message, string Secret)>();
        foreach (var key in (string[])["รหัสผ่าน", "พาสเวิร์ด", "โทเค็น"])
        {
            foreach (var link in (string[])[" 👉 ", " ชั่วคราวคือ ", " ตอนนี้คือ ", " ล่าสุดคือ ", " -- ", " ~ ", "ฯ → ", "ฯ - ", "ฯ ตั้งเป็น "])
            {
                foreach (var secret in RunShapes.Select(shape => shape(random)))
                {
                    cases.Add(($"เข้าสู่ระบบไม่สำเร็จ {key}{link}{secret} กรุณาตรวจสอบอีกครั้ง", secret));
                }
            }
        }

        AssertNoneLeaks(cases);
    }

    [Fact]
    public void ProseAfterAKeyAndARunOfMarksStaysWhole()
    {
        var messages = new List<string>();
        foreach (var key in (string[])["password", "pwd", "token", "api_key", "client_secret", "secret key", "api key"])
        {
            // Not ":" or "::": after a separator a password key's words are its value, as before ("password: see docs").
            foreach (var marks in (string[])[" -- ", " | ", " ~ ", " ~~ ", " --- ", " ⟫ "])
            {
                foreach (var prose in (string[])["see docs", "see the docs", "expired", "not set", "is missing"])
                {
                    messages.Add($"Login failed for shop 42; {key}{marks}{prose}");
                }
            }
        }

        AssertAllStay(messages);
    }

    [Fact]
    public void OrdinaryTextWithDashesBarsAndTildesStays()
    {
        AssertAllStay(
        [
            "retry -- ok", "a | b", "~5 min", "| name | value |", "| status | expired |", "| shop | orders | state |", "|---|---|---|",
            "sync -- done in ~5 min", "step 1 -> step 2 | step 3", "password | expired |", "password -- see docs", "token ~ not set",
            "a -- b -- c", "order #1 | paid | ~3 days", "note :: see the docs",
        ]);
    }
}
