using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Links a fresh generator of issue 17 (item 11, gen3) found still leaking: a separator of doubled or mixed marks
/// (":=", "::", "=:", "==", '≡', full-width doubles; group D), whose second mark was taken for the value, and the pointers
/// and the pipe's arrow ('▶', '►', "|>"; group A). Code and prose with the same marks stay.
/// </summary>
public class SecretRedactorDoubledLinkTests
{
    [Theory]
    [InlineData("auth error: token :: Bitter13%qw rejected", "auth error: token :: [REDACTED] rejected")]
    [InlineData("auth error: token := Cotton1051#od rejected", "auth error: token := [REDACTED] rejected")]
    [InlineData("auth error: token =: Advance01%fs rejected", "auth error: token =: [REDACTED] rejected")]
    [InlineData("auth error: token ：： Coral2869%yz rejected", "auth error: token :: [REDACTED] rejected")]
    [InlineData("auth error: token ＝＝ Atom4362#ng rejected", "auth error: token == [REDACTED] rejected")]
    [InlineData("auth error: token ≡ Cotton1051#od rejected", "auth error: token ≡ [REDACTED] rejected")]
    [InlineData("auth error: password ≡ bean behind color bone", "auth error: password ≡ [REDACTED]")]
    [InlineData("auth error: passphrase :: bean behind color bone", "auth error: passphrase :: [REDACTED]")]
    [InlineData("IMAP login failed; api_key |> Clown6350@wh (535)", "IMAP login failed; api_key |> [REDACTED] (535)")]
    [InlineData("IMAP login failed; api_key|>aisle behind clever barely (535)", "IMAP login failed; api_key|>[REDACTED] (535)")]
    [InlineData("IMAP login failed; api_key ▶ crater attend crumble crucial (535)", "IMAP login failed; api_key ▶ [REDACTED] (535)")]
    [InlineData("IMAP login failed; client_secret ► bird amazing crime couple (535)", "IMAP login failed; client_secret ► [REDACTED] (535)")]
    // A lone full-width '＞' is an arrow; glued to a secret's key it joins key and value as any mark does.
    [InlineData("IMAP login failed; client_secret ＞ Burst76$jr (535)", "IMAP login failed; client_secret ＞ [REDACTED] (535)")]
    [InlineData("wallet import failed; mnemonic ＞ core crime addict business aunt cross book bright assist birth alert base (400)", "wallet import failed; mnemonic ＞ [REDACTED] (400)")]
    [InlineData("IMAP login failed; api_key＞Coffee207$ig (535)", "IMAP login failed; api_key=[REDACTED] (535)")]
    // Full-width arrows of strokes and brackets read as before.
    [InlineData("IMAP login failed; token -＞ Coffee207$ig (535)", "IMAP login failed; token -> [REDACTED] (535)")]
    [InlineData("IMAP login failed; password ＜Coffee207$ig＞ rejected", "IMAP login failed; password <[REDACTED]> rejected")]
    // Supplemental Arrows-C (U+1F800-1F8FF), written as a surrogate pair.
    [InlineData("IMAP login failed; api_key 🠖 ask bone chaos aware (535)", "IMAP login failed; api_key 🠖 [REDACTED] (535)")]
    [InlineData("IMAP login failed; api_key 🡒 crunch correct annual achieve (535)", "IMAP login failed; api_key 🡒 [REDACTED] (535)")]
    public void AValueAfterADoubledSeparatorOrAPointerIsRedacted(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Theory]
    [InlineData("a == b and c := d")]
    [InlineData("token :: expired")]
    [InlineData("password := not set")]
    [InlineData("if (x == y) return")]
    [InlineData("step 1 ▶ step 2")]
    [InlineData("cat log | grep token > out.txt")]
    [InlineData("count ＞ 0 items")]
    [InlineData("go 🠖 next page")]
    [InlineData("token 🠖 expired")]
    [InlineData("token ＞ expired")]
    [InlineData("password: ＜hidden＞")]
    public void CodeAndStatesWithTheSameMarksStay(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}
