using System.Globalization;
using System.Text;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// What the redactor's product-of-kinds tests share: the value shapes they draw (from a fixed seed, so a red run repeats)
/// and the two assertions, each redacting every message and failing once with every input that went wrong listed.
/// </summary>
internal static class RedactionProducts
{
    // Words of a pass phrase word list (BIP39), none a word a sentence is built of.
    private static readonly string[] ListWords =
    [
        "acoustic", "alley", "amateur", "amused", "anchor", "apple", "arctic", "arrow", "artwork", "asthma", "autumn", "bacon",
        "badge", "balcony", "bamboo", "bargain", "basket", "bicycle", "blossom", "brick", "broccoli", "bronze", "bundle", "cabbage",
        "cabin", "canal", "canoe", "canyon", "carbon", "cattle", "celery", "census", "cereal", "chaos", "chimney", "cinnamon",
        "citizen", "clap", "clerk", "clump", "coconut", "coffee", "comic", "copper", "coyote", "cradle", "crater", "cricket",
        "crisp", "cushion", "dolphin", "donkey", "eagle", "elbow", "emerald", "fabric", "falcon", "galaxy", "giraffe", "glacier",
        "gospel", "harbor", "hover", "island", "jaguar", "jungle", "kettle", "kitten", "lantern", "lizard", "lobster", "magnet",
        "meadow", "mirror", "napkin", "olive", "orbit", "orchard", "oyster", "pelican", "pepper", "pistol", "quartz", "quote",
        "rabbit", "rocket", "saddle", "spike", "timber", "tonight", "trellis", "tundra", "velvet", "walnut", "walrus", "zebra",
    ];

    private static readonly string[] Symbols = ["!", "#", "$", "*", "@", "%"];

    // A word list's words that are a sentence's words too.
    private static readonly string[] ListWordsOfASentence = ["again", "because", "before", "can"];

    /// <summary>A human password: a capitalised word, digits, a symbol and two letters ("Crop2758*pk").</summary>
    public static string Human(Random random) =>
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Pick(random, ListWords)) + random.Next(10, 9999) + Pick(random, Symbols)
        + (char)('a' + random.Next(26)) + (char)('a' + random.Next(26));

    /// <summary>Two list words and four digits ("archcongress0802").</summary>
    public static string LowerWithDigits(Random random) => Pick(random, ListWords) + Pick(random, ListWords) + random.Next(1000, 9999);

    public static string[] Words(Random random, int count) => Enumerable.Range(0, count).Select(_ => Pick(random, ListWords)).ToArray();

    public static string Phrase(Random random, int words) => string.Join(' ', Words(random, words));

    /// <summary>A 4-word phrase with one of <see cref="ListWordsOfASentence"/> in it.</summary>
    public static string PhraseWithASentenceWord(Random random)
    {
        var words = Words(random, 4);
        words[random.Next(words.Length)] = Pick(random, ListWordsOfASentence);
        return string.Join(' ', words);
    }

    /// <summary>The value shapes every product draws: a human password, a lower-case run with digits, a 4-word and a 12-word phrase.</summary>
    public static readonly Func<Random, string>[] ValueShapes = [Human, LowerWithDigits, r => Phrase(r, 4), r => Phrase(r, 12)];

    /// <summary>The one-run shapes only (for the kinds whose value is one run).</summary>
    public static readonly Func<Random, string>[] RunShapes = [Human, LowerWithDigits];

    /// <summary>One value of each of <see cref="ValueShapes"/>.</summary>
    public static IEnumerable<string> OneOfEachShape(Random random) => ValueShapes.Select(shape => shape(random)).ToArray();

    /// <summary>
    /// Every key x every link x one value of each shape (drawn from <paramref name="seed"/>, in that order), each written
    /// into a message by <paramref name="write"/>: the cases of a product-of-kinds test.
    /// </summary>
    public static List<(string Message, string Secret)> KeyLinkValueCases(
        int seed, IEnumerable<string> keys, IEnumerable<string> links, Func<string, string, string, string> write)
    {
        var random = new Random(seed);
        var cases = new List<(string Message, string Secret)>();
        foreach (var key in keys)
        {
            foreach (var link in links)
            {
                cases.AddRange(OneOfEachShape(random).Select(secret => (write(key, link, secret), secret)));
            }
        }

        return cases;
    }

    /// <summary>
    /// Each key before each status prose, written plainly and in every spelling, for the prose each key written plainly
    /// keeps whole: a spelling of the key must read as the key does.
    /// </summary>
    public static List<string> SpellingsBeforeProse(IEnumerable<string> keys, IEnumerable<Func<string, string>> spellings, IEnumerable<string> prose)
    {
        var messages = new List<string>();
        foreach (var key in keys)
        {
            foreach (var text in prose)
            {
                var plain = $"Login failed for shop 42; {key} {text}";
                if (SecretRedactor.Redact(plain) == plain)
                {
                    messages.Add(plain);
                    messages.AddRange(spellings.Select(spell => $"Login failed for shop 42; {spell(key)} {text}"));
                }
            }
        }

        return messages;
    }

    /// <summary>A connector's English login error around a key, its link and its value.</summary>
    public static string LoginFailed(string key, string link, string secret) => $"Login failed for shop 42; {key}{link}{secret}; retry later";

    /// <summary>The same in Thai ("login failed ... please check again").</summary>
    public static string ThaiLoginFailed(string key, string link, string secret) => $"เข้าสู่ระบบไม่สำเร็จ {key}{link}{secret} กรุณาตรวจสอบอีกครั้ง";

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    /// <summary>Every 8-character piece of <paramref name="secret"/> (the whole of a shorter one).</summary>
    private static IEnumerable<string> Pieces(string secret) =>
        secret.Length <= 8 ? [secret] : Enumerable.Range(0, secret.Length - 7).Select(start => secret.Substring(start, 8));

    /// <summary>Redacts each message and fails once, listing every message in which a piece of its secret survived.</summary>
    public static void AssertNoneLeaks(IEnumerable<(string Message, string Secret)> cases)
    {
        var leaks = new StringBuilder();
        var count = 0;
        var leaked = 0;
        foreach (var (message, secret) in cases)
        {
            count++;
            var redacted = SecretRedactor.Redact(message);
            if (Pieces(secret).Any(piece => redacted.Contains(piece, StringComparison.Ordinal)))
            {
                leaked++;
                leaks.Append("\n  in:  ").Append(message).Append("\n  out: ").Append(redacted);
            }
        }

        Assert.True(count > 0, "no case was drawn");
        Assert.True(leaked == 0, $"{leaked} of {count} leaked:{leaks}");
    }

    /// <summary>Redacts each message and fails once, listing every message that did not stay as written.</summary>
    public static void AssertAllStay(IEnumerable<string> messages)
    {
        var changed = new StringBuilder();
        var count = 0;
        var changes = 0;
        foreach (var message in messages)
        {
            count++;
            var redacted = SecretRedactor.Redact(message);
            if (redacted != message)
            {
                changes++;
                changed.Append("\n  in:  ").Append(message).Append("\n  out: ").Append(redacted);
            }
        }

        Assert.True(count > 0, "no message was drawn");
        Assert.True(changes == 0, $"{changes} of {count} ordinary texts changed:{changed}");
    }
}
