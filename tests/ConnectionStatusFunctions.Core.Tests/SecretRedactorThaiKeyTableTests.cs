using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// The kinds a fresh generator of issue 17 (item 11, gen3) found still leaking on the one table of keys and links: Thai
/// keys the table lacked (group C), read as their English twins are (a password, token or phrase key); and the Thai prose
/// with the same words, and the codes after "รหัส" alone, that must stay.
/// </summary>
public class SecretRedactorThaiKeyTableTests
{
    [Theory]
    // Secret ("ความลับ") and secret key ("คีย์ลับ"), as "secret" and "secret_key" are: one run or a phrase, any link.
    [InlineData("เข้าสู่ระบบไม่สำเร็จ ความลับคือ cover comic arch aim กรุณาตรวจสอบอีกครั้ง", "เข้าสู่ระบบไม่สำเร็จ ความลับคือ [REDACTED] กรุณาตรวจสอบอีกครั้ง")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ ความลับ Cancel92%ld กรุณาตรวจสอบอีกครั้ง", "เข้าสู่ระบบไม่สำเร็จ ความลับ [REDACTED] กรุณาตรวจสอบอีกครั้ง")]
    // API key in both spellings.
    [InlineData("เข้าสู่ระบบไม่สำเร็จ เอพีไอคีย์คือ Coin3205*yu กรุณาตรวจสอบอีกครั้ง", "เข้าสู่ระบบไม่สำเร็จ เอพีไอคีย์คือ [REDACTED] กรุณาตรวจสอบอีกครั้ง")]
    // The common misspelling of "พาสเวิร์ด", and passcode, as password keys: a plain word after a copula is the password.
    [InlineData("เข้าสู่ระบบไม่สำเร็จ พาสเวิด: Coin3205*yu กรุณาตรวจสอบอีกครั้ง", "เข้าสู่ระบบไม่สำเร็จ พาสเวิด: [REDACTED] กรุณาตรวจสอบอีกครั้ง")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ พาสเวิดคือ sunflower กรุณาตรวจสอบอีกครั้ง", "เข้าสู่ระบบไม่สำเร็จ พาสเวิดคือ [REDACTED] กรุณาตรวจสอบอีกครั้ง")]
    [InlineData("เข้าสู่ระบบไม่สำเร็จ พาสโค้ด ที่ใช้คือ Coin3205*yu กรุณาตรวจสอบอีกครั้ง", "เข้าสู่ระบบไม่สำเร็จ พาสโค้ด ที่ใช้คือ [REDACTED] กรุณาตรวจสอบอีกครั้ง")]
    // Mnemonic, and seed phrase translated and transliterated, as phrase keys.
    [InlineData("นำเข้ากระเป๋าไม่สำเร็จ คำช่วยจำ: canyon whisper wrist school กรุณาตรวจสอบ", "นำเข้ากระเป๋าไม่สำเร็จ คำช่วยจำ: [REDACTED] กรุณาตรวจสอบ")]
    [InlineData("นำเข้ากระเป๋าไม่สำเร็จ วลีเมล็ดพันธุ์คือ canyon whisper wrist school forest wealth violet zoo whale achieve accident garden", "นำเข้ากระเป๋าไม่สำเร็จ วลีเมล็ดพันธุ์คือ [REDACTED]")]
    [InlineData("นำเข้ากระเป๋าไม่สำเร็จ ซีดเฟรส => canyon whisper wrist school", "นำเข้ากระเป๋าไม่สำเร็จ ซีดเฟรส => [REDACTED]")]
    public void AValueAfterAThaiKeyOfTheTableIsRedacted(string message, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(message));

    [Theory]
    // Thai prose with the same words: what a secret is, that a key expired, how long a passcode is.
    [InlineData("ความลับของลูกค้าต้องปลอดภัย")]
    [InlineData("คีย์ลับหมดอายุแล้ว")]
    [InlineData("ความลับทางการค้าต้องเก็บไว้")]
    [InlineData("โปรดเก็บความลับนี้ไว้")]
    [InlineData("ความลับนี้ห้ามบอกใคร")]
    [InlineData("คีย์ API หมดอายุแล้ว กรุณาสร้างใหม่")]
    [InlineData("คีย์ API ของ LINE หมดอายุ")]
    [InlineData("เอพีไอคีย์ไม่ถูกต้อง")]
    [InlineData("พาสเวิดผิด 3 ครั้ง")]
    [InlineData("พาสโค้ดต้องมี 6 หลัก")]
    [InlineData("คำช่วยจำต้องมี 12 คำ")]
    [InlineData("ซีดเฟรสไม่ถูกต้อง")]
    // "รหัส" alone names a code: shop, product and postal codes stay.
    [InlineData("รหัสสินค้า ABC-123")]
    [InlineData("รหัสไปรษณีย์ 10110")]
    [InlineData("รหัสร้าน 12345")]
    public void ThaiProseWithTheKeyWordsStays(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}
