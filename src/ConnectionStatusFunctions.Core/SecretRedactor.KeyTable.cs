namespace ConnectionStatusFunctions.Core;

// The one table of the keys whose value a pass phrase or a password may be, and the one reading of what links a key to
// its value and of a value in brackets. Every pass that reads these keys, links or brackets builds its pattern from the
// constants here (Phrases.cs, PhraseNeighbours.cs, LocalKeys.cs, SpacedValues.cs), so a key, a link or a bracket added
// here holds for each of them at once: each pass used to keep its own list, and a fix covered one spelling.
public static partial class SecretRedactor
{
    // Words that make "phrase" a secret's ("passphrase", "seed phrase", "backup phrase", "restore phrase") and those that
    // make "words" one ("seed words", "backup words").
    private const string PhraseQualifierNames = "pass|secret|seed|recovery|mnemonic|backup|wallet|restore";
    private const string WordsQualifierNames = "seed|recovery|mnemonic|secret|backup|restore";

    // The phrase keys as one word, with '_', '.', '-' or a space, or in camelCase: the first pass reads them as password
    // keys (PasswordWord), the second after a verb or an arrow (SpacedSecret), the last after any link (PhraseNeighbours).
    private const string PhraseKeyWord =
        "(?:" + PhraseQualifierNames + ")[_. -]?phrase|(?:" + WordsQualifierNames + ")[_. -]?words|mnemonic(?![a-z])";

    // Keys that name a wallet's phrase only among other things ("seed" of a random generator, a disk's "recovery key"),
    // and a phrase of a count of words ("12-word phrase"): their value is a phrase only when it reads as one.
    private const string WeakPhraseKeyWord = @"\d{1,2}[- ]?words?[_. -]?phrase|(?:wallet[_. -]?)?seed|recovery[_. -]?key";

    // Thai phrase keys: pass phrase, recovery phrase, backup phrase, secret phrase, memory phrase, recovery words.
    private const string ThaiPhraseKeyWord = "วลีรหัสผ่าน|วลีกู้คืน|วลีสำรอง|วลีลับ|วลีช่วยจำ|คำกู้คืน";

    // Password keys, English and Thai, as whole words.
    private const string PasswordKeyWord = "passw(?:or)?d|pwd|passcode";
    private const string ThaiPasswordKeyWord = "รหัสผ่าน|พาสเวิร์ด";

    // Token and secret keys whose value is one run as a rule, but may be a word list's phrase ("token: capital come
    // amazing coconut", "secret_key=claw boat broken apology").
    private const string TokenKeyWord =
        @"(?:(?:access|refresh|auth|api|bearer|id)[_. -]?)?token|(?:(?:client|app|channel|api)[_. -]?)?secret(?:[_. -]?key)?|api[_. -]?key|access[_. -]?key|private[_. -]?key";
    private const string ThaiTokenKeyWord = "โทเค็น|โทเคน";

    // Thai's copulas and the words that say "the one used is" ("ที่ใช้คือ"), "namely" ("ได้แก่"), longest first.
    private const string ThaiCopula = "ที่ใช้คือ|ได้แก่|คือ|เป็น";

    // An arrow: a run of strokes ('-', '=', '~', a dash, ':') ending in one or more '>', perhaps with a space before
    // the '>' ("- >"), or '>>', or one arrow character. It is the link, never part of the value.
    private const string ArrowLink = @"(?:[-=~—–:]+[ \t]?>+|>{2,}|[→⇒➜⟶⇨➔➙➛➝➞➟➠➡⟹⟾⇾])";

    // The separators after a key: ':' and '=' (full-width forms were read as ASCII already) and Thai's 'ฯ'.
    private const string KeySeparator = "[:=ฯ]";

    // Participles between a key and its separator or a bracketed value ("passphrase used:", "the passphrase you typed <...>").
    private const string KeyParticiple = @"(?:used|provided|entered|given|supplied|submitted|sent|specified|typed|tried|received)";

    // A bracket of any pair that may hold a value, and the marks that close one.
    private const string ValueBracketOpen = @"(?:\((?!REDACTED\))|\[(?!REDACTED\])|[{<（【「『〈《〔｢])";
    private const string ValueBracketClose = @"[)\]}>）】」』〉》〕｣]";

    // The link between a key and its value as the last pass reads it: Thai owner words ("ของร้าน") and qualifiers, then
    // a separator (after a participle, perhaps), a Thai copula, an arrow, a verb, or a participle before a bracket.
    // A bare space is read too, last, for a phrase key before a wallet's whole phrase ("seed phrase abandon ...").
    private const string KeyValueLink =
        @"(?>(?:\s*(?:ของ[\u0E01-\u0E4E]{1,12}?(?=\s*(?:" + ThaiCopula + "|" + KeySeparator + @"))|ใหม่|เดิม|ชั่วคราว))*)"
        + @"(?:(?:\s+" + KeyParticiple + @")?\s*" + KeySeparator + @"\s*|\s*(?:" + ThaiCopula + @")\s*|\s*" + ArrowLink + @"\s*"
        + @"|\s+(?:is|was|are|were)(?:\s+(?:set|changed|reset)\s+to)?\s+"
        + @"|\s*(?:(?:\s" + KeyParticiple + @"|\syou\s+(?:gave|" + KeyParticiple + @"))\s*)?(?=" + ValueBracketOpen + ")"
        + @"|[ \t]+)";

    private static readonly string[] PhraseQualifiers = PhraseQualifierNames.Split('|');
    private static readonly string[] WordsQualifiers = WordsQualifierNames.Split('|');
}
