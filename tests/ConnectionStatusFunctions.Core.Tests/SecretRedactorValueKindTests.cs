using System.Globalization;
using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A fifth generator of issue 17 (t17d gen3) found values leaking in brackets and quotes outside the listed pairs, after a
/// command line's password flag in quotes, after a key inside a JSON string, and in URLs (a password with spaces in the
/// userinfo, a path segment after a "password" segment). These tests hold each as a kind: every key spelling x every
/// link of the kind x value shapes (a human password, a lower-case run with digits, a 4-word and a 12-word word-list
/// phrase, drawn from a fixed seed: <see cref="RedactionProducts"/>), asserting no 8-character piece of the secret
/// survives; and the same product with status prose, which must stay whole. Each test gathers every failing input into
/// one message, so a red run reads at once.
/// </summary>
public class SecretRedactorValueKindTests
{
    // ---------- E: a value in any bracket or quote pair, by Unicode category ----------

    private static readonly string[] BracketKeys =
    [
        "password", "Password", "PASSWORD", "pass_word", "pass-word", "passWord", "pwd", "passcode", "pass_code",
        "passphrase", "PassPhrase", "pass_phrase", "seed phrase", "recovery_phrase", "mnemonic", "secret_phrase",
    ];

    private static readonly string[] BracketLinks =
    [
        "the {k} provided {v} is wrong", "the {k} you typed {v} is wrong", "the {k} entered {v} was rejected", "{k} {v} rejected",
        "{k}: {v} rejected", "{k}{v}", "{k} = {v}", "{k} -> {v}", "{k} is {v}",
    ];

    /// <summary>
    /// Every pair of an opening and a closing punctuation of the Basic Multilingual Plane outside ASCII (category Ps
    /// followed by its Pe), read from Unicode and not listed; the initial and final quotes either way round; the same
    /// quote on both sides.
    /// </summary>
    private static List<(string Open, string Close)> BracketPairs()
    {
        var pairs = new List<(string Open, string Close)> { ("(", ")"), ("[", "]"), ("{", "}"), ("<", ">") };
        for (var c = 0x80; c < 0xFFFF; c++)
        {
            if (char.GetUnicodeCategory((char)c) == UnicodeCategory.OpenPunctuation
                && char.GetUnicodeCategory((char)(c + 1)) == UnicodeCategory.ClosePunctuation)
            {
                pairs.Add((((char)c).ToString(), ((char)(c + 1)).ToString()));
            }
        }

        pairs.AddRange([("«", "»"), ("»", "«"), ("‹", "›"), ("›", "‹"), ("“", "”"), ("”", "“"), ("„", "“"), ("‘", "’"), ("‚", "‘"),
            ("\"", "\""), ("'", "'"), ("`", "`"), ("＂", "＂"), ("＇", "＇")]);
        return pairs;
    }

    [Fact]
    public void AValueInAnyBracketOrQuotePairAfterAKeyIsRedactedWhole()
    {
        var random = new Random(4017);
        var pairs = BracketPairs();
        var cases = new List<(string, string)>();
        var at = 0;
        foreach (var key in BracketKeys)
        {
            foreach (var link in BracketLinks)
            {
                foreach (var shape in ValueShapes)
                {
                    var (open, close) = pairs[at++ % pairs.Count];
                    var secret = shape(random);
                    cases.Add(("IMAP: " + link.Replace("{k}", key).Replace("{v}", open + secret + close), secret));
                }
            }
        }

        foreach (var (open, close) in pairs)
        {
            foreach (var link in new[] { "the password provided {v} is wrong", "the passphrase provided {v} is wrong", "password {v} rejected" })
            {
                foreach (var shape in ValueShapes.Append(PhraseWithASentenceWord))
                {
                    var secret = shape(random);
                    cases.Add(("IMAP: " + link.Replace("{v}", open + secret + close), secret));
                }
            }
        }

        AssertNoneLeaks(cases);
    }

    [Fact]
    public void StatusProseAndPlaceholdersInBracketsAfterAKeyStay()
    {
        var prose = new[]
        {
            "{k} is expired", "{k} was revoked by the admin", "{k} is missing", "{k} is not set", "{k} is not set, see the docs",
            "the {k} provided is wrong", "the {k} provided (none) is wrong", "the {k} provided [expired] is wrong",
            "enter your <{k}> here", "the {k} provided «empty» is wrong", "the {k} provided \"is not valid\" for this shop",
            "the {k}'s reset link expired 'today'", "{k} (REDACTED) was logged", "the {k} you typed (REDACTED) is wrong",
            "{k} (reset before next login)", "{k} (required before first login)", "{k} (before you log in again)",
            "{k} (because of the policy)", "the {k} provided \"can not be empty\" is wrong", "{k} (sent before noon today)",
        };
        AssertAllStay(BracketKeys.SelectMany(key => prose.Select(p => "IMAP: " + p.Replace("{k}", key))));
    }

    // ---------- H: a password flag with a quoted value; a phrase after a verdict on a key, in prose or a JSON string ----------

    private static readonly string[] FlagContexts = ["upstream said: {f}", "command failed: backup-agent -u admin {f} --host db", "job 42: sync-tool {f} --retry 3"];

    [Fact]
    public void AQuotedValueOfAPasswordFlagIsRedactedWhole()
    {
        var random = new Random(4018);
        var cases = new List<(string, string)>();
        foreach (var context in FlagContexts)
        {
            foreach (var flag in new[] { "-p \"{v}\"", "-p '{v}'", "-p  \"{v}\"" })
            {
                foreach (var shape in ValueShapes)
                {
                    var secret = shape(random);
                    cases.Add((context.Replace("{f}", flag.Replace("{v}", secret)), secret));
                }
            }
        }

        AssertNoneLeaks(cases);
    }

    [Fact]
    public void PortsPathsVariablesAndAKnownProgramsOwnFlagStay() =>
        AssertAllStay(
        [
            "docker run -p \"8080:80\" nginx", "docker run -p \"8080:80/tcp\" nginx", "mkdir -p \"/var/lib/my app\"", "ssh -p \"2222\" host",
            "mysql -u root -p \"shopdb\"", "run -p \"$DB_PASS\" now", "run -p \"<password>\" now", "run -p \"\" now", "cp -p 'C:\\data\\x' y",
        ]);

    private static readonly string[] VerdictKeys =
        ["password", "Password", "pass_word", "passwd", "passcode", "passphrase", "pass phrase", "PassPhrase", "seed phrase", "recovery_phrase", "mnemonic"];

    private static readonly string[] Verdicts = ["bad", "wrong", "invalid", "incorrect", "Invalid"];

    private static readonly string[] VerdictWrappers =
        ["upstream said: {\"error\":\"{x}\"}", "{\"message\":\"{x}\",\"code\":401}", "login failed: {x}", "login failed: {x} (535)"];

    [Fact]
    public void APhraseAfterAVerdictOnAKeyIsRedactedInProseAndInAJsonString()
    {
        var random = new Random(4019);
        var cases = new List<(string, string)>();
        foreach (var key in VerdictKeys)
        {
            foreach (var verdict in Verdicts)
            {
                foreach (var wrapper in VerdictWrappers)
                {
                    foreach (var shape in new Func<Random, string>[] { Human, r => Phrase(r, 4), r => Phrase(r, 6), r => Phrase(r, 12) })
                    {
                        var secret = shape(random);
                        cases.Add((wrapper.Replace("{x}", $"{verdict} {key} {secret}"), secret));
                    }
                }
            }
        }

        AssertNoneLeaks(cases);
    }

    [Fact]
    public void ProseAfterAVerdictOnAKeyStays()
    {
        var prose = new[]
        {
            "{d} {k}", "{d} {k}, try again later", "{d} {k} is expired", "{d} {k} was revoked by the admin", "{d} {k} entered three times",
            "{d} {k} for user ops", "{d} {k} is not set", "{d} {k} or user name", "{d} {k} (none)",
        };
        AssertAllStay(VerdictKeys.SelectMany(key => Verdicts.SelectMany(verdict => VerdictWrappers.SelectMany(wrapper =>
            prose.Select(p => wrapper.Replace("{x}", p.Replace("{d}", verdict).Replace("{k}", key)))))));
    }

    // ---------- I: URLs: a userinfo password with spaces; a path segment after a password's or a token's segment ----------

    private static readonly string[] UrlTails = [" (401)", "", " failed, retrying", "; see logs"];

    [Fact]
    public void AUserInfoPasswordWithSpacesIsRedactedToTheAtBeforeTheHost()
    {
        var random = new Random(4020);
        var cases = new List<(string, string)>();
        foreach (var user in new[] { "u", "admin", "shop_01" })
        {
            foreach (var scheme in new[] { "https", "postgres", "redis", "amqp" })
            {
                foreach (var tail in UrlTails)
                {
                    foreach (var shape in new Func<Random, string>[] { r => Phrase(r, 2), r => Phrase(r, 4), r => Phrase(r, 12), r => Human(r) + " " + Human(r) })
                    {
                        var secret = shape(random);
                        if (user.Length > 0)
                        {
                            cases.Add(($"request failed: GET {scheme}://{user}:{secret}@db.example.com/x{tail}", secret));
                        }

                        cases.Add(($"connect {scheme}://{user}:{secret}@10.0.0.5:5432{tail}", secret));
                    }
                }
            }
        }

        AssertNoneLeaks(cases);
    }

    private static readonly string[] SecretSegments = ["password", "passphrase", "Password", "token", "passwd", "passcode"];

    private static readonly string[] SegmentRoutes = ["https://x.example.com/reset/{s}/{v}", "https://x.example.com/{s}/{v}", "https://api.example.com/v1/users/42/{s}/{v}/confirm"];

    [Fact]
    public void APathSegmentAfterAPasswordsOrATokensSegmentIsRedacted()
    {
        var random = new Random(4021);
        var cases = new List<(string, string)>();
        foreach (var segment in SecretSegments)
        {
            foreach (var route in SegmentRoutes)
            {
                foreach (var tail in UrlTails)
                {
                    foreach (var shape in RunShapes)
                    {
                        var secret = shape(random);
                        cases.Add(("request failed: GET " + route.Replace("{s}", segment).Replace("{v}", secret) + tail, secret));
                    }

                    foreach (var words in new[] { 4, 12 })
                    {
                        var phrase = Phrase(random, words);
                        foreach (var written in new[] { phrase.Replace(" ", "%20", StringComparison.Ordinal), phrase.Replace(' ', '+') })
                        {
                            cases.Add(("request failed: GET " + route.Replace("{s}", segment).Replace("{v}", written) + tail, written));
                        }

                        // Raw spaces only where the phrase ends the URL.
                        if (!route.EndsWith("/confirm", StringComparison.Ordinal))
                        {
                            var raw = Phrase(random, words);
                            cases.Add(("request failed: GET " + route.Replace("{s}", segment).Replace("{v}", raw) + tail, raw));
                        }
                    }
                }
            }
        }

        AssertNoneLeaks(cases);
    }

    [Theory]
    [InlineData("GET https://x.example.com/reset/password/Crop2758#pk (401)", "GET https://x.example.com/reset/password/[REDACTED] (401)")]
    [InlineData("GET https://x.example.com/token/Crop2758#pk/confirm", "GET https://x.example.com/token/[REDACTED]/confirm")]
    public void APasswordsHashInAPathSegmentGoesWithIt(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Fact]
    public void RouteWordsAfterAPasswordsSegmentAndColonsAfterAUrlStay()
    {
        var routeWords = new[] { "reset", "refresh", "new", "forgot", "change", "edit", "verify", "confirm", "v2", "123", "reset-link", "forgot-password", "oauth2" };
        // A capitalised "Password" segment before a number or a run with a digit is read as a token's shape by an earlier
        // rule (as on main): the route words are held after the lower-case segments.
        var messages = SecretSegments.Where(segment => segment != "Password").SelectMany(segment => SegmentRoutes.SelectMany(route => UrlTails.SelectMany(tail => routeWords.Select(word =>
            "GET " + route.Replace("{s}", segment).Replace("{v}", word) + tail)))).ToList();
        messages.AddRange(
        [
            "see https://example.com/docs/password/reset for details", "GET https://api.example.com/api/v1/token/refresh returned 500",
            "GET https://api.example.com/api/v1/token/refresh now failed again today", "see https://example.com: contact admin@example.com",
            "http://localhost: contact ops team admin@example.com", "https://example.com/users/password/new?x=1",
            "GET https://example.com/password/reset now and then retry",
        ]);
        AssertAllStay(messages);
    }
}
