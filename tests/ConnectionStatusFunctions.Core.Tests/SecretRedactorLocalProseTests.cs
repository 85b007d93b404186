using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

// Values after a key that are prose, not a secret, in Thai, Vietnamese and English, and ids that read as words.
public class SecretRedactorLocalProseTests
{
    // A state written in Thai or Vietnamese after a password key: support reads it, so it must stay.
    [Theory]
    [InlineData("mật khẩu: bắt buộc")]
    [InlineData("mật khẩu: không được để trống")]
    [InlineData("Mật khẩu: sai")]
    [InlineData("mật khẩu: không đúng")]
    [InlineData("mật khẩu: hết hạn")]
    [InlineData("Đăng nhập thất bại, mật khẩu: không đúng (shop shopee-vn-000123)")]
    [InlineData("รหัสผ่าน: จำเป็นต้องกรอก")]
    [InlineData("รหัสผ่าน: ไม่ถูกต้อง")]
    [InlineData("รหัสผ่าน: ผิด")]
    [InlineData("รหัสผ่าน: ว่างเปล่า")]
    [InlineData("รหัสผ่าน: หมดอายุ")]
    [InlineData("เข้าสู่ระบบไม่ได้ รหัสผ่าน: ไม่ถูกต้อง เมื่อ 10:42")]
    [InlineData("โทเค็นของร้าน: หมดอายุ")]
    public void AThaiOrVietnameseStateAfterAKeyStays(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));

    // An English phrase about the password, opening with a status word, is no password.
    [Theory]
    [InlineData("password: too short (min 8)")]
    [InlineData("password: too weak")]
    [InlineData("password: contains invalid characters")]
    [InlineData("password: locked after 5 attempts")]
    [InlineData("SMTP password: too short (min 12), set a new one")]
    public void AnEnglishStatusPhraseAfterAPasswordKeyStays(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));

    // One plain word, or a phrase that opens with any other word, may be the password itself.
    [Theory]
    [InlineData("password: sunshine", "password: [REDACTED]")]
    [InlineData("IMAP login with password: sunshinesunshine refused", "IMAP login with password: [REDACTED]")]
    [InlineData("password=correct horse battery staple", "password=[REDACTED]")]
    [InlineData("mật khẩu: Tq9vW3kZ8rLm", "mật khẩu: [REDACTED]")]
    [InlineData("รหัสผ่าน: Tq9vW3kZ8rLm", "รหัสผ่าน: [REDACTED]")]
    public void APasswordThatReadsAsWordsIsStillRedacted(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    // Lower-case words joined to a country code and a number name a channel or a shop.
    [Theory]
    [InlineData("LINE Notify: Invalid access token (status 401), channel linenotify-th-000789")]
    [InlineData("channel tiktokshop-th-000123 failed")]
    [InlineData("channel lazadamall-vn-000123 failed")]
    [InlineData("channel shopeefood-th-000123 failed")]
    [InlineData("store bangkokbeautyshop-th-0001 failed")]
    [InlineData("shops tiktokshop_my_000456 and shopee-th-000123 synced at 10:42")]
    public void ACountryCodedIdStays(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));

    // A Thai key with a possessive and a colon: the words stay, the secret goes.
    [Fact]
    public void AThaiKeyWithAPossessiveAndAColonKeepsItsWordsAndHidesTheSecret()
    {
        var secret = RandomToken(new Random(20261130), 16);

        var redacted = SecretRedactor.Redact($"โทเค็นของร้าน: {secret} ใช้ไม่ได้");

        Assert.Equal("โทเค็นของร้าน: [REDACTED] ใช้ไม่ได้", redacted);
    }

    private static string RandomToken(Random random, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }
}
