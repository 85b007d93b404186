using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Every key kind of the table x every way a value is put in brackets x every value shape (issue 17 item 11): a one-run
/// value with spaces inside its pair ("password ( Bullet0234@sv ) rejected", "“ S ”", "「 S 」"), a pair inside a pair
/// (a Python list's "['S']", "&lt;&lt;S&gt;&gt;", "[[S]]", "(\"S\")", "(«w1 w2 w3 w4»)", "「『w1 w2 w3 w4』」"), a pair whose categories
/// Unicode gives reversed ("﴾…﴿") or the same mark on both sides ("״…״"), and a one-run value ending like a state's word
/// in braces after a phrase key ("passphrase {Century6630$tion}") each stayed as written or lost a piece only. Each
/// product asserts that no 8-character fragment of the secret survives; the same pairs around a state, a name or prose,
/// and lists and wiki links without a key, stay whole. Failures are gathered into one message listing every input.
/// </summary>
public class SecretRedactorBracketKindTests
{
    private static readonly string[] Keys =
    [
        "password", "Password", "PASSWORD", "pwd", "passwd", "DB_PASSWORD", "passphrase", "seed phrase", "mnemonic", "recovery phrase",
        "token", "access_token", "secret", "client_secret", "api_key",
    ];

    private static readonly string[] PhraseKeys = ["passphrase", "Passphrase", "seed phrase", "mnemonic", "recovery phrase", "backup phrase", "secret phrase"];

    // Where a bracketed value stands: glued to the key, after a space, a separator, an arrow, a verb, a participle.
    private static readonly string[] Forms =
    [
        "IMAP: {0}{1} rejected", "IMAP: {0} {1} rejected", "IMAP: {0}: {1} rejected", "{0} -> {1}", "the {0} provided {1} is wrong", "login failed; {0} is {1}",
    ];

    // Pairs of every kind with spaces inside (ASCII, typographic, CJK, guillemets).
    private static readonly (string Open, string Close)[] SpacedPairs =
    [
        ("( ", " )"), ("[ ", " ]"), ("{ ", " }"), ("< ", " >"), ("“ ", " ”"), ("「 ", " 」"), ("« ", " »"), ("【 ", " 】"), ("\" ", " \""),
    ];

    // Pairs inside pairs, two and three deep.
    private static readonly (string Open, string Close)[] NestedPairs =
    [
        ("['", "']"), ("[\"", "\"]"), ("<<", ">>"), ("[[", "]]"), ("(\"", "\")"), ("(«", "»)"), ("(`", "`)"), ("「『", "』」"),
        ("{'", "'}"), ("[ \"", "\" ]"), ("([\"", "\"])"), ("(“", "”)"),
    ];

    // A pair of reversed categories (﴾ is closing punctuation, ﴿ opening) and the same mark on both sides.
    private static readonly (string Open, string Close)[] OddPairs = [("﴾", "﴿"), ("״", "״"), ("׳", "׳"), ("﴾ ", " ﴿")];

    private static readonly string[] StateEndings = ["ed", "ing", "ly", "able", "tion", "ment", "ness"];

    private static IEnumerable<(string Message, string Secret)> Product(Random random, IEnumerable<string> keys, (string Open, string Close)[] pairs)
    {
        foreach (var key in keys)
        {
            foreach (var form in Forms)
            {
                // An ASCII quote right after a letter closes a name ("\"password\": ...") or is an apostrophe: no glued pair.
                foreach (var (open, close) in pairs.Where(pair => !(form.Contains("{0}{1}") && pair.Open[0] is '"' or '\'' or '`')))
                {
                    foreach (var secret in OneOfEachShape(random))
                    {
                        yield return (string.Format(form, key, open + secret + close), secret);
                    }
                }
            }
        }
    }

    [Fact]
    public void AValueWithSpacesInsideItsPairIsRedacted() => AssertNoneLeaks(Product(new Random(5101), Keys, SpacedPairs));

    [Fact]
    public void AValueInAPairInsideAPairIsRedacted() => AssertNoneLeaks(Product(new Random(5102), Keys, NestedPairs));

    [Fact]
    public void AValueInAPairOfReversedCategoriesOrOfTheSameMarkTwiceIsRedacted() => AssertNoneLeaks(Product(new Random(5103), Keys, OddPairs));

    [Fact]
    public void AOneRunValueEndingLikeAStateWordInAnyPairAfterAPhraseKeyIsRedacted()
    {
        var random = new Random(5104);
        var cases = new List<(string Message, string Secret)>();
        foreach (var key in PhraseKeys)
        {
            foreach (var (open, close) in new[] { ("{", "}"), ("(", ")"), ("[", "]"), ("“", "”"), ("{ ", " }"), ("['", "']") })
            {
                foreach (var ending in StateEndings)
                {
                    // A human password whose last letters are a state's ending: "Century6630$tion".
                    var secret = Human(random)[..^2] + ending;
                    cases.Add(($"IMAP: {key} {open}{secret}{close} rejected", secret));
                    cases.Add(($"IMAP: the {key} provided {open}{secret}{close} is wrong", secret));
                }
            }
        }

        AssertNoneLeaks(cases);
    }

    // States and prose in ASCII brackets, spaced or nested, after the same keys: what the brackets hold is judged as any
    // value is. (A quote of any kind after a password's key says a value follows: its content goes whatever it is.)
    private static readonly string[] StatesInPairs = ["none", "expired", "not set", "hidden", "redacted", "empty"];

    private static readonly (string Open, string Close)[] AsciiBracketPairs =
    [
        ("( ", " )"), ("[ ", " ]"), ("{ ", " }"), ("< ", " >"), ("((", "))"), ("[[", "]]"), ("<<", ">>"), ("( [", "] )"),
    ];

    [Fact]
    public void AStateOrProseInAnyPairAfterAKeyStaysWhole()
    {
        var messages = new List<string>();
        foreach (var key in Keys)
        {
            foreach (var (open, close) in AsciiBracketPairs)
            {
                foreach (var state in StatesInPairs)
                {
                    messages.Add($"IMAP: {key} {open}{state}{close} rejected");
                }
            }
        }

        AssertAllStay(messages);
    }

    [Theory]
    [InlineData("password (none)")]
    [InlineData("token [expired]")]
    [InlineData("password ( see docs )")]
    [InlineData("token [ expired ]")]
    [InlineData("See [[Password policy]] on the wiki before you retry")]
    [InlineData("see [[link]] for the password")]
    [InlineData("values ['a', 'b'] were sent")]
    [InlineData("the list [['shop01', 'th'], ['shop02', 'my']] was synced")]
    [InlineData("cat <<EOF > /tmp/config")]
    [InlineData("the password field ﴾optional﴿ is shown")]
    [InlineData("״שלום״ was sent to the shop")]
    [InlineData("order 「12345」 was shipped")]
    public void BracketsWithNoSecretInThemStay(string message) => Assert.Equal(message, SecretRedactor.Redact(message));
}
