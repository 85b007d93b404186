using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Pass phrases a fresh tester of issue 17 found stored whole or in part (t17b F2-F6): after Thai phrase and password
/// keys and copulas, after neighbours of the phrase keys, after arrows of several strokes, joined by hyphens, opening
/// with a state word, in brackets; and a password after Thai "รหัส". Each with the prose and codes that must stay.
/// </summary>
public class SecretRedactorPhraseNeighbourTests
{
    [Theory]
    // F2: Thai phrase and password keys, the copula เป็น, owner words before คือ.
    [InlineData("เข้าสู่ระบบไม่สำเร็จ วลีรหัสผ่านคือ canyon whisper wrist school", "เข้าสู่ระบบไม่สำเร็จ วลีรหัสผ่านคือ [REDACTED]")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัสผ่านคือ canyon harbor correct tomato กรุณาตรวจสอบ", "เข้าสู่ระบบไม่สำเร็จ รหัสผ่านคือ [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("นำเข้ากระเป๋าไม่สำเร็จ วลีกู้คืน: accident banana lantern ability ticket zoo forest cloud turtle village wing meadow กรุณาตรวจสอบ", "นำเข้ากระเป๋าไม่สำเร็จ วลีกู้คืน: [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("login failed passphrase เป็น canyon whisper wrist school กรุณาตรวจสอบ", "login failed passphrase เป็น [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("login failed passphrase ของร้านคือ canyon whisper wrist school กรุณาตรวจสอบ", "login failed passphrase ของร้านคือ [REDACTED] กรุณาตรวจสอบ")]
    // F3: neighbours of the phrase keys.
    [InlineData("wallet import failed: wallet seed: forest wealth violet zoo whale achieve accident garden lemon button cherry ladder (400)", "wallet import failed: wallet seed: [REDACTED] (400)")]
    [InlineData("wallet import failed: seed: forest wealth violet zoo whale achieve accident garden lemon button cherry ladder (400)", "wallet import failed: seed: [REDACTED] (400)")]
    [InlineData("wallet import failed: backup phrase: forest wealth violet zoo (400)", "wallet import failed: backup phrase: [REDACTED] (400)")]
    [InlineData("wallet import failed: 12-word phrase: forest wealth violet zoo whale achieve accident garden lemon button cherry ladder", "wallet import failed: 12-word phrase: [REDACTED]")]
    [InlineData("wallet import failed: 24-word phrase: forest wealth violet zoo whale achieve accident garden", "wallet import failed: 24-word phrase: [REDACTED]")]
    [InlineData("wallet import failed: recovery key: forest wealth violet zoo whale achieve (400)", "wallet import failed: recovery key: [REDACTED] (400)")]
    [InlineData("wallet import failed: secret words: forest wealth violet zoo (400)", "wallet import failed: secret words: [REDACTED] (400)")]
    // F6: an ASCII arrow of several strokes is the link, not the secret; a hyphen-joined phrase; a state word opening a phrase.
    [InlineData("wallet import failed; mnemonic --> acquire lemon morning copper forest wealth (400)", "wallet import failed; mnemonic --> [REDACTED] (400)")]
    [InlineData("wallet import failed; passphrase --> acquire lemon morning copper (400)", "wallet import failed; passphrase --> [REDACTED] (400)")]
    [InlineData("wallet import failed; passphrase ==> acquire lemon morning copper (400)", "wallet import failed; passphrase ==> [REDACTED] (400)")]
    [InlineData("wallet import failed; password ==> Tr0ub4dor!3 (400)", "wallet import failed; password ==> [REDACTED] (400)")]
    [InlineData("IMAP login failed: passphrase is storm-piano-rabbit-ability (535)", "IMAP login failed: passphrase is [REDACTED] (535)")]
    [InlineData("IMAP login failed: passphrase is brick-zipper-sunset-evening (535)", "IMAP login failed: passphrase is [REDACTED] (535)")]
    [InlineData("IMAP login failed: passphrase: wrong office mountain garden (535)", "IMAP login failed: passphrase: [REDACTED] (535)")]
    [InlineData("IMAP login failed: Passphrase was wrong office mountain garden (535)", "IMAP login failed: Passphrase was [REDACTED] (535)")]
    [InlineData("IMAP login failed: passphrase used: wrong marble market hammer (535)", "IMAP login failed: passphrase used: [REDACTED] (535)")]
    [InlineData("IMAP login failed: passphrase: Wrong Thread Wrong Silver, retry later", "IMAP login failed: passphrase: [REDACTED], retry later")]
    [InlineData("รหัสผ่านคือ hunter2xyz is wrong", "รหัสผ่านคือ [REDACTED] is wrong")]
    [InlineData("env WALLET_PASSPHRASE=wrong ability needle paper", "env WALLET_PASSPHRASE=[REDACTED]")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ วลีรหัสผ่านคือ battery wrong meadow sunset กรุณาตรวจสอบ", "เข้าสู่ระบบไม่สำเร็จ วลีรหัสผ่านคือ [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("IMAP login failed: passphrase -> wrong office valley orange (535)", "IMAP login failed: passphrase -> [REDACTED] (535)")]
    [InlineData("IMAP login failed: passphrase: empty office valley orange (535)", "IMAP login failed: passphrase: [REDACTED] (535)")]
    [InlineData("IMAP login failed: passphrase: reset office valley orange (535)", "IMAP login failed: passphrase: [REDACTED] (535)")]
    // F4: a phrase in brackets after a phrase key or a participle.
    [InlineData("IMAP: the passphrase provided (absurd youth plastic lantern) is wrong", "IMAP: the passphrase provided ([REDACTED]) is wrong")]
    [InlineData("IMAP: the passphrase you entered (absurd youth plastic lantern) is wrong", "IMAP: the passphrase you entered ([REDACTED]) is wrong")]
    [InlineData("IMAP: passphrase (absurd youth plastic lantern) rejected", "IMAP: passphrase ([REDACTED]) rejected")]
    [InlineData("IMAP: passphrase [absurd youth plastic lantern] rejected", "IMAP: passphrase [[REDACTED]] rejected")]
    [InlineData("IMAP: passphrase <absurd youth plastic lantern> rejected", "IMAP: passphrase <[REDACTED]> rejected")]
    // F5: a password's shape after Thai "รหัส", with or without a separator.
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัส: Wallet0285!ze กรุณาตรวจสอบ", "เข้าสู่ระบบไม่สำเร็จ รหัส: [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัส Canyon7whisper! กรุณาตรวจสอบ", "เข้าสู่ระบบไม่สำเร็จ รหัส [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ รหัส=shop#2024x", "เข้าสู่ระบบไม่สำเร็จ รหัส=[REDACTED]")]
    public void APhraseAfterAPhraseKeysNeighbourIsRedactedWhole(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Theory]
    // A state word alone, or followed by fewer than three words of a word list, or by a sentence's words, stays a state.
    [InlineData("IMAP login failed: passphrase: wrong")]
    [InlineData("Passphrase was wrong.")]
    [InlineData("IMAP login failed: Passphrase was wrong village (535)")]
    [InlineData("passphrase: wrong format")]
    [InlineData("Passphrase was wrong for this key")]
    [InlineData("passphrase: reset by the admin yesterday")]
    [InlineData("passphrase: empty or missing in the request")]
    [InlineData("passphrase: Wrong Format For This Key")]
    [InlineData("passphrase was wrong 3 times in 10 minutes")]
    [InlineData("Passphrase was wrong 3 times today")]
    // Prose about a phrase key.
    [InlineData("The seed phrase must have 12 or 24 words.")]
    [InlineData("Invalid passphrase: the passphrase is too short (minimum 12 characters).")]
    [InlineData("Enter the 12-word phrase you wrote down when you created the wallet.")]
    [InlineData("The secret words are shown only once.")]
    [InlineData("Backup phrase: please write it down on paper")]
    [InlineData("wallet seed: not configured for this tenant")]
    [InlineData("Seed phrase: invalid checksum in word list")]
    [InlineData("mnemonic -> not set")]
    [InlineData("passphrase (at least 12 characters) is required")]
    [InlineData("passphrase (optional) is missing")]
    // "seed" of a generator and a disk's "recovery key" take only a wallet's four or more lower-case words.
    [InlineData("Random seed: 12345 for the test run")]
    [InlineData("seed: data loaded successfully")]
    [InlineData("seed: Loaded Demo Tenant With Accounts")]
    [InlineData("recovery key: not found for this device")]
    [InlineData("The recovery key is stored in your account")]
    // Thai codes: a shop's, a product's, a post code, a code named by an acronym, and a code without a password's shape.
    [InlineData("ร้าน รหัสร้าน 12345 ไม่พบ")]
    [InlineData("สินค้า รหัสสินค้า ABC-123 หมด")]
    [InlineData("ที่อยู่ รหัสไปรษณีย์ 10110")]
    [InlineData("รหัส: ABC-123")]
    [InlineData("รหัส TH-00123 ไม่พบ")]
    [InlineData("กรุณาใส่รหัส 6 หลัก")]
    [InlineData("วลีรหัสผ่านสั้นเกินไป กรุณาใช้อย่างน้อย 12 คำ")]
    public void ProseAboutAPhraseKeyAndOrdinaryCodesStay(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}
