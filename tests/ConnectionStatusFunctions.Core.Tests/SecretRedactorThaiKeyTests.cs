using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A symbol between a password key and its value is a separator, not the value; Thai keys with a qualifier word, and
/// the Thai words for a secret, an access code and an access token, lose their value; ordinary Thai and a name after
/// an English password key stay (tester findings F12, F13 and item 7 of issue 17's last round).
/// </summary>
public class SecretRedactorThaiKeyTests
{
    [Theory]
    [InlineData("รหัสผ่าน → riversidezz", "รหัสผ่าน → [REDACTED]")]
    [InlineData("รหัสผ่าน - riversidezz", "รหัสผ่าน - [REDACTED]")]
    [InlineData("รหัสผ่าน – riversidezz", "รหัสผ่าน - [REDACTED]")]
    [InlineData("รหัสผ่าน | riversidezz", "รหัสผ่าน | [REDACTED]")]
    [InlineData("รหัสผ่าน ➜ riversidezz", "รหัสผ่าน ➜ [REDACTED]")]
    [InlineData("รหัสผ่าน >> riversidezz", "รหัสผ่าน >> [REDACTED]")]
    [InlineData("รหัสผ่าน ... riversidezz", "รหัสผ่าน ... [REDACTED]")]
    [InlineData("รหัสผ่าน → ฟหกดเสวง", "รหัสผ่าน → [REDACTED]")]
    [InlineData("password -> riversidezz", "password -> [REDACTED]")]
    [InlineData("password->riversidezz", "password->[REDACTED]")]
    [InlineData("password → riversidezz", "password → [REDACTED]")]
    [InlineData("password ⟶ riversidezz", "password ⟶ [REDACTED]")]
    [InlineData("password - riversidezz", "password - [REDACTED]")]
    [InlineData("password⇨ riversidezz", "password⇨ [REDACTED]")]
    [InlineData("password->riversidezz for shop01", "password->[REDACTED] for shop01")]
    public void ASymbolBetweenAPasswordKeyAndItsValueIsASeparator(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("รหัสผ่าน riversidezz", "รหัสผ่าน [REDACTED]")]
    [InlineData("รหัสผ่านเดิม riversidezz", "รหัสผ่านเดิม [REDACTED]")]
    [InlineData("รหัสผ่านร้าน riversidezz", "รหัสผ่านร้าน [REDACTED]")]
    [InlineData("รหัสผ่านที่ใช้ riversidezz", "รหัสผ่านที่ใช้ [REDACTED]")]
    [InlineData("รหัสผ่านแอดมิน riversidezz", "รหัสผ่านแอดมิน [REDACTED]")]
    [InlineData("รหัสผ่าน (ใหม่) riversidezz", "รหัสผ่าน (ใหม่) [REDACTED]")]
    [InlineData("รหัสผ่าน ใหม่ riversidezz", "รหัสผ่าน ใหม่ [REDACTED]")]
    [InlineData("ชื่อผู้ใช้ shop01 รหัสผ่าน riversidezz", "ชื่อผู้ใช้ shop01 รหัสผ่าน [REDACTED]")]
    [InlineData("รหัสผ่านเดิมคือ riversidezz", "รหัสผ่านเดิมคือ [REDACTED]")]
    [InlineData("คีย์ลับ: riversidezz", "คีย์ลับ: [REDACTED]")]
    [InlineData("ความลับ: riversidezz", "ความลับ: [REDACTED]")]
    [InlineData("รหัสเข้าใช้งาน: riversidezz", "รหัสเข้าใช้งาน: [REDACTED]")]
    [InlineData("รหัสเข้าระบบ riversidezz", "รหัสเข้าระบบ [REDACTED]")]
    [InlineData("พาส: riversidezz", "พาส: [REDACTED]")]
    [InlineData("พาสเวิร์ด riversidezz", "พาสเวิร์ด [REDACTED]")]
    [InlineData("โทเค็นเข้าถึง riversidezz", "โทเค็นเข้าถึง [REDACTED]")]
    public void AThaiKeyWithAQualifierOrAThaiSecretWordLosesItsValue(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("รหัสผ่านไม่ถูกต้อง")]
    [InlineData("รหัสผ่านหมดอายุ")]
    [InlineData("รหัสสินค้า 12345678 หมด")]
    [InlineData("รหัสไปรษณีย์ 10110")]
    [InlineData("รหัสร้าน 00123456 ถูกระงับ")]
    [InlineData("รหัสข้อผิดพลาด 401")]
    [InlineData("รหัสผ่านผิด 3 ครั้ง")]
    [InlineData("รหัสผ่านสำหรับ LINE ถูกเปลี่ยน")]
    [InlineData("ความลับทางการค้า")]
    [InlineData("พาสต้า 2 จาน")]
    [InlineData("password Facebook")]
    [InlineData("password LINE")]
    [InlineData("password reset")]
    [InlineData("password for shop01 expired")]
    [InlineData("reset password Google, then retry")]
    public void OrdinaryThaiAndANameAfterAPasswordKeyStay(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }
}
