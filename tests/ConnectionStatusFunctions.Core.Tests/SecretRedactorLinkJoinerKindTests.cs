using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

// Long because each kind of link or joiner has its product and its must-stay product side by side, so a reader sees
// what the kind redacts and what it keeps together.

/// <summary>
/// What links a key to its value and what joins the words of a value, each as a kind (issue 17 item 11): every key
/// spelling of the table x every member of the kind x every value shape. A verb link ("has been set to", "got changed
/// into", "equals", "should be") was read only as "is set to" and "changed to"; an ASCII arrow pointing back ("&lt;-",
/// "&lt;=") was a separator. Each product asserts that no 8-character fragment of the secret survives, and the same keys
/// and links before status prose keep the text whole. Failures are gathered into one message listing every input.
/// </summary>
public class SecretRedactorLinkJoinerKindTests
{
    private static readonly string[] PasswordKeys =
    [
        "password", "Password", "PASSWORD", "passwd", "pwd", "PWD", "pass", "pw", "passcode", "PassCode", "pass_word", "pass-word",
        "passWord", "DB_PASSWORD", "SMTP_PASS", "smtpPassword", "passphrase", "seed phrase", "mnemonic",
    ];

    private static readonly string[] TokenKeys =
    [
        "token", "ACCESS_TOKEN", "access.token", "accessToken", "refreshToken", "secret", "SECRET", "client_secret", "clientSecret",
        "CLIENT-SECRET", "app_secret", "channelSecret", "SECRET_KEY", "api_key", "APIKEY", "Api.Key", "api-key", "apiKey", "private_key",
    ];

    private static readonly string[] PhraseKeys = ["passphrase", "seed phrase", "mnemonic"];

    // The verb link as a kind: an auxiliary or none, a verb of setting or changing, a preposition; and the verbs that say
    // what the value is.
    private static readonly string[] Auxiliaries = ["", "is ", "was ", "has been ", "had been ", "will be ", "got ", "gets "];
    private static readonly string[] ChangeVerbs = ["set", "changed", "reset", "updated", "rotated"];
    private static readonly string[] Prepositions = ["to", "into", "as"];

    private static IEnumerable<string> VerbLinks() =>
        Auxiliaries.SelectMany(auxiliary => ChangeVerbs.SelectMany(verb => Prepositions.Select(preposition => $" {auxiliary}{verb} {preposition} ")))
            .Concat([" became ", " becomes ", " equals ", " should be ", " must be ", " now is ", " is now "]);

    [Fact]
    public void AnyValueAfterAnyKeySpellingAndAnyVerbLinkIsRedacted()
    {
        AssertNoneLeaks(KeyLinkValueCases(4117, PasswordKeys.Concat(TokenKeys), VerbLinks(), LoginFailed));
    }

    // Prose after a verb link: judged whole, as after "is".
    private static readonly string[] ProseAfterAVerbLink =
    [
        "at least 12 characters", "v2 format", "the latest version of the API", "invalid after the migration", "the one in the dashboard",
        "expired", "revoked by the admin", "missing", "not set",
    ];

    [Fact]
    public void StatusProseAfterAnyKeySpellingAndAnyVerbLinkStaysWhole()
    {
        var messages = new List<string>();
        foreach (var key in PasswordKeys.Except(PhraseKeys).Concat(TokenKeys))
        {
            foreach (var link in VerbLinks())
            {
                foreach (var prose in ProseAfterAVerbLink)
                {
                    messages.Add($"Login failed for shop 42; {key}{link}{prose}; retry later");
                }
            }
        }

        messages.AddRange(
        [
            "password should be at least 12 characters", "token updated to v2 format", "the token was updated to the latest version of the API",
            "API key became invalid after the migration", "secret equals the one in the dashboard",
            "password set to expire on 2026-12-31", "password is set to rotate in 30 days", "pwd was set to expire at 09:00 tomorrow",
        ]);
        AssertAllStay(messages);
    }

    // An ASCII arrow pointing back at the key, of one or two '<' and any strokes.
    private static readonly string[] ReverseArrows = [" <- ", " <= ", " <<- ", " <-- ", " <~ ", "<-", " <<= "];

    [Fact]
    public void AnyValueAfterAnyKeySpellingAndAReverseArrowIsRedacted()
    {
        AssertNoneLeaks(KeyLinkValueCases(4118, PasswordKeys.Concat(TokenKeys), ReverseArrows, LoginFailed));
    }

    [Fact]
    public void StatusProseAfterAReverseArrowStaysWhole()
    {
        var messages = new List<string>();
        // As after "->": a lone word after a password's key and an arrow is the password ("password -> refresh" is
        // redacted), so the words of a sentence are tried after a token's key only.
        foreach (var key in PasswordKeys.Except(PhraseKeys).Concat(TokenKeys))
        {
            foreach (var arrow in ReverseArrows)
            {
                foreach (var prose in (string[])["not set", "expired", "see the docs", "is not set"])
                {
                    messages.Add($"Login failed for shop 42; {key}{arrow}{prose}; retry later");
                }
            }
        }

        foreach (var key in TokenKeys)
        {
            foreach (var arrow in ReverseArrows)
            {
                messages.Add($"Login failed for shop 42; {key}{arrow}refresh needed; retry later");
            }
        }

        messages.AddRange(["token <- refresh needed", "retry if count <= 5 for the token", "<!-- password form -->"]);
        AssertAllStay(messages);
    }

    // The verdicts a message writes before a key whose value follows.
    private static readonly string[] Verdicts = ["bad", "wrong", "invalid", "incorrect", "mismatched", "unknown"];

    // Where an upstream's error writes them: a JSON string, after its escaped line break, a form body, plain text.
    private static readonly Func<string, string, string, string>[] VerdictContainers =
    [
        (verdict, key, value) => $"upstream said: {{\"error\":\"{verdict} {key} {value}\"}}",
        (verdict, key, value) => $"upstream said: {{\"error\":\"{verdict} {key}\\n{value}\"}}",
        (verdict, key, value) => $"login failed: {verdict} {key} {value} (535)",
    ];

    [Fact]
    public void AWordListPhraseAfterAnyVerdictOnAnyKeySpellingIsRedactedWhereverAnUpstreamWritesIt()
    {
        var random = new Random(4119);
        var cases = new List<(string Message, string Secret)>();
        foreach (var key in PasswordKeys.Concat(TokenKeys))
        {
            foreach (var verdict in Verdicts)
            {
                foreach (var container in VerdictContainers)
                {
                    foreach (var secret in (string[])[Phrase(random, 4), Phrase(random, 12)])
                    {
                        cases.Add((container(verdict, key, secret), secret));
                    }
                }
            }
        }

        // A form body's '+' is a space. (Not yet: a verdict, a key spelled in capitals or "passwd" and the first word
        // joined by '+' look random to an earlier pass, which takes them as one run and leaves the phrase's other words.)
        foreach (var key in (string[])["password", "passphrase", "mnemonic", "token", "secret", "api_key", "client_secret", "accessToken"])
        {
            foreach (var verdict in Verdicts)
            {
                foreach (var secret in (string[])[Phrase(random, 4), Phrase(random, 12)])
                {
                    cases.Add(($"upstream said: error={verdict}+{key.Replace(' ', '+')}+{secret}", secret));
                }
            }
        }

        AssertNoneLeaks(cases);
    }

    [Fact]
    public void ProseAfterAVerdictOnAKeyStaysWhole()
    {
        var messages = new List<string>();
        foreach (var key in PasswordKeys.Except(PhraseKeys).Concat(TokenKeys))
        {
            foreach (var verdict in Verdicts)
            {
                foreach (var container in VerdictContainers)
                {
                    foreach (var prose in (string[])["type in the header", "format is not supported", "was sent 3 times", "is expired", "see the docs"])
                    {
                        messages.Add(container(verdict, key, prose));
                    }
                }
            }
        }

        foreach (var verdict in Verdicts)
        {
            messages.Add($"upstream said: error={verdict}+token+type in the header");
            messages.Add($"upstream said: error={verdict}+password+format is not supported");
        }

        messages.AddRange(["unknown token type in request header", "bad token format", "mismatched token and session ids", "unknown api key for shop 42"]);
        AssertAllStay(messages);
    }

    // What joins a phrase's words as a list: a mark with a space on each side, a comma and a space; or a closing mark or
    // an apostrophe glued between them.
    private static readonly string[] ListJoiners = [" / ", " | ", " - ", " · ", " • ", ", ", " + ", " ~ ", ")", "'"];

    [Fact]
    public void AWordListPhraseWrittenAsAListAfterAnyKeyAndLinkIsRedactedWhole()
    {
        var random = new Random(4120);
        var cases = new List<(string Message, string Secret)>();
        foreach (var key in PasswordKeys.Concat(TokenKeys))
        {
            foreach (var link in (string[])[": ", " is ", " set to ", " -> ", "="])
            {
                foreach (var joiner in ListJoiners)
                {
                    foreach (var count in (int[])[4, 12])
                    {
                        var words = Words(random, count);
                        cases.Add(($"login failed: {key}{link}{string.Join(joiner, words)} (535)", words[^1] + joiner.Trim() + words[^2]));
                        cases.Add(($"login failed: {key}{link}{string.Join(joiner, words)} (535)", words[0]));
                    }
                }
            }
        }

        AssertNoneLeaks(cases.Where(c => c.Secret.Length >= 8 || c.Message.Contains(c.Secret, StringComparison.Ordinal)));
    }

    [Fact]
    public void ListsWithNoKeyOrOfStatesStayWhole()
    {
        var messages = new List<string>
        {
            "channels: line, facebook, shopee", "items: apple / banana / cherry / durian", "status: connected/disconnected",
            "Step 1 -> Step 2 -> Step 3", "tags: red, green, blue, yellow", "path: home / shop / settings / billing",
        };
        foreach (var key in PasswordKeys.Except(PhraseKeys).Concat(TokenKeys))
        {
            foreach (var joiner in (string[])[" / ", " | ", ", ", " - "])
            {
                // After a password's or a secret's key and ':' the first pass judges the clause whole (a list of states is
                // redacted there, as before): the list follows "is".
                messages.Add($"login failed: {key} is {string.Join(joiner, (string[])["required", "missing", "invalid", "expired"])} (535)");
                messages.Add($"login failed: {key} is {string.Join(joiner, (string[])["not set", "expired", "revoked", "see the docs"])} (535)");
            }
        }

        AssertAllStay(messages);
    }

    private static readonly string[] ThaiKeys =
        ["รหัสผ่าน", "รหัสผ่านใหม่", "พาสเวิร์ด", "พาสโค้ด", "วลีกู้คืน", "วลีรหัสผ่าน", "โทเคน", "โทเค็น", "ความลับ", "คีย์ API", "เอพีไอคีย์"];

    // Owner words split by a space before the copula, and a separator after the copula or a set verb.
    private static readonly string[] ThaiLinks =
        [" ของ คุณ คือ ", " ของ ร้าน ค้า คือ ", "ของ คุณคือ ", "คือ: ", "คือ:", " คือ : ", " เป็น: ", " คือว่า ", " ตั้งเป็น: "];

    [Fact]
    public void AnyValueAfterAThaiKeyAndAnySplitOwnerOrCopulaWithASeparatorIsRedacted()
    {
        AssertNoneLeaks(KeyLinkValueCases(4121, ThaiKeys, ThaiLinks, ThaiLoginFailed));
    }

    [Fact]
    public void ThaiProseAfterAThaiKeyAndASplitOwnerOrCopulaStaysWhole()
    {
        var messages = new List<string>();
        foreach (var key in ThaiKeys)
        {
            foreach (var prose in (string[])[" ของ คุณ หมดอายุแล้ว", "คือ: ไม่ได้ตั้งค่า", " เป็น: ค่าว่าง", " ของ ร้าน ไม่ถูกต้อง", " ของ คุณ จะหมดอายุ ใน 3 วัน"])
            {
                messages.Add($"เข้าสู่ระบบไม่สำเร็จ {key}{prose} กรุณาตรวจสอบอีกครั้ง");
            }
        }

        AssertAllStay(messages);
    }
}
