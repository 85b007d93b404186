using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A verdict on a key as a kind (issue 17 item 11, round 7): an adjective or participle of refusal, an "un-", "mis-" or
/// "mal-" participle, or "not" and a participle, before a key and a word list's phrase ("denied passphrase w1 w2 w3 w4")
/// or after the key before a separator ("passphrase bad: S"); and the spaces an upstream writes around it: a form body's
/// '+', "%20" and "%0A", a JSON string's "\n" escaped once or twice. Round 6 read six verdicts and '+' only.
/// </summary>
public class SecretRedactorVerdictKindTests
{
    private static readonly string[] Keys =
    [
        "password", "passwd", "pwd", "passphrase", "seed phrase", "mnemonic", "token", "ACCESS_TOKEN", "secret", "client_secret", "api_key", "apiKey",
    ];

    private static readonly string[] FormKeys = ["password", "passphrase", "seed phrase", "mnemonic", "token", "secret", "api_key", "client_secret"];

    private static readonly string[] Verdicts =
    [
        "bad", "wrong", "invalid", "denied", "rejected", "refused", "expired", "revoked", "mismatch", "mismatched", "unrecognized", "unrecognised",
        "unaccepted", "malformed", "misconfigured", "not accepted", "not recognized", "BAD", "Rejected",
    ];

    private static readonly Func<string, string, string, string>[] Containers =
    [
        (verdict, key, value) => $"upstream said: {{\"error\":\"{verdict} {key} {value}\"}}",
        (verdict, key, value) => $"upstream said: {{\\\"error\\\":\\\"{verdict} {key}\\\\n{value}\\\"}}",
        (verdict, key, value) => $"upstream said: error={verdict.Replace(' ', '+')}+{key.Replace(' ', '+')}%0A{value}",
        (verdict, key, value) => $"upstream said: error={verdict.Replace(" ", "%20")}%20{key.Replace(" ", "%20")}%20{value}",
        (verdict, key, value) => $"upstream said: error={verdict.Replace(' ', '+')}+{key.Replace(' ', '+')}+{value}",
    ];

    [Fact]
    public void AWordListPhraseAfterAnyVerdictOnAnyKeyIsRedactedWhereverAnUpstreamWritesIt()
    {
        var random = new Random(7311);
        var cases = new List<(string Message, string Secret)>();
        foreach (var key in Keys)
        {
            foreach (var verdict in Verdicts)
            {
                // (Not yet, as in round 6: in a form body a key spelled in capitals, "passwd" or "pwd" and the words
                // joined to it by '+' look random to an earlier pass, which takes them as one run.)
                foreach (var container in FormKeys.Contains(key) ? Containers : Containers[..2].Append(Containers[3]))
                {
                    foreach (var secret in (string[])[Phrase(random, 4), Phrase(random, 12)])
                    {
                        cases.Add((container(verdict, key, secret), secret));
                    }
                }
            }
        }

        AssertNoneLeaks(cases);
    }

    [Fact]
    public void AnyValueAfterAnyKeyAndAVerdictBeforeItsSeparatorIsRedacted()
    {
        var links = Verdicts.SelectMany(verdict => (string[])[$" {verdict}: ", $" {verdict} = "]);
        AssertNoneLeaks(KeyLinkValueCases(7312, Keys, links, LoginFailed));
    }

    [Fact]
    public void ProseAfterAnyVerdictOnAnyKeyStaysWhole()
    {
        var messages = new List<string>();
        foreach (var key in Keys.Except(["passphrase", "seed phrase", "mnemonic"]))
        {
            foreach (var verdict in Verdicts)
            {
                foreach (var prose in (string[])["type in the header", "format is not supported", "was sent 3 times", "is expired", "see the docs", "was revoked by the admin"])
                {
                    messages.Add($"upstream said: {{\"error\":\"{verdict} {key} {prose}\"}}");
                    messages.Add($"login failed: {verdict} {key} {prose} (535)");
                }

                foreach (var prose in (string[])["is expired", "is missing", "is not set", "should be at least 12 characters"])
                {
                    messages.Add($"Login failed for shop 42; {key} {verdict}: {prose}; retry later");
                }
            }
        }

        messages.AddRange(["unknown token type in request header", "expired token type in the header", "unrecognized token format in request", "password rejected: too short"]);
        AssertAllStay(messages);
    }
}
