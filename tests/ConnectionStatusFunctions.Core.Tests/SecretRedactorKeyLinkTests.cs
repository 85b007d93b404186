using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// The neighbours a third tester of issue 17 (t17c G1-G7) found leaking of forms fixed before: each pass had its own list
/// of keys, its own idea of what links a key to its value and of a bracketed value, so each fix covered one spelling.
/// These rows hold the one table of keys, the one reading of a link (a separator, a copula, any arrow) and the one
/// reading of a bracket; and the prose and codes that must stay.
/// </summary>
public class SecretRedactorKeyLinkTests
{
    [Theory]
    // G1: a word list's phrase after a token's or a secret's key and a separator goes whole.
    [InlineData("IMAP login failed; secret_key=claw boat broken apology", "IMAP login failed; secret_key=[REDACTED]")]
    [InlineData("IMAP login failed; token: capital come amazing coconut", "IMAP login failed; token: [REDACTED]")]
    [InlineData("IMAP login failed; token: capital come amazing coconut กรุณาตรวจสอบ", "IMAP login failed; token: [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("IMAP login failed; passphrase ฯ claw boat broken apology", "IMAP login failed; passphrase ฯ [REDACTED]")]
    // G2: any arrow is the link, never the value, before one run or a phrase.
    [InlineData("IMAP login failed; password >> Claw8842!zz", "IMAP login failed; password >> [REDACTED]")]
    [InlineData("IMAP login failed; password =>> Claw8842!zz", "IMAP login failed; password =>> [REDACTED]")]
    [InlineData("IMAP login failed; password ->> Claw8842!zz", "IMAP login failed; password ->> [REDACTED]")]
    [InlineData("IMAP login failed; password —> Claw8842!zz", "IMAP login failed; password -> [REDACTED]")]
    [InlineData("IMAP login failed; password ~> Claw8842!zz", "IMAP login failed; password ~> [REDACTED]")]
    [InlineData("IMAP login failed; password - > Claw8842!zz", "IMAP login failed; password - > [REDACTED]")]
    [InlineData("wallet import failed; mnemonic -:> aim army crawl canyon whisper wrist school forest wealth violet zoo whale (400)", "wallet import failed; mnemonic -:> [REDACTED] (400)")]
    [InlineData("IMAP login failed; passphrase - > claw boat broken apology", "IMAP login failed; passphrase - > [REDACTED]")]
    [InlineData("IMAP login failed; passphrase ->> claw boat broken apology", "IMAP login failed; passphrase ->> [REDACTED]")]
    [InlineData("wallet import failed; mnemonic >> aim army crawl canyon whisper wrist school forest wealth violet zoo whale", "wallet import failed; mnemonic >> [REDACTED]")]
    // G3: Thai "รหัส" with a copula or a quoted password.
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัสคือ Claw8842!zz", "เข้าสู่ระบบไม่สำเร็จ รหัสคือ [REDACTED]")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัส คือ Column85%in", "เข้าสู่ระบบไม่สำเร็จ รหัส คือ [REDACTED]")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัส เป็น baly707YKP", "เข้าสู่ระบบไม่สำเร็จ รหัส เป็น [REDACTED]")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัส \"p@ss5440oz\"", "เข้าสู่ระบบไม่สำเร็จ รหัส \"[REDACTED]\"")]
    // G4: a bracket of any pair, with spaces or quotes inside, after a key, a participle or a key and its status.
    [InlineData("IMAP: passphrase {client base country blur} rejected", "IMAP: passphrase {[REDACTED]} rejected")]
    [InlineData("IMAP: passphrase【avoid bone candy assist】rejected", "IMAP: passphrase【[REDACTED]】rejected")]
    [InlineData("IMAP: the passphrase entered ( bullet awful cart census ) is wrong", "IMAP: the passphrase entered ( [REDACTED] ) is wrong")]
    [InlineData("IMAP: passphrase (\"cart cloth another crane\") rejected", "IMAP: passphrase (\"[REDACTED]\") rejected")]
    [InlineData("IMAP: the passphrase you typed <consider cheap click auto> is wrong", "IMAP: the passphrase you typed <[REDACTED]> is wrong")]
    [InlineData("IMAP: password (abstract afford bronze clown) is wrong", "IMAP: password ([REDACTED]) is wrong")]
    // G5: Thai phrase keys' neighbours and copulas.
    [InlineData("นำเข้ากระเป๋าไม่สำเร็จ วลีสำรอง: canyon whisper wrist school", "นำเข้ากระเป๋าไม่สำเร็จ วลีสำรอง: [REDACTED]")]
    [InlineData("นำเข้ากระเป๋าไม่สำเร็จ คำกู้คืน: canyon whisper wrist school กรุณาตรวจสอบ", "นำเข้ากระเป๋าไม่สำเร็จ คำกู้คืน: [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("login failed passphrase ที่ใช้คือ canyon whisper wrist school", "login failed passphrase ที่ใช้คือ [REDACTED]")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ วลีรหัสผ่านได้แก่ canyon whisper wrist school forest wealth violet zoo whale achieve accident garden", "เข้าสู่ระบบไม่สำเร็จ วลีรหัสผ่านได้แก่ [REDACTED]")]
    // G6: a restore phrase; a wallet's whole phrase (twelve word-list words or more) after a phrase key and a space.
    [InlineData("wallet import failed: restore phrase: forest wealth violet zoo whale achieve accident garden lemon button cherry ladder (400)", "wallet import failed: restore phrase: [REDACTED] (400)")]
    [InlineData("wallet import failed: seed phrase forest wealth violet zoo whale achieve accident garden lemon button cherry ladder (400)", "wallet import failed: seed phrase [REDACTED] (400)")]
    [InlineData("wallet import failed: mnemonic forest wealth violet zoo whale achieve accident garden lemon button cherry ladder", "wallet import failed: mnemonic [REDACTED]")]
    // G7: a phrase joined by '.', '_', '+', '~' or '·' as by a hyphen, whatever its last word's ending.
    [InlineData("IMAP login failed: passphrase is cream_artist_bargain_cooked (535)", "IMAP login failed: passphrase is [REDACTED] (535)")]
    [InlineData("IMAP login failed: passphrase is cream.artist.bargain.cooking (535)", "IMAP login failed: passphrase is [REDACTED] (535)")]
    [InlineData("IMAP login failed: passphrase is capital~angle~acquire~able (535)", "IMAP login failed: passphrase is [REDACTED] (535)")]
    [InlineData("IMAP login failed: passphrase is cost+brain+catch+auction (535)", "IMAP login failed: passphrase is [REDACTED] (535)")]
    [InlineData("IMAP login failed: passphrase is cream·artist·bargain·cooked (535)", "IMAP login failed: passphrase is [REDACTED] (535)")]
    // G8: a wallet's whole phrase (twelve lower-case words or more) may hold BIP39 words a sentence goes on with.
    [InlineData("wallet import failed: seed phrase bread balance cake catalog bag actor can cup asset confirm apart acoustic (400)", "wallet import failed: seed phrase [REDACTED] (400)")]
    [InlineData("wallet import failed: mnemonic adapt blade because clock actress chat analyst bargain asset battle arena always (400)", "wallet import failed: mnemonic [REDACTED] (400)")]
    [InlineData("wallet import failed: 12 word phrase: again best crystal alpha choice chalk cushion amateur crawl cook color bottom (400)", "wallet import failed: 12 word phrase: [REDACTED] (400)")]
    public void ASecretAfterAnyKeyOfTheTableAndAnyLinkIsRedactedWhole(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Theory]
    // Prose about a key, states, and codes: each stays.
    [InlineData("The seed phrase must have 12 or 24 words.")]
    [InlineData("Enter the seed phrase you wrote down when you created the wallet")]
    [InlineData("a mnemonic device helps support staff remember the steps of the setup")]
    [InlineData("seed phrase import failed for wallet 3 of the tenant")]
    [InlineData("Random seed: 12345")]
    [InlineData("passphrase: wrong")]
    [InlineData("Passphrase was wrong.")]
    [InlineData("token: expired")]
    [InlineData("token: invalid or expired")]
    [InlineData("access token: missing from the request")]
    [InlineData("secret: not found")]
    [InlineData("api key: not found for this tenant")]
    [InlineData("The token was refused by the server again")]
    [InlineData("token is valid for thirty minutes")]
    [InlineData("password reset link sent to the shop owner")]
    [InlineData("password -> not set")]
    [InlineData("password (optional) is missing")]
    [InlineData("password (at least 12 characters) is required")]
    [InlineData("Key Vault: secret 'shopee-partner-key' not found")]
    [InlineData("ร้าน รหัสร้าน 12345 ไม่พบ")]
    [InlineData("สินค้า รหัสสินค้า ABC-123 หมด")]
    [InlineData("ที่อยู่ รหัสไปรษณีย์ 10110")]
    [InlineData("รหัสเป็นตัวเลข 6 หลัก")]
    [InlineData("วลีสำรองไม่ถูกต้อง กรุณาตรวจสอบอีกครั้ง")]
    [InlineData("คำกู้คืนต้องมี 12 คำ")]
    [InlineData("redirect: see https://example.com/docs >> retry later")]
    // Twelve words or more with a sentence's article, pronoun or copula among them are prose, whatever else they hold.
    [InlineData("seed phrase import failed again because wallet service can not reach the node for this tenant today")]
    [InlineData("mnemonic check failed again because words were typed in wrong order by support staff during import")]
    [InlineData("token: invalid because the user was removed")]
    public void ProseStatesAndCodesAfterAKeyStay(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}
