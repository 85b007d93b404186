using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// The verb link as a kind (issue 17 item 11, round 7): an auxiliary or a modal, up to two adverbs, "been"/"be"/"being",
/// a verb of setting, changing, generating or defaulting in any inflection and its preposition or none. Round 6 read a
/// fixed list ("is set to", "changed into", "should be"); "changes to", "defaults to", "was generated as", "is currently
/// set to", "has just been set to", "password set: x" left the value whole. Each product asserts that no 8-character
/// fragment of the secret survives, and status prose after the same links stays whole.
/// </summary>
public class SecretRedactorVerbLinkKindTests
{
    private static readonly string[] Keys =
    [
        "password", "Password", "PASSWORD", "passwd", "pwd", "pass", "passcode", "pass_word", "DB_PASSWORD", "smtpPassword", "passphrase",
        "seed phrase", "mnemonic", "token", "ACCESS_TOKEN", "accessToken", "secret", "client_secret", "channelSecret", "api_key", "Api.Key",
        "private_key",
    ];

    private static readonly string[] PhraseKeys = ["passphrase", "seed phrase", "mnemonic"];

    // The kind's parts: each auxiliary form with each adverb and each verb in each inflection, and its preposition.
    private static readonly string[] Auxiliaries = ["", "is ", "was ", "has been ", "has just been ", "is currently ", "is being ", "was successfully ", "will be ", "should now be ", "got "];
    private static readonly string[] Verbs = ["set", "changed", "reset", "updated", "rotated", "generated", "configured", "defaulted", "turned", "regenerated", "reconfigured"];
    private static readonly string[] Prepositions = ["to", "into", "as", "back to", "to be", "from old to"];
    private static readonly string[] PresentLinks =
    [
        "changes to", "defaults to", "sets to", "updates to", "rotates to", "turns into", "becomes", "equals", "reads", "is equal to", "equal to",
        "has become", "has changed to", "will change to", "will be", "should be", "has been", "now becomes", "set:", "now:", "changed:", "updated =",
    ];

    private static IEnumerable<string> VerbLinks(Random random) =>
        Auxiliaries.SelectMany(auxiliary => Verbs.Select(verb => $" {auxiliary}{verb} {Prepositions[random.Next(Prepositions.Length)]} "))
            .Concat(PresentLinks.Select(link => $" {link} "));

    [Fact]
    public void AnyValueAfterAnyKeyAndAnyMemberOfTheVerbLinkKindIsRedacted()
    {
        AssertNoneLeaks(KeyLinkValueCases(7301, Keys, VerbLinks(new Random(7300)), LoginFailed));
    }

    // Prose after the kind's links: judged whole, as after "is".
    private static readonly string[] Prose =
    [
        "expired", "was revoked by the admin", "missing", "not set", "- see the docs", "at least 12 characters", "v2 format", "the one in the dashboard",
    ];

    [Fact]
    public void StatusProseAfterAnyKeyAndAnyMemberOfTheVerbLinkKindStaysWhole()
    {
        var messages = new List<string>();
        foreach (var key in Keys.Except(PhraseKeys))
        {
            foreach (var link in VerbLinks(new Random(7302)))
            {
                messages.AddRange(Prose.Select(prose => $"Login failed for shop 42; {key}{link}{prose}; retry later"));
            }
        }

        messages.AddRange(
        [
            "password should be at least 12 characters", "token updated to v2 format", "password set to expire on 2026-12-31",
            "password defaults to the account's email", "token reads from the header", "password changes to take effect after restart",
            "password changed successfully", "password reset link was sent to the user", "password set: yes", "token now: expired",
        ]);
        AssertAllStay(messages);
    }

    [Fact]
    public void AWordOfAPhraseThatIsAlsoAVerbIsNoPartOfTheLink()
    {
        // "become", "change", "update", "equal", "turn" are words of a pass phrase's list: after "is", a base form is no verb.
        var random = new Random(7303);
        var cases = new List<(string Message, string Secret)>();
        foreach (var key in Keys)
        {
            foreach (var first in (string[])["become", "change", "update", "equal", "turn"])
            {
                var secret = $"{first} {Phrase(random, 3)}";
                cases.Add(($"Login failed for shop 42; {key} is {secret}; retry later", secret));
            }
        }

        AssertNoneLeaks(cases);
    }
}
