using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Compound keys: a last word "key", "code" or HMAC is a secret when its qualifier says so (partner, encrypt, session,
/// subscription, AES...), and stays when the qualifier names an ordinary key (sort, primary, partition, row, app).
/// </summary>
public class SecretRedactorQualifiedKeyTests
{
    [Theory]
    [InlineData("partner_key", true)]
    [InlineData("partnerKey", true)]
    [InlineData("PartnerKey", true)]
    [InlineData("SHOPEE_PARTNER_KEY", true)]
    [InlineData("encrypt_key", true)]
    [InlineData("encryptionKey", true)]
    [InlineData("session_key", true)]
    [InlineData("sessionKey", true)]
    [InlineData("auth_code", true)]
    [InlineData("authCode", true)]
    [InlineData("EncodingAESKey", true)]
    [InlineData("hmac", true)]
    [InlineData("X-Hmac", true)]
    [InlineData("Ocp-Apim-Subscription-Key", true)]
    [InlineData("signing_key", true)]
    [InlineData("master-key", true)]
    [InlineData("sort_key", false)]
    [InlineData("primary_key", false)]
    [InlineData("partition_key", false)]
    [InlineData("row_key", false)]
    [InlineData("app_key", false)]
    [InlineData("AppKey", false)]
    [InlineData("hmac_algorithm", false)]
    [InlineData("error_code", false)]
    public void AQualifierDecidesWhetherACompoundKeyNamesASecret(string key, bool secret) =>
        Assert.Equal(secret, SecretRedactor.IsSecretKey(key));

    [Theory]
    [InlineData("Shopee GET /api/v2/shop/get_shop_info?partner_id=2001234&shop_id=123456 returned error_auth")]
    [InlineData("Table query failed: PartitionKey eq 'shopee-th-000123' and RowKey eq 'acme' (404)")]
    [InlineData("DynamoDB: sort_key=2026-11-30 primary_key=shopee-th-000123 partition_key=acme row_key=000123")]
    [InlineData("TikTok Shop sign_method=HmacSHA256 mismatch for app_key 6abc1defg2hij")]
    [InlineData("Lazada: AppKey 123456 has no API permission for /order/items/get")]
    [InlineData("webhook hmac_algorithm=sha256 not supported, use v2.3.1")]
    [InlineData("TikTok auth_code: expired, please re-authorize shopee-th-000123")]
    [InlineData("Shopee partner_key: required")]
    [InlineData("session_key: missing; retry at 09:15:00+07:00")]
    [InlineData("Sai partner key, vui lòng kiểm tra lại tại https://partner.shopeemobile.com/console")]
    [InlineData("partner key ไม่ถูกต้อง กรุณาตรวจสอบที่ https://open.shopee.com")]
    public void OrdinaryKeysAndStatesBesideThoseKeysStayAsWritten(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}
