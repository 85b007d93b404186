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
    // A form body's '+' or a URL's "%20" joins them too ("error=bad+seed+phrase+w1 ...").
    private const string PhraseKeyWord =
        "(?:" + PhraseQualifierNames + ")(?:[_. +-]|%20)?phrase|(?:" + WordsQualifierNames + ")[_. -]?words|mnemonic(?![a-z])";

    // Keys that name a wallet's phrase only among other things ("seed" of a random generator, a disk's "recovery key"),
    // and a phrase of a count of words ("12-word phrase"): their value is a phrase only when it reads as one.
    private const string WeakPhraseKeyWord = @"\d{1,2}[- ]?words?[_. -]?phrase|(?:wallet[_. -]?)?seed|recovery[_. -]?key";

    // Thai phrase keys: pass phrase, recovery phrase, backup phrase, secret phrase, memory phrase, recovery words,
    // mnemonic ("คำช่วยจำ"), seed phrase translated ("วลีเมล็ดพันธุ์") and transliterated ("ซีดเฟรส"). Literal words only:
    // ThaiPhraseKeys searches for them as they are written here.
    private const string ThaiPhraseKeyWord = "วลีรหัสผ่าน|วลีกู้คืน|วลีสำรอง|วลีลับ|วลีช่วยจำ|คำกู้คืน|คำช่วยจำ|วลีเมล็ดพันธุ์|ซีดเฟรส";

    // Password keys, English and Thai, as whole words.
    // A compound key's parts may be joined by nothing or by any run of joiners, as a kind: '_', '.', '-' (one or several,
    // "pass_word", "pass___word", "Pass-Code") or spaces ("pass word", "pass  word"), up to four: KeyPartJoin.
    private const string KeyPartJoin = "(?:[_.-]{1,4}| {1,4})?";
    private const string PasswordKeyWord = "pass" + KeyPartJoin + "w(?:or)?d|pwd|pass" + KeyPartJoin + "code";
    // Thai: password, its transliteration and the common misspelling of it ("พาสเวิด"), and passcode ("พาสโค้ด").
    private const string ThaiPasswordKeyWord = "รหัสผ่าน|พาสเวิร์ด|พาสเวิด|พาสโค้ด|" + ThaiSplitPasswordKeyWord;

    // The same keys split in two by a space or a hyphen ("รหัส ผ่าน", "พาส-เวิร์ด"), as a line break or a typist leaves
    // them: a key only before a link or a value that is not Thai (a mark, a Latin letter, a digit), a copula ("คือ") or a
    // Thai verb ending in "เป็น" before such a value. "รหัส ผ่าน" is also "the code passes": before Thai prose
    // ("รหัส ผ่าน การตรวจสอบแล้ว") it is words, and "รหัส" alone (a shop's, a product's or a postal code) is never a key.
    // The halves may be split by any run of spaces, '_' or '.', or a hyphen, spaced or not ("รหัส  ผ่าน", "รหัส_ผ่าน",
    // "รหัส - ผ่าน"): ThaiSplitKeyJoin. Qualifiers and owner words may come between the key and its link ("รหัส ผ่าน ใหม่:",
    // "รหัส ผ่าน ของ คุณ คือ"); after a separator or an arrow only a value that is not Thai makes it a key, so Thai prose
    // there ("รหัส ผ่าน: ตรวจสอบเรียบร้อย", "the code passed: checked OK") stays words.
    private const string ThaiSplitKeyJoin = @"(?:[ \t]{1,4}|[ \t]*[_.][ \t]*|[ \t]*-[ \t]*)";
    private const string ThaiSplitPasswordKeyWord =
        @"(?:รหัส" + ThaiSplitKeyJoin + "ผ่าน|พาส" + ThaiSplitKeyJoin + "เวิ(?:ร์)?ด|พาส" + ThaiSplitKeyJoin + "โค้ด)"
        + @"(?=(?:[ \t]*(?:ใหม่|เดิม|ชั่วคราว|" + ThaiOwnerWords + @"))*"
        + @"(?:[ \t]*(?>[\p{P}\p{S}]+)[ \t]*[^\s\u0E01-\u0E4E]|[ \t]*(?:คือ|" + ThaiSetVerb + "|" + ThaiSpacedSetVerb + "|[^\\s\\u0E01-\\u0E4E\\p{P}\\p{S}])))";

    // Password keys of other languages, the ones docs/security.md lists: German, Portuguese, Spanish, French,
    // Indonesian, Vietnamese, Russian, Chinese, Japanese, Korean, Italian and Romanian ("parola"), Polish, Dutch,
    // Swedish, Turkish, Danish and Norwegian, Finnish, Czech and Slovak. The last pass reads them as it reads "password".
    private const string OtherLanguagePasswordKeyWord =
        "passwort|kennwort|senha|contrase[nñ]a|mot[_. -]?de[_. -]?passe|kata[_. -]?sandi|m[aậ]t[_. -]?kh[aẩ]u|пароль|密码|密碼|パスワード|비밀번호"
        + "|parola|has[łl]o|wachtwoord|l[öo]senord|[şs]ifre|adgangskode|passord|salasana|heslo";

    // Those of them the first pass leaves (Italian's "parola" is also "word"; Czech's "heslo"): the last pass judges their
    // value on every link, the separators too.
    private const string FirstPassUnreadPasswordKeyWord = "parola|heslo";

    // Each of those languages' own copula, the link "is" is in English ("senha é x", "Passwort ist x", "contraseña es x",
    // "mot de passe est x", "parola è x", "wachtwoord is x", "hasło to x", "şifre: x"): a link only right after one of
    // their keys (and its tail), read as "is" is, so the value after it is judged ("Passwort ist abgelaufen" stays).
    private const string OtherLanguageCopula = "ist|war|wird|é|era|es|está|est|était|è|är|er|on|to|je|adalah|là|это|является";
    private const string OtherLanguageCopulaLink =
        @"(?<=(?:" + OtherLanguagePasswordKeyWord + @")[^\s]{0,24}[ \t]*)(?:" + OtherLanguageCopula + @")(?![\p{L}\p{N}])";

    // What may follow a key's word and still be the key, read by the last pass (PhraseNeighbours.cs), each a kind: a
    // number glued or after a space, or a version ("password1", "password 2", "password v2"); a plural before an
    // index ("passwords[0]"); an index or a word in a bracket of any ASCII kind ("password{0}", "password<1>"); an owner
    // phrase, "for" or "of" and up to four words, before a link ("password for user admin ->", "password of the admin
    // account ="); the key two or more times. A key in markup or quotes of any kind closes its mark there
    // (KeyMarkOpen opens it): the same mark of Markdown's emphasis or a quote on both sides ("**password**",
    // "~~password~~", "__password__", "_password_", "***password***", "`password`", a quoted "password"), or a
    // bracket or quote pair read by Unicode category ("{password}", "[password]", "«password»", "“password”").
    private const string KeyNumber = @"(?:[_-]{0,2}\d{1,2}|[ \t]v?\d{1,2}(?:\.\d{1,2})?|s(?=[\[({<])|[*_~]{1,3}(?![A-Za-z0-9]))?(?![A-Za-z0-9_])";
    private const string KeyOwnerWord = @"(?!(?:is|was|are|were|has|had|have|will|not|set|changed|reset|updated|rotated|became|becomes|equals|should|must|now|to)(?![A-Za-z0-9_]))[A-Za-z0-9][A-Za-z0-9_.@-]{0,31}(?![A-Za-z0-9_.@-])";
    // A bracketed owner or qualifier after a space ("password (shop01) -> x", "token (prod): x") is the key's too, when a
    // link follows it; and so is a closing inline tag ("<b>password</b> -> x"): markup, never the value.
    // Both read by every pass that reads a key's tail: this table's KeyTail and the token walk (KeyMarkupOrQualifier).
    private const string SpacedKeyQualifier =
        @"[ \t]\((?:[A-Za-z][A-Za-z0-9_.@-]{0,15}|\d{1,3})\)(?=[ \t]*(?:[:=\-\u2192>]|(?:is|was|pre|re|auto|set|has|will)(?![A-Za-z])))";
    private const string InlineCloseTag = "</(?:b|i|u|s|em|strong|code|span|mark|small|kbd|tt|var|samp|label)>";
    private const string KeyQualifier =
        @"[(\[{<](?:[A-Za-z_]{1,16}|\d{1,3}|'[A-Za-z_]{1,16}'|""[A-Za-z_]{1,16}"")[)\]}>]|" + SpacedKeyQualifier + "|" + InlineCloseTag
        + @"|[ \t]+(?:for|of)(?:[ \t]+" + KeyOwnerWord + @"){1,4}(?=[ \t]*(?:[^\sA-Za-z0-9]|(?:is|was|are|were|has|had|have|will|got|gets|get|set|changed|reset|updated|rotated|became|becomes|equals|should|must|now)(?![A-Za-z0-9_])))";
    private const string KeyMarkOpen = @"(?:(?<=(?<![A-Za-z0-9])(?<mark>[*_~]{1,3}|[`""']))|(?<=(?<bracket>[{\[\p{Ps}\p{Pi}\p{Pf}-[(<]]))|)";
    private const string KeyTail =
        @"(?<number>[_-]{0,2}\d{1,2}(?![A-Za-z0-9_])|[ \t]v?\d{1,2}(?:\.\d{1,2})?(?![A-Za-z0-9_.]))?s?(?<qualifier>" + KeyQualifier + @")?(?:[ \t]+\k<key>(?![A-Za-z0-9_])){0,3}"
        + @"(?(mark)\k<mark>|)(?(bracket)[}\]\p{Pe}\p{Pi}\p{Pf}]|)";

    // Token and secret keys whose value is one run as a rule, but may be a word list's phrase ("token: capital come
    // amazing coconut", "secret_key=claw boat broken apology").
    private const string TokenKeyWord =
        "(?:(?:access|refresh|auth|api|bearer|id)" + KeyPartJoin + ")?token|(?:(?:client|app|channel|api)" + KeyPartJoin + ")?secret(?:" + KeyPartJoin + "key)?|api"
        + KeyPartJoin + "key|access" + KeyPartJoin + "key|private" + KeyPartJoin + "key|priv" + KeyPartJoin + "key";
    // Thai: token, secret ("ความลับ"), secret key ("คีย์ลับ"), API key in both spellings ("คีย์ API", "เอพีไอคีย์"), as the
    // English secret and api_key are token keys. Prose with them stays: a value must follow a link, or be a value's shape.
    private const string ThaiTokenKeyWord = "โทเค็น|โทเคน|ความลับ|คีย์ลับ|คีย์[ \t]?(?:API|api|Api)|เอพีไอคีย์";

    // A piece of every Thai key of the table, so text with none of them skips the regexes that read Thai keys.
    private static readonly string[] ThaiKeyTriggers =
        ["วลี", "คำกู้คืน", "คำช่วยจำ", "ซีดเฟรส", "รหัสผ่าน", "พาสเวิ", "พาสโค้ด", "โทเค", "ความลับ", "คีย์", "เอพีไอ", "ผ่าน", "เวิ", "โค้ด"];

    // Thai's copulas and the words that say "the one <verb>ed is" as a kind ("ที่ใช้คือ", "ที่ป้อนคือ", "ที่กรอกคือ": "ที่", a
    // verb, "คือ"), "namely" ("ได้แก่"), "equals" ("เท่ากับ") and "that" ("ว่า"), longest first. "ว่า", "เท่ากับ" and the
    // general "ที่...คือ" link only before a value that is not Thai, as "ว่าง" (empty) and Thai prose after them are words;
    // so does any Thai word glued to "คือ" ("ชั่วคราวคือ", "ตอนนี้คือ": "temporary is", "now is") after a space.
    private const string ThaiCopula =
        @"ที่ใช้คือ|[\u0E01-\u0E4E]{1,12}?คือ(?=\s*[^\s\u0E01-\u0E4E])|ได้แก่|(?:เท่ากับ|ว่า)(?=\s*[^\s\u0E01-\u0E4E])|(?:ก็|นั้น)?คือ|เป็น";

    // An arrow, as a kind and not a list: a run of strokes ('-', '=', '~', ':', any dash, which reading made '-') of any
    // length, spaces inside it ("= = >", "- - >", "-  >"), ending in '>'s; or '>>'; or any character of Unicode's arrow
    // blocks (U+2190-21FF, U+27F0-27FF, U+2900-297F, U+2B00-2BFF, the dingbat arrows U+2794-27BF, Supplemental
    // Arrows-C U+1F800-1F8FF as a surrogate pair), '≫', the pointers '▶', '►', '▸', '▷', '➤', a lone full-width '＞', a
    // pipe's '|>', and '»' or '›' before a space. It is the link, never part of the value.
    // Atomic, with a space only between strokes, so a long run of strokes with no '>' after it fails at once instead of
    // being split every way.
    private const string ArrowStrokes = @"(?>[-=~:—–]+(?:[ \t]+[-=~:—–]+)*)[ \t]*>+";
    private const string ArrowCharacter = @"[\u2190-\u21FF\u27F0-\u27FF\u2900-\u297F\u2B00-\u2BFF\u2794-\u27BF≫▶►▸▷➤＞]|\uD83E[\uDC00-\uDCFF]|[»›](?=[ \t])|\|>+";
    // An ASCII arrow pointing back at the key, R's and pseudo-code's assignment ("password <- x", "token <= x", "pwd <<- x"),
    // as '←' is: '<'s, then strokes.
    private const string ReverseArrowStrokes = @"<{1,2}(?>[-=~]+)";
    private const string ArrowLink = "(?:" + ArrowStrokes + "|" + ReverseArrowStrokes + "|>{2,}|" + ArrowCharacter + ")";

    // What may stand between a separator and its value as the rest of an arrow ("password =~> x", "token=>x",
    // "password: -> x", "password = = > x"): strokes then '>'s, or an arrow character; or the second mark of a doubled or
    // mixed separator ("token := x", "token :: x", "token =: x", "token == x", "token ≡≡ x"). Never the value itself.
    private const string ArrowAfterSeparator = @"(?>[-=~:]*(?:[ \t]+[-=~:]+)*)[ \t]*(?:>|&gt;)+|" + ArrowCharacter + "|[:=≡]";

    // The separators after a key: ':', '=' and '≡', alone or doubled or mixed as a kind (":=", "::", "=:", "=="; full-width
    // forms were read as ASCII already), and Thai's 'ฯ'.
    private const string KeySeparator = "(?:[:=≡]{1,2}|ฯ)";

    // Participles between a key and its separator or a bracketed value ("passphrase used:", "the passphrase you typed <...>").
    private const string KeyParticiple = @"(?:used|provided|entered|given|supplied|submitted|sent|specified|typed|tried|received)";

    // A bracket of any pair that may hold a value, and the marks that close one, by Unicode category and not by a list:
    // an ASCII bracket ('(', '[', '{', '<'), any opening punctuation (Ps: ⟦ 〖 ﹙ ❨ ⌈ ⁅ 【 ｢ ...), any initial or final
    // quote, opened either way round (Pi, Pf: «x» »x« „x“ ‹x› “x”), or the same quote on both sides ("x", 'x', `x`, and
    // the full-width ＂x＂ and ＇x＇, which Unicode files as other punctuation). An ASCII quote right after a letter or
    // digit is an apostrophe ("password's"), not a quote. The marker's own brackets are never a value.
    // A pair is an opening and a closing mark in either order of their categories: Unicode files the Arabic ornate
    // parentheses ﴾ as closing (Pe) and ﴿ as opening (Ps), so a closing mark outside ASCII opens a value too and an
    // opening one closes it.
    private const string ValueQuoteOpen = @"(?:(?<![A-Za-z0-9])[""'`]|[＂＇\p{Ps}\p{Pe}\p{Pi}\p{Pf}-[\x00-\x7F]]|" + SameMarkCharacter + ")";
    private const string ValueQuoteClose = @"(?:[""'`＂＇\p{Pe}\p{Pi}\p{Pf}]|[\p{Ps}-[\x00-\x7F]]|" + SameMarkCharacter + ")";
    // The quotes of ValueQuoteOpen where a letter may stand right before one: an option glued to its value ('-p"x"').
    private const string GluedValueQuoteOpen = @"(?:[""'`＂＇]|[\p{Ps}\p{Pe}\p{Pi}\p{Pf}-[\x00-\x7F]]|" + SameMarkCharacter + ")";

    // The same mark outside ASCII on both sides is a pair too (Hebrew's gershayim "״x״", geresh "׳x׳"), when it is no
    // mark that ends a clause (an ideographic comma or full stop, a full-width colon) and no bullet or section sign.
    private const string SameMarkCharacter = @"[\p{Po}-[\x00-\x7F、。，．：；！？…‥・·•‣§¶†‡※]]";

    // Brackets inside brackets ("['x']", "<<x>>", "[[x]]", "(\"x\")", "(«w1 w2»)", "「『w1 w2』」") hold one value, as one
    // pair does, up to three deep, with spaces inside each ("( x )", "[ x ]", "“ x ”").
    private const string NestedBracketOpen = @"(?:" + ValueBracketOpen + @"\s*){1,3}";
    private const string NestedBracketClose = @"(?:\s*" + ValueBracketClose + "){1,3}";
    private const string ValueBracketOpen = @"(?:\((?!REDACTED\))|\[(?!REDACTED\])|[{<]|" + ValueQuoteOpen + ")";
    private const string ValueBracketClose = @"(?:[)\]}>]|" + ValueQuoteClose + ")";

    // One run, no space in it, between any quote of ValueQuoteOpen and any of ValueQuoteClose ("the password provided
    // „Crop2758*pk“ is wrong", "… `x` …", "… »x« …"), for the passes that read one value after a participle.
    private const string QuotedRunValue = ValueQuoteOpen + @"(?<maybe>[^\s""'`＂＇\p{Pe}\p{Pi}\p{Pf}]+)" + ValueQuoteClose;

    // One run in an ASCII bracket pair, after a separator or any link ("password: (Crop2758*pk) rejected", "password ->
    // [x]", "password is {x} now"): judged as any value is ("maybe"), so "(none)", "[expired]" and "<password>" stay.
    // The marker's own brackets are never a value. Non-ASCII brackets and quotes are OtherQuotedValue's.
    private const string BracketedRun =
        @"\((?!REDACTED\))(?<maybe>[^\s()\[\]{}<>""']+)\)|\[(?!REDACTED\])(?<maybe>[^\s()\[\]{}<>""']+)\]"
        + @"|\{(?<maybe>[^\s()\[\]{}<>""']+)\}|<(?<maybe>[^\s()\[\]{}<>""']+)>";

    // A run of marks alone between a key and its value, by Unicode category and not by a list: punctuation and symbols
    // with no letter or digit ("password -- x", "token ⟫ x", "secret ~ x", "password _> x", "| password | x |"), and the
    // escapes of a mark as HTML ("-&gt;", "&rarr;"), JSON ("-\u003e") or a URL ("-%3E") write it. It is part of the link,
    // never the value: a value holds a letter or a digit (ValueHasLetterOrDigit). Quotes and brackets open a value,
    // and ',' ';' end a clause, so they are no part of it; a space (or an encoded one) must follow it. An emoji or a
    // symbol of U+1F000-1FBFF ("👉") is a surrogate pair, which no category matches: it counts as a mark.
    private const string MarkRun =
        @"(?:[\p{P}\p{S}-[""'`\\&,;(\[{\p{Ps}\p{Pi}\p{Pf}]]|&(?:gt|lt|rarr|larr|harr|rArr|mdash|ndash|raquo|rsaquo|hellip|nbsp);|\\u00[23][0-9a-fA-F]|%(?:2[1-9A-Fa-f]|3[A-Fa-f]|40|5[B-Fb-f]|60|7[B-Eb-e])|\uD83C[\uDC00-\uDFFF]|\uD83D[\uDC00-\uDFFF]|\uD83E[\uDC00-\uDFFF])+";
    // A lone '>' is a shell's redirection ("grep token > out.txt"), not a link.
    private const string MarkRunLink = @"(?!>(?:\s|%20|\+))" + MarkRun + @"(?=\s|%20|\+)";

    // A value holds a letter or a digit: what follows a key is no value when it is marks alone (see MarkRun).
    private const string ValueHasLetterOrDigit = @"(?=[^\s""'“”‘’«»`「」『』\\&,;<>()\[\]{}]*[\p{L}\p{N}])";

    // What joins the words of a phrase written as a list, as a kind and not a list of marks: a comma and a space
    // ("w1, w2, w3, w4"), or one mark of punctuation or symbol with a space on each side (" / ", " | ", " - ", " · ",
    // " • "), the same between every two words (the last pass reads it back); a quote, a bracket, '.' and ';' end a
    // clause or open a value instead. Glued marks ("w1)w2)w3", "w1'w2'w3") are a joined run (IsJoinedPhrase).
    private const string SpacedWordJoiner = @"(?:,[ \t]+|[ \t]+[\p{P}\p{S}-[""'`.;(\[{<\p{Ps}\p{Pe}\p{Pi}\p{Pf}]][ \t]+)";

    // A dash with a space on each side, ASCII's or a typographic one ("api_key - x", "token – x"): a link, as an arrow is.
    // Glued to a word it is a hyphen, and a dash after a space only before a space ("- see the docs" is then prose, judged).
    private const string SpacedDashLink = @"[ \t]+[-–—][ \t]+";

    // The verbs that say a key was given a value, English's and Thai's, each as a kind.
    // English: an auxiliary ("is", "was", "has been", "had been", "will be", "got", "gets") or none, then a verb of setting
    // or changing and its preposition ("set to", "changed into", "updated to", "rotated to", "set as"); or a verb that
    // says what the value is ("became", "equals", "should be", "must be", "now is", "is now"); or a bare copula. Every
    // pass that reads a verb link uses this one: the value after it is judged as after "is", so prose stays ("password
    // should be at least 12 characters", "token updated to v2 format", "secret equals the one in the dashboard").
    // A space as a form body or a URL encodes it ("password+set+to+x", "msg=password%20-%3E%20x") is read between the
    // words of a verb and around a link as a space is.
    private const string LinkSpace = @"(?:\s|%20|\+)";
    // The verb phrase as a kind (round 7): an auxiliary or a modal, up to two adverbs ("just", "now", "currently",
    // "successfully", "automatically", "back"), "been"/"be"/"being", then a verb of setting, changing, generating or
    // defaulting in any inflection ("set", "changes", "defaulted", "generated", "configured", "turned", "became", "equals",
    // "reads"), perhaps "auto-" or "re-" before it, and a preposition ("to", "into", "as", "back to", "to be", "from x to")
    // or none; or a modal and "be" alone ("will be", "should now be"). As grammar has it: after "is"/"was"/"got" only a
    // participle or a past ("is currently set to", "was generated as"), and a bare base form ("change", "update", "turn",
    // "become", "equal", also words of a pass phrase's list) only with its preposition ("changes to", "equal to"), so the
    // first word of a phrase is never read as the verb ("priv_key is become cereal chef clerk" keeps four words).
    private const string EnglishLinkAdverbs = "(?:(?:just|now|currently|successfully|automatically|already|also|then|back)" + LinkSpace + "+){0,2}";
    private const string EnglishLinkVerbPast =
        "(?:(?:auto-?|re-?|pre-?)?(?:set|reset|read|(?:chang|updat|rotat|generat|configur|default|turn)ed)|became)";
    private const string EnglishLinkVerbPresent = "(?:(?:auto-?|re-?|pre-?)?(?:sets|resets|reads|(?:chang|updat|rotat|generat|configur)es|defaults|turns)|becomes|equals)";
    private const string EnglishLinkVerbBase = "(?:(?:auto-?|re-?|pre-?)?(?:change|update|rotate|generate|configure|default|turn)|become|equal)";
    // Every verb of the kind, in any inflection: the last pass reads one before a separator too ("password set: x").
    private const string EnglishLinkVerb = "(?:" + EnglishLinkVerbPast + "|" + EnglishLinkVerbPresent + "|" + EnglishLinkVerbBase + ")";
    private const string EnglishLinkPreposition =
        "(?:(?:back" + LinkSpace + "+)?(?:to|into|as)(?:" + LinkSpace + "+be)?|from" + LinkSpace + @"+[^\s+]{1,32}" + LinkSpace + "+(?:to|into))";
    private const string EnglishLinkPrepositionAfter = "(?:" + LinkSpace + "+" + EnglishLinkPreposition + ")";
    private const string EnglishModal = "(?:has|have|had|will|would|should|must|shall|can|may)";
    private const string EnglishVerbLink =
        // A modal, "been"/"be"/"being" and any verb form ("has just been set to", "will change to", "has become").
        "(?:" + EnglishModal + LinkSpace + "+" + EnglishLinkAdverbs + "(?:(?:been|be|being)" + LinkSpace + "+" + EnglishLinkAdverbs + ")?"
        + "(?:" + EnglishLinkVerbPast + "|" + EnglishLinkVerbBase + ")" + EnglishLinkPrepositionAfter + "?"
        // "is", "was", "got": a participle ("is currently set to", "is being set to", "was auto-set to", "is equal to").
        + "|(?:is|was|are|were|got|gets|get)" + LinkSpace + "+" + EnglishLinkAdverbs + "(?:being" + LinkSpace + "+" + EnglishLinkAdverbs + ")?"
        + "(?:" + EnglishLinkVerbPast + EnglishLinkPrepositionAfter + "?|equal" + EnglishLinkPrepositionAfter + ")"
        // No auxiliary: a past or a present, a base form only with its preposition ("changes to", "reads", "equal to").
        + "|" + EnglishLinkAdverbs + "(?:(?:" + EnglishLinkVerbPast + "|" + EnglishLinkVerbPresent + ")" + EnglishLinkPrepositionAfter + "?|" + EnglishLinkVerbBase + EnglishLinkPrepositionAfter + ")"
        // A modal and "be" ("will be", "should now be", "has been"), "now is", a bare copula.
        + "|" + EnglishLinkAdverbs + EnglishModal + LinkSpace + "+" + EnglishLinkAdverbs + "(?:been|be)"
        + "|now" + LinkSpace + "+(?:is|was)|(?:is|was|are|were)(?:" + LinkSpace + "+now)?)";

    // Thai: a verb phrase ending in "เป็น" ("to be", "as") as a kind: "ตั้งเป็น" (set to), "ตั้งค่าเป็น", "เปลี่ยนเป็น" (changed
    // to), "ถูกตั้งเป็น", "ถูกเปลี่ยนเป็น" (was set to), any Thai run up to "เป็น", read only before a value that is not Thai,
    // so "จำเป็น" (necessary) before Thai prose stays a word.
    private const string ThaiSetVerb = @"[\u0E01-\u0E4E]{1,16}?เป็น(?=\s*[^\s\u0E01-\u0E4E])";

    // The same verb split by spaces, as a word breaker leaves it ("ถูก ตั้ง เป็น", "ถูก เปลี่ยน เป็น"): up to two words before
    // "เป็น", read by the last pass only (ThaiCopulaLink).
    private const string ThaiSpacedSetVerb = @"(?:[\u0E01-\u0E4E]{1,8}[ \t]+){1,2}เป็น(?=\s*[^\s\u0E01-\u0E4E])";

    // Thai owner words: "ของ" (of) and whose, glued or split by spaces as a writer or a word breaker leaves them
    // ("ของคุณ", "ของ คุณ", "ของร้าน", "ของ ร้าน ค้า").
    private const string ThaiOwnerWords = @"ของ(?:[ \t]?[\u0E01-\u0E4E]{1,12}){1,3}";

    // A Thai copula or set verb as a link, perhaps two of them ("คือว่า": "is that"), perhaps with a separator after it
    // ("โทเค็นคือ: x", "โทเค็น คือ : x", "โทเค็น เป็น: x"): the separator is part of the link, never the value.
    private const string ThaiCopulaLink = @"\s*(?:(?:" + ThaiCopula + "|" + ThaiSetVerb + "|" + ThaiSpacedSetVerb + @")\s*){1,2}(?:" + KeySeparator + @"\s*)?";

    // The link between a key and its value as the last pass reads it: Thai owner words ("ของร้าน") and qualifiers, then
    // a separator (after a participle, or a verb of the verb link or "now": "password set: x", "token now: x"), a Thai copula, an arrow, a verb, or a participle before a bracket.
    // A bare space is read too, last, for a phrase key before a wallet's whole phrase ("seed phrase abandon ...") and
    // after a verdict ("bad passphrase w1 w2 w3 w4").
    private const string KeyValueLink =
        @"(?>(?:\s*(?:" + ThaiOwnerWords + @"(?=\s*(?:" + ThaiCopula + "|" + KeySeparator + "|" + ArrowLink + "|" + ThaiSpacedSetVerb + @"))|ใหม่|เดิม|ชั่วคราว))*)"
        + @"(?:(?:\s+" + KeyParticiple + @"|[ \t]+(?<verb>" + EnglishLinkVerb + "|now|" + KeyVerdictWord + "))?" + @"\s*" + KeySeparator + @"\s*|" + ThaiCopulaLink + @"|\s*" + ArrowLink + @"\s*"
        + "|" + SpacedDashLink
        + "|" + LinkSpace + "+" + EnglishVerbLink + LinkSpace + "+"
        + "|" + LinkSpace + "+" + OtherLanguageCopulaLink + LinkSpace + "+"
        + @"|\s*(?:(?:\s" + KeyParticiple + @"|\syou\s+(?:gave|" + KeyParticiple + @"))\s*)?(?=" + ValueBracketOpen + ")"
        + "|(?:(?:[ \t]|%20|\\+)*" + MarkRunLink + LinkSpace + "+)+"
        + "|" + BareSpaceLink + ")";

    // A verdict on a key as a kind, the word a message writes before the key ("bad passphrase w1 w2 w3 w4", "denied
    // token w1 ...") or after it before a separator ("passphrase bad: S"): an adjective or a participle of refusal, a
    // "un-", "mis-" or "mal-" participle ("unrecognized", "mismatched", "malformed"), or "not" and a participle ("not
    // accepted"). The last pass reads it (FollowsAVerdict) and so does the link before a separator.
    private const string KeyVerdictWord =
        "(?:bad|wrong|invalid|incorrect|unknown|mismatch|denied|rejected|refused|expired|revoked|blocked|forbidden|illegal|bogus|faulty|corrupt"
        + @"|(?:un|mis|mal)[a-z]{2,14}(?:ed|ised|ized)|not[ \t]+[a-z]{2,14}ed)";

    // A space as a message writes it: spaces and tabs, a form body's '+' ("error=bad+passphrase+w1 w2 w3 w4") and a JSON
    // string's escaped line break or tab ('{"error":"bad passphrase\nw1 w2 w3 w4"}'). A link of these alone is bare.
    // A form body's or a URL's encoded space or line break ("error=bad%20passphrase%20w1 ...", "bad+passphrase%0Aw1 ...")
    // and a line break escaped in a JSON string inside a JSON string ("bad passphrase\\nw1 ...") are spaces too.
    private const string BareSpaceLink = @"(?:[ \t]+|\\{1,2}[nrt]|\+|%20|%0[ADad9])+";

    private static readonly string[] PhraseQualifiers = PhraseQualifierNames.Split('|');
    private static readonly string[] WordsQualifiers = WordsQualifierNames.Split('|');
}
