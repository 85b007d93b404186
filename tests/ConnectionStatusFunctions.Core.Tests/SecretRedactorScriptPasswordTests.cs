using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A password written in a script without spaces between words (Thai, Chinese, Japanese) after a password or secret key
/// is the password; a state or a sentence about the key in that script stays (tester finding F10 of issue 17).
/// </summary>
public class SecretRedactorScriptPasswordTests
{
    [Theory]
    [InlineData("password=ฟหกดเสวง", "password=[REDACTED]")]
    [InlineData("{\"password\":\"ฟหกดเสวง\"}", "{\"password\":\"[REDACTED]\"}")]
    [InlineData("password: สวัสดีครับ123", "password: [REDACTED]")]
    [InlineData("pwd: ฟหกด่าสวง", "pwd: [REDACTED]")]
    [InlineData("รหัสผ่าน ฟหกดเสวง", "รหัสผ่าน [REDACTED]")]
    [InlineData("รหัสผ่าน=ฟหกดเสวง", "รหัสผ่าน=[REDACTED]")]
    [InlineData("รหัสผ่าน: สวัสดีครับ123", "รหัสผ่าน: [REDACTED]")]
    [InlineData("รหัสผ่าน: ฟหกด่าสวง", "รหัสผ่าน: [REDACTED]")]
    [InlineData("รหัสผ่านคือ ทะเลสาบสีคราม", "รหัสผ่านคือ [REDACTED]")]
    [InlineData("รหัสผ่านคือ ทะเลสาบสีคราม นะครับ", "รหัสผ่านคือ [REDACTED] นะครับ")]
    [InlineData("password: 密码测试一二三四", "password: [REDACTED]")]
    [InlineData("password: パスワードテスト", "password: [REDACTED]")]
    [InlineData("client_secret: ฟหกดเสวง (400)", "client_secret: [REDACTED] (400)")]
    [InlineData("token: ฟหกดเสวง", "token: [REDACTED]")]
    public void APasswordInAScriptWithoutSpacesIsRedactedWhole(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("รหัสผ่าน: ไม่ถูกต้อง")]
    [InlineData("รหัสผ่าน: หมดอายุ")]
    [InlineData("password: ไม่ถูกต้อง")]
    [InlineData("password=ผิด")]
    [InlineData("{\"password\":\"ต้องมีอย่างน้อย 8 ตัวอักษร\"}")]
    [InlineData("รหัสผ่านไม่ถูกต้อง")]
    [InlineData("รหัสผ่านหมดอายุ กรุณาตั้งใหม่")]
    [InlineData("รหัสผ่านสำหรับ LINE ถูกเปลี่ยนแล้ว")]
    [InlineData("password: 错误")]
    [InlineData("password: 密码错误，请重试")]
    [InlineData("password: 無効です")]
    [InlineData("token: 期限切れ")]
    [InlineData("password: 만료됨")]
    [InlineData("โทเค็น: ใช้ไม่ได้")]
    public void AStateOrASentenceInThoseScriptsStays(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }
}
