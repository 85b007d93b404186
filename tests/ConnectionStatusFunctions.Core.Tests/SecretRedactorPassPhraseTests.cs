using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A pass phrase, a secret, seed or recovery phrase, seed words or a mnemonic, after any of the separators a password's
/// key has (':', '=', a verb, an arrow, Thai's copula or paiyannoi, full-width forms), quoted or not: the quoted phrase
/// goes whole, an unquoted one to the end of its clause (a fresh tester of issue 17 found "Passphrase was correct horse
/// battery staple" and 'pass phrase is "a long phrase here"' stored whole). Prose about a phrase key stays.
/// </summary>
public class SecretRedactorPassPhraseTests
{
    [Theory]
    [InlineData("Passphrase was correct horse battery staple", "Passphrase was [REDACTED]")]
    [InlineData("pass phrase is \"a long phrase here\"", "pass phrase is \"[REDACTED]\"")]
    [InlineData("ssh-add: passphrase was correct horse battery staple (bad key)", "ssh-add: passphrase was [REDACTED] (bad key)")]
    [InlineData("the passphrase is correct horse battery staple, retry", "the passphrase is [REDACTED], retry")]
    [InlineData("my passphrase is correct horse battery staple. Please rotate it", "my passphrase is [REDACTED] Please rotate it")]
    [InlineData("new passphrase is 'correct horse battery staple'", "new passphrase is '[REDACTED]'")]
    [InlineData("old pass-phrase was correct horse battery staple; rotated", "old pass-phrase was [REDACTED]; rotated")]
    // A line break reads as a space before any rule (so it cannot split a secret): the phrase goes on over it.
    [InlineData("pass_phrase was set to correct horse battery\nstaple", "pass_phrase was set to [REDACTED]")]
    [InlineData("passPhrase is correct horse battery staple", "passPhrase is [REDACTED]")]
    [InlineData("PASSPHRASE WAS correct horse battery staple", "PASSPHRASE WAS [REDACTED]")]
    [InlineData("secret phrase is correct horse battery staple", "secret phrase is [REDACTED]")]
    [InlineData("secret phrase: correct horse battery staple", "secret phrase: [REDACTED]")]
    [InlineData("secret phrase=correct horse battery staple", "secret phrase=[REDACTED]")]
    [InlineData("recovery phrase was correct horse battery staple", "recovery phrase was [REDACTED]")]
    [InlineData("seed phrase is abandon ability able about above absent absorb abstract absurd abuse access accident", "seed phrase is [REDACTED]")]
    [InlineData("seed words are correct horse battery staple", "seed words are [REDACTED]")]
    [InlineData("mnemonic was correct horse battery staple", "mnemonic was [REDACTED]")]
    [InlineData("passphrase was sunflowerzz", "passphrase was [REDACTED]")]
    [InlineData("passphrase → correct horse battery staple", "passphrase → [REDACTED]")]
    [InlineData("passphrase คือ correct horse battery staple", "passphrase คือ [REDACTED]")]
    [InlineData("passphraseฯcorrect horse battery staple", "passphrase=[REDACTED]")]
    [InlineData("passphrase：correct horse battery staple", "passphrase:[REDACTED]")]
    public void APhraseAfterAPhraseKeyIsRedactedToTheEndOfItsClause(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Fact]
    public void AnUnquotedPhraseEndsAfterTwentyFourWords()
    {
        var words = string.Join(' ', Enumerable.Range(0, 26).Select(i => "word" + (char)('a' + i)));
        Assert.Equal("mnemonic is [REDACTED] wordy wordz", SecretRedactor.Redact("mnemonic is " + words));
    }

    [Theory]
    [InlineData("the passphrase prompt appeared")]
    [InlineData("passphrase required")]
    [InlineData("passphrase required for key id_rsa")]
    [InlineData("mnemonic device")]
    [InlineData("passphrase is incorrect")]
    [InlineData("passphrase was too short")]
    [InlineData("passphrase was not accepted by the agent")]
    [InlineData("passphrase was updated by the admin")]
    [InlineData("passphrase was changed at 09:00 by admin")]
    [InlineData("passphrase was correct but the key is locked")]
    [InlineData("recovery phrase not found")]
    [InlineData("seed words: missing")]
    [InlineData("วลีรหัสผ่าน ไม่ถูกต้อง กรุณาลองใหม่")]
    [InlineData("กรุณาป้อนวลีรหัสผ่านเพื่อปลดล็อกกุญแจ")]
    public void ProseAboutAPhraseKeyStays(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}

/// <summary>
/// A phrase whose clause goes on in another script (Thai connectors write "... กรุณาตรวจสอบ", please check): it was
/// read with that text as local prose and stayed whole (a fresh tester of issue 17, F1). The ASCII words are the value,
/// redacted alone; the other script's text stays.
/// </summary>
public class SecretRedactorPhraseBeforeOtherScriptTests
{
    [Theory]
    [InlineData("IMAP login failed: passphrase: canyon whisper wrist school กรุณาตรวจสอบ", "IMAP login failed: passphrase: [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("IMAP login failed; mnemonic is cloud ocean island lemon 再試行してください", "IMAP login failed; mnemonic is [REDACTED] 再試行してください")]
    [InlineData("IMAP login failed: secret phrase: cloud ocean island lemon 请重试", "IMAP login failed: secret phrase: [REDACTED] 请重试")]
    [InlineData("IMAP login failed: password: canyon whisper wrist school กรุณาตรวจสอบ", "IMAP login failed: password: [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("IMAP login failed: client_secret=canyon whisper wrist school กรุณาตรวจสอบ", "IMAP login failed: client_secret=[REDACTED] กรุณาตรวจสอบ")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ passphrase คือ canyon whisper wrist school กรุณาตรวจสอบ", "เข้าสู่ระบบไม่สำเร็จ passphrase คือ [REDACTED] กรุณาตรวจสอบ")]
    // Vietnamese writes some words without marks: "vui" cannot be told from the phrase's words, and goes with them.
    [InlineData("IMAP login failed; Passphrase was thunder mango valley battery vui lòng thử lại", "IMAP login failed; Passphrase was [REDACTED] lòng thử lại")]
    public void ThePhraseIsRedactedUpToTheOtherScript(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Theory]
    // A state before the other script is prose, as it is alone.
    [InlineData("IMAP login failed: password: wrong กรุณาตรวจสอบ")]
    [InlineData("IMAP login failed: password: too short กรุณาตรวจสอบ")]
    [InlineData("passphrase was not accepted กรุณาลองใหม่")]
    // One unmarked word before Vietnamese is read with it ("sai rồi", wrong).
    [InlineData("IMAP login failed: password: sai rồi")]
    [InlineData("passphrase ไม่ถูกต้อง กรุณาลองใหม่")]
    public void AStateBeforeTheOtherScriptStays(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}

/// <summary>
/// Sentences about a password or a phrase key whose words read like its value were redacted (a fresh tester of issue
/// 17, F7a): their opening words are a sentence's grammar (please, a negation, the key named again, a verb after a
/// modal), which a pass phrase's words are not. A phrase of other words after the same keys and links still goes.
/// </summary>
public class SecretRedactorProseAboutAKeyTests
{
    [Theory]
    [InlineData("Invalid passphrase: the passphrase is too short (minimum 12 characters).")]
    [InlineData("The seed phrase must have 12 or 24 words.")]
    [InlineData("The mnemonic is invalid: word 7 is not in the word list.")]
    [InlineData("Seed words are not valid BIP39 words.")]
    [InlineData("Passphrase: please enter it again.")]
    [InlineData("The secret phrase is shown only once when you create the wallet.")]
    [InlineData("Your password will expire in 3 days.")]
    [InlineData("The password must contain 8 characters")]
    [InlineData("password: your password does not match")]
    public void ASentenceAboutTheKeyStays(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));

    [Theory]
    [InlineData("passphrase: the quick brown fox jumps", "passphrase: [REDACTED]")]
    [InlineData("password will be sunflower", "password will be [REDACTED]")]
    [InlineData("passphrase must be canyon whisper wrist school", "passphrase must be [REDACTED]")]
    [InlineData("passphrase must have been canyon whisper wrist school", "passphrase must have been [REDACTED]")]
    [InlineData("mnemonic is canyon not river lemon", "mnemonic is [REDACTED]")]
    [InlineData("Passphrase: canyon please river lemon", "Passphrase: [REDACTED]")]
    public void APhraseOfOtherWordsAfterTheSameKeysGoes(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));
}
