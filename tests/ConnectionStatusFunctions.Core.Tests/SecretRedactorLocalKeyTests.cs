using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

// Key words of Thai and Vietnamese support messages: their values go, the words around them stay.
public class SecretRedactorLocalKeyTests
{
    // {0} is a fresh random secret; the expected text has [REDACTED] in its place.
    [Theory]
    [InlineData("คีย์ลับ: {0}")]
    [InlineData("รหัสลับของแอป: {0}")]
    [InlineData("รหัสยืนยัน: {0}")]
    [InlineData("คีย์ API {0} ถูกยกเลิกแล้ว")]
    [InlineData("Access Token ของร้านคือ {0}")]
    [InlineData("token ใหม่คือ {0} ใช้ได้ 30 วัน")]
    [InlineData("app secret ของ Shopee คือ {0}")]
    [InlineData("รหัสผ่าน (ชั่วคราว) {0}")]
    [InlineData("Mật khẩu tạm thời: {0}")]
    [InlineData("Mật khẩu của bạn là: {0}")]
    [InlineData("Mật khẩu mới là {0}, vui lòng đổi sau khi đăng nhập")]
    [InlineData("mật khẩu đã được đổi thành {0}")]
    [InlineData("Token truy cập: {0}")]
    [InlineData("Mã truy cập {0} đã hết hạn")]
    [InlineData("Token của cửa hàng là {0}")]
    [InlineData("Khóa bí mật: {0} không hợp lệ")]
    [InlineData("Mã bảo mật: {0} không đúng")]
    [InlineData("khoá API = {0}")]
    [InlineData("Mat khau moi: {0}")]
    [InlineData("MK: {0}")]
    [InlineData("Sai thông tin đăng nhập: tk shop01 mk {0}")]
    public void AThaiOrVietnameseKeyLosesItsValue(string template)
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var secret = RandomToken(new Random(seed * 7919 + template.Length), 12);

            var redacted = SecretRedactor.Redact(string.Format(template, secret));

            Assert.Equal(string.Format(template, SecretRedactor.Marker), redacted);
        }
    }

    // Ordinary Thai and Vietnamese support messages with the same key words, ids, paths and times stay as written.
    [Theory]
    [InlineData("คีย์ API ถูกยกเลิกแล้ว กรุณาสร้างใหม่")]
    [InlineData("คีย์ API LINE หมดอายุ")]
    [InlineData("รหัสยืนยันไม่ถูกต้อง กรุณาลองใหม่")]
    [InlineData("token ใหม่คือ หมดอายุ")]
    [InlineData("Token của cửa hàng đã hết hạn, vui lòng kết nối lại shopee-vn-000123")]
    [InlineData("Mã truy cập đã hết hạn lúc 10:42")]
    [InlineData("Khóa bí mật không hợp lệ")]
    [InlineData("Mật khẩu mới là bắt buộc")]
    [InlineData("Vui lòng nhập mật khẩu của bạn")]
    [InlineData("MK: sai")]
    [InlineData("Mk tool v2.1 failed at /var/log/shop/2026-11-30.log")]
    [InlineData("password: required")]
    [InlineData("Open https://seller.shopee.co.th/portal/settings to reconnect")]
    public void OrdinaryMessagesWithTheseKeyWordsStay(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));

    private static string RandomToken(Random random, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }
}
