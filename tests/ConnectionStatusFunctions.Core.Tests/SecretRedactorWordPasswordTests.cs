using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A password that is a word, after a password's key and a verb (or a space, at the end of its clause), in English and
/// after a Thai password key; the words that say what a password is stay (tester findings F1, F2 and F8 of issue 17).
/// </summary>
public class SecretRedactorWordPasswordTests
{
    [Theory]
    [InlineData("password was bangkokrainzz", "password was [REDACTED]")]
    [InlineData("password was sunflower!", "password was [REDACTED]")]
    [InlineData("password is bangkokrainzz", "password is [REDACTED]")]
    [InlineData("password bangkokrainzz", "password [REDACTED]")]
    [InlineData("password\tbangkokrainzz", "password [REDACTED]")]
    [InlineData("pass word is bluemoon#77Qa", "pass word is [REDACTED]")]
    [InlineData("pass word is bluemoonzz", "pass word is [REDACTED]")]
    [InlineData("IMAP: the password was Sunflower and the user was shop01", "IMAP: the password was [REDACTED] and the user was shop01")]
    [InlineData("รหัสผ่านคือ sunflower!zz นะครับ", "รหัสผ่านคือ [REDACTED] นะครับ")]
    [InlineData("รหัสลับ riversidezz", "รหัสลับ [REDACTED]")]
    [InlineData("รหัสลับคือ sunflowerzz", "รหัสลับคือ [REDACTED]")]
    [InlineData("รหัสลับ Tr0ub4dor&3", "รหัสลับ [REDACTED]")]
    public void AWordAfterAPasswordKeyIsThePassword(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("password is incorrect")]
    [InlineData("password is expired")]
    [InlineData("password was updated by the admin")]
    [InlineData("password is required for login")]
    [InlineData("password is different from the old one")]
    [InlineData("password is temporary, please change it")]
    [InlineData("password authentication failed for user shop")]
    [InlineData("password expired")]
    [InlineData("password updated")]
    [InlineData("password policy violated")]
    [InlineData("password reset required")]
    [InlineData("password locked after 5 attempts")]
    [InlineData("pass word is wrong")]
    [InlineData("Passwort abgelaufen")]
    [InlineData("kata sandi kedaluwarsa")]
    [InlineData("รหัสผ่าน SMTP ไม่ถูกต้อง")]
    [InlineData("รหัสผ่าน Facebook ไม่ถูกต้อง")]
    [InlineData("รหัสลับ ไม่ถูกต้อง")]
    public void WordsThatSayWhatAPasswordIsStay(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }
}
