using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Secrets known by their place in a command line or a URL, as products of kinds: every password flag x every way it is
/// glued to its value x every quote or bracket of the key table x every place the flag stands x every value shape; every
/// secret's path segment (from the key table's keys) x every way the value is written and ended x every value shape;
/// every shape of a URL's user and host x every value shape. Each has a must-stay side: routes, ports, patterns, status prose.
/// </summary>
public class SecretRedactorPlacedSecretKindTests
{
    // The flags a program reads a password from when no program of the table stands before them.
    private static readonly string[] PasswordFlags = ["-p", "-P", "/p:"];

    // How the flag meets its value's quote: glued, after a space, after '='.
    private static readonly string[] FlagGlues = ["", " ", "="];

    // Quotes and brackets of every kind the key table reads, ASCII and Unicode (by category: Pi/Pf, Ps/Pe, full-width).
    private static readonly (string Open, string Close)[] Quotes =
        [("\"", "\""), ("'", "'"), ("`", "`"), ("“", "”"), ("«", "»"), ("‘", "’"), ("„", "“"), ("＂", "＂"), ("「", "」"), ("【", "】")];

    // Where a flag stands: inside a command, at the message's very start, after a comma with no space, in a JSON array.
    private static readonly Func<string, string>[] FlagPlaces =
    [
        flag => $"command failed: backup-agent -u admin {flag} --host db",
        flag => $"{flag}; upstream failed",
        flag => $"x,{flag},y",
        flag => $"spawn failed: [\"tool\",\"{flag}\"]",
        flag => $"upstream said: {flag}",
    ];

    // Status prose written after a key: a word list's phrase test must keep it whole.
    private static readonly string[] StatusProse =
    [
        "is expired", "was revoked by the admin", "is missing", "is not set", "- see the docs",
        "should be at least 12 characters", "updated to v2 format",
    ];

    [Fact]
    public void AQuotedValueOfAPasswordFlagNeverLeaks()
    {
        var random = new Random(4101);
        var cases =
            from flag in PasswordFlags
            from glue in FlagGlues
            where !(flag == "/p:" && glue == "=")
            from quote in Quotes
            from place in FlagPlaces
            from shape in ValueShapes
            let secret = shape(random)
            select (place($"{flag}{glue}{quote.Open}{secret}{quote.Close}"), secret);
        AssertNoneLeaks(cases);
    }

    [Fact]
    public void PortsPatternsBuildPropertiesAndProseAfterAFlagStay()
    {
        string[] ordinary =
        [
            "ssh -p 2222 host failed", "docker run -p 8080:80 nginx exited 125", "docker run -p \"8080:80\" nginx exited 125",
            "scp -P 2222 a host: failed", "psql -h db -p 5432 -U shop failed", "mysql -h db -P \"3306\" shop failed",
            "msbuild /p:Configuration=Release failed", "dotnet build /p:\"Configuration=Release\" failed",
            "msbuild /p:\"DefineConstants=TRACE;DEBUG\" failed", "grep -P \"\\d+\" app.log", "grep -P \"timeout|refused\" app.log",
            "rg -P \"(?<=id=)\\w+\" app.log", "mkdir -p \"logs\" failed", "mkdir -p \"/var/lib/app\" failed",
            "tool -p \"$DB_PASSWORD\" failed", "tool -p '<password>' failed",
        ];
        var withProse =
            from flag in PasswordFlags.Where(f => f != "/p:")
            from prose in StatusProse
            select $"the {flag} option {prose}";
        AssertAllStay(ordinary.Concat(withProse));
    }

    /// <summary>
    /// "--password w1 w2 w3 w4" unquoted is read as a shell reads it: the one word after the flag is its value (a shell
    /// passes the rest as other arguments), so that word goes and the words after it are the command's other arguments.
    /// </summary>
    [Fact]
    public void AnUnquotedPasswordFlagTakesTheOneWordAfterIt()
    {
        var redacted = SecretRedactor.Redact("command failed: backup-agent --password Crop2758*pk --retry 3");
        Assert.Equal("command failed: backup-agent --password [REDACTED] --retry 3", redacted);
    }

    // Path segments named by the key table's keys: password, phrase, token and secret keys, whole or with a verb joined.
    private static readonly string[] SecretSegments =
    [
        "password", "pass", "pwd", "passwd", "passcode", "pass_word", "Password", "passphrase", "pass-phrase", "seed", "seed-phrase",
        "mnemonic", "recovery_phrase", "token", "access_token", "api_key", "apikey", "api-key", "secret", "client_secret",
        "private_key", "reset-password", "password-reset", "forgot_password",
    ];

    // How a phrase is written in a path: raw with spaces, '+'-joined, "%20"-joined.
    private static readonly Func<string, string>[] PhraseSpellings = [phrase => phrase, phrase => phrase.Replace(' ', '+'), phrase => phrase.Replace(" ", "%20")];

    // What ends the value: the message going on, a query, a fragment, the next segment or an empty one.
    private static readonly string[] PathValueEnds = [" (401)", "?x=1 (401)", "#top (401)", "/confirm (401)", "/ (401)", ""];

    [Fact]
    public void AValueAfterASecretsPathSegmentNeverLeaks()
    {
        var random = new Random(4102);
        var phrases =
            from segment in SecretSegments
            from separator in new[] { "/", ";" }
            from words in new[] { 4, 12 }
            from spelling in PhraseSpellings
            from end in PathValueEnds
            let secret = Phrase(random, words)
            let written = spelling(secret)
            select ($"request failed: GET https://x.example.com/{segment}{separator}{written}{end}", spelling == PhraseSpellings[0] ? secret : written);
        var runs =
            from segment in SecretSegments
            from separator in new[] { "/", ";" }
            from shape in RunShapes
            from end in PathValueEnds
            let secret = shape(random)
            select ($"request failed: GET https://x.example.com/{segment}{separator}{secret}{end}", secret);
        // A short human password whose symbol is a '#' the URL reads as its fragment's start.
        var hashed =
            from segment in SecretSegments
            from separator in new[] { "/", ";" }
            select ($"request failed: GET https://x.example.com/{segment}{separator}Cute394#tj (401)", "Cute394#tj");
        AssertNoneLeaks(phrases.Concat(runs).Concat(hashed));
    }

    [Fact]
    public void RouteWordsAndProseAfterASecretsPathSegmentStay()
    {
        // "/Password/" in capitals is read as a token's shape by another pass on main already (over-redaction, not this kind's).
        var messages =
            from segment in SecretSegments.Where(segment => segment != "Password")
            from template in new[]
            {
                "GET https://x.example.com/api/v1/{0}/refresh returned 401", "see https://x.example.com/docs/{0}/reset for the steps",
                "path: https://x.example.com/api/v1/{0}/forgot -> 404", "GET https://x.example.com/{0}/v2/users (404)",
                "GET https://x.example.com/account;id=3/{0};v=2/x (404)", "see https://x.example.com/docs/{0}/step1#overview",
                "see https://x.example.com/docs/{0}/reset#top",
            }
            select string.Format(System.Globalization.CultureInfo.InvariantCulture, template, segment);
        var withProse =
            from segment in SecretSegments
            from prose in StatusProse
            select $"the endpoint https://x.example.com/{segment}/reset {prose}";
        AssertAllStay(messages.Concat(withProse));
    }

    // A URL's user: a name, none, a mail address; its host: with a '.', without one, localhost, an IPv6 literal, with a port or a path.
    private static readonly string[] UrlUsers = ["u", "", "shop@acme.co", "admin.ops@acme.co"];
    private static readonly string[] UrlHosts = ["host.example.com", "db:5432/x", "localhost:5432", "[2001:db8::1]:5432", "cache.internal:6379", "db", "db/x?y=1"];

    [Fact]
    public void AUserinfosPasswordNeverLeaksWhateverTheUserAndTheHost()
    {
        var random = new Random(4103);
        var cases =
            from scheme in new[] { "https", "redis", "postgres" }
            from user in UrlUsers
            from host in UrlHosts
            from shape in ValueShapes
            let secret = shape(random)
            select ($"request failed: GET {scheme}://{user}:{secret}@{host} (401)", secret);
        AssertNoneLeaks(cases);
    }

    [Fact]
    public void AHostsPortAndProseAfterAUrlWithAMailAddressStay()
    {
        string[] ordinary =
        [
            "https://example.com: contact admin@example.com", "http://localhost:8080 failed, mail admin@example.com",
            "see https://host:8080/x: mail a@b.c", "https://db:5432 is down, ask ops@acme.co", "redis://cache:6379 refused; page oncall@acme",
            "GET https://shop@acme.co/api (401)", "https://[2001:db8::1]:8443 unreachable, see ops@acme.co",
        ];
        var withProse =
            from host in UrlHosts
            from prose in StatusProse
            select $"https://{host} {prose}, ask ops@acme.co";
        AssertAllStay(ordinary.Concat(withProse));
    }
}
