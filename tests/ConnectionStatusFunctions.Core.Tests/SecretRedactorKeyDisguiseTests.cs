using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.SecretRedactorSchemeTests;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Keys written so a literal match misses them (an HTML word break, a Unicode hyphen, a space inside the word, a
/// compound ending in "Key") and values linked to their key by a verdict or in brackets; fresh random
/// secrets, and the prose beside them that must stay.
/// </summary>
public class SecretRedactorKeyDisguiseTests
{
    public static TheoryData<string> DisguisedKeyFormats() =>
    [
        "LINE push failed: pass<wbr>word={0} (401)",
        "LINE push failed: pass<wbr/>word: {0}",
        "pass\u2010word={0}",
        "pass\u2011word: {0}",
        "pass word: {0}",
        "login failed: <b>pass</b>word: {0}",
        "login failed: pass<span class=\"x\">word</span>: {0}",
        "pass<!-- -->word={0}",
        "pass\u2013word: {0}",
        "pass\u2212word: {0}",
        "api\u2013key={0}",
        "sessionKey {0} expired",
        "shopSessionKey {0} rejected",
        "partner_key {0} was revoked",
        "accessKey {0} is not valid",
        "verify_token mismatch: {0}",
        "webhook password rejected: {0}",
        "The token provided ({0}) is not valid",
        "the password used ({0}) was wrong",
        "token is not valid: {0}",
        "password was incorrect: {0}",
        "password [{0}] rejected",
        "api key <{0}> revoked",
        "the token supplied [{0}] has expired",
        "password should be {0} for shop01",
        "the password remains {0}",
        "password „{0}“ rejected",
        "password ‹{0}› rejected",
    ];

    [Theory]
    [MemberData(nameof(DisguisedKeyFormats))]
    public void ADisguisedKeyOrALinkedValueIsStillRedacted(string format)
    {
        var secret = RandomSecret(12, format);

        var redacted = SecretRedactor.Redact(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, secret));

        AssertNoFragment(secret, redacted);
    }

    [Theory]
    [InlineData("Invalid token (401) from LINE, channel linenotify-th-000789")]
    [InlineData("The token provided (expired) cannot be used")]
    [InlineData("verify_token mismatch: check the webhook settings")]
    [InlineData("password rejected: too short (min 8)")]
    [InlineData("sort_key 2026-11-30 and app_key 6abc1defg2hij are public")]
    [InlineData("possessionkey count 12")]
    [InlineData("line<wbr>break in display name")]
    [InlineData("Shopee\u2010TH shop re\u2011authorized")]
    [InlineData("Shopee: 09:00\u201317:00 and <b>bold</b> text stay")]
    [InlineData("<b>bold</b><script>window.__pwned='summary'</script> failed")]
    [InlineData("<b>Status</b>: disconnected, <i>retry</i>=false")]
    [InlineData("token is not valid: expired")]
    [InlineData("password [REDACTED] rejected, password <password> is a placeholder, token (id_token) missing")]
    [InlineData("token [expired] for shop shopee-th-000123")]
    public void ProseBesideThoseKeysStays(string message)
    {
        // Markup and look-alike dashes stay as the connector wrote them where they hide no secret.
        Assert.Equal(message, SecretRedactor.Redact(message));
    }
}
