using System.Globalization;
using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.SecretRedactorSchemeTests;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A short code in the clause of a secret word, however the clause is worded, in the shops' languages too; the
/// separators, links and quotings of a key that fresh testers wrote and the earlier rules missed. Fresh
/// random secrets, and the prose, ids and names beside them that must stay.
/// </summary>
public class SecretRedactorCodeNearKeyTests
{
    public static TheoryData<string> WordingsAroundACode() =>
    [
        "auth failed: token has expired: {0} for shop01",
        "auth failed: password seems wrong: {0} for shop01",
        "auth failed: the token is no longer valid: {0} for shop01",
        "auth failed: secret is not recognized: {0} for shop01",
        "auth failed: api key was not found: {0} for shop01",
        "auth failed: token is not valid ({0}) for shop01",
        "auth failed: token appears to be invalid: {0} for shop01",
        "auth failed: token was revoked: {0} for shop01",
        "auth failed: password does not match: {0} for shop01",
        "auth failed: token could not be verified: {0} for shop01",
        "auth failed: token invalid because {0} for shop01",
        "auth failed: password incorrect (given {0}) for shop01",
        "auth failed: password was incorrect; got {0} for shop01",
        "login failed: password [[{0}]] rejected",
        "login failed: api key <<{0}>> revoked",
        "login failed: password ['{0}'] rejected",
        "login failed: API Key [{0}] is disabled",
        "login failed: api_key<{0}>revoked",
        "login failed: refresh token [{0}] was already used",
        "container start failed: PGPASS={0} ignored",
        "container start failed: ENV MYSQL_PWD {0} ignored",
        "container start failed: setx MYSQL_PWD {0} ignored",
        "redis.conf rejected: sentinel auth-pass mymaster {0} line 12",
        "command failed: keydb-cli -a {0} info (exit 1)",
        "command failed: db2 connect to shop user db2inst1 using {0} (exit 1)",
        "command failed: xfreerdp /v:h /u:admin /p:{0} (exit 1)",
        "command failed: vault login -method=token token={0} (exit 1)",
        "sync failed: token invalid. Got {0} from the shop",
        "Password rejected. Please check. Sent {0} twice",
        "login failed: password，{0} for shop01",
        "login failed: token»{0}",
        "login failed: api_key×{0}",
        "login failed: token~{0}",
        "login failed: password|{0}",
        "비밀번호 오류 {0}",
        "令牌无效 {0}",
        "トークンが無効です {0}",
        "รหัสผ่านไม่ถูกต้อง {0}",
        "пароль неверный: {0}",
        "kata sandi salah {0}",
        "mot de passe incorrect {0}",
        "Passwort falsch {0}",
        "login failed: password ⊕ {0} for shop01",
        "login failed: token ⇒ {0}",
    ];

    [Theory]
    [MemberData(nameof(WordingsAroundACode))]
    public void ACodeInASecretWordsClauseIsRedactedWhateverTheWording(string format)
    {
        var random = SeededRandom(format);
        var code = RandomCode(random.Next(8, 16), minSwitches: 3, random);

        var redacted = SecretRedactor.Redact(string.Format(CultureInfo.InvariantCulture, format, code));

        AssertNoFragment(code, redacted);
    }

    // An emoji is two UTF-16 units: with spaces around it, it links the key to its value as '⇒' does, and stays; it was
    // taken for the value itself (redacted, and a plain-word value after it read as the key's).
    [Theory]
    [InlineData("login failed: password \U0001F449 {0} for shop01", "login failed: password \U0001F449 {1} for shop01")]
    [InlineData("login failed: token \U0001F511\u27A1 {0} for shop01", "login failed: token \U0001F511\u27A1 {1} for shop01")]
    [InlineData("the secret \U0001F449 {0}", "the secret \U0001F449 {1}")]
    public void AnEmojiBetweenAKeyAndItsValueLinksThemAndStays(string format, string expected)
    {
        var code = RandomCode(12, minSwitches: 3, SeededRandom(format));

        var redacted = SecretRedactor.Redact(string.Format(CultureInfo.InvariantCulture, format, code));

        Assert.Equal(string.Format(CultureInfo.InvariantCulture, expected, code, SecretRedactor.Marker), redacted);
    }

    [Theory]
    [InlineData('\u2261')]
    [InlineData('\u2A75')]
    [InlineData('\u2550')]
    [InlineData('\u0E2F')]
    [InlineData('\u0E5A')]
    [InlineData('\u2250')]
    [InlineData('\u2257')]
    [InlineData('\u225D')]
    [InlineData('\u2E3A')]
    [InlineData('\uFE65')]
    [InlineData('\u226C')]
    [InlineData('\u2192')]
    [InlineData('\u00D7')]
    [InlineData('\u00BB')]
    public void AnyMarkOrSymbolBetweenASecretKeyAndItsValueIsASeparator(char separator)
    {
        var redacted = SecretRedactor.Redact($"sync failed: api_key{separator}correcthorsebattery for shop01");

        Assert.Equal($"sync failed: api_key={SecretRedactor.Marker} for shop01", redacted);
    }

    [Theory]
    [InlineData("login as shop01 (pass {0}) failed")]
    [InlineData("login as shop01 (pw - {0}) failed")]
    [InlineData("login failed; password previously was {0} for shop01")]
    [InlineData("login failed; password changed from x to {0} for shop01")]
    [InlineData("callback https://shop.example.com/cb?state=ok&access%5Ftoken%20%3D%20{0} failed")]
    [InlineData("command failed: keydb-cli -a {0} info (exit 1)")]
    [InlineData("command failed: redis-benchmark -a {0} -q (exit 1)")]
    [InlineData("command failed: unzip -P {0} backup.zip (exit 1)")]
    [InlineData("command failed: ssh-keygen -t ed25519 -N {0} -f key (exit 1)")]
    [InlineData("command failed: ssh-keygen -p -P {0} -N x -f key (exit 1)")]
    [InlineData("command failed: rdesktop -u admin -p {0} h (exit 1)")]
    [InlineData("command failed: ldappasswd -x -D cn=admin -w x -s {0} uid=bob (exit 1)")]
    [InlineData("command failed: helm registry login h -u u -p {0} (exit 1)")]
    [InlineData("command failed: oc login -u dev -p {0} https://api (exit 1)")]
    [InlineData("command failed: twine upload -u __token__ -p {0} dist/* (exit 1)")]
    [InlineData("command failed: dotnet nuget add source s -u u -p {0} --store-password-in-clear-text (exit 1)")]
    [InlineData("command failed: mytool --password {0} --host db (exit 1)")]
    [InlineData("command failed: mytool --pass {0}")]
    [InlineData("command failed: mytool --client-secret {0} --tenant t")]
    [InlineData("command failed: mytool --api-key '{0}'")]
    [InlineData("command failed: mytool --db-password {0}")]
    public void APlainWordPasswordAtThoseLinksAndOptionsIsRedacted(string format)
    {
        var redacted = SecretRedactor.Redact(string.Format(CultureInfo.InvariantCulture, format, "correcthorsebattery"));

        AssertNoFragment("correcthorsebattery", redacted);
    }

    [Theory]
    [InlineData("login failed with password \\\"{0}\\\" for shop01")]
    [InlineData("login failed with password of \"{0}\" for shop01")]
    public void AQuotedPhraseAfterAPasswordWordIsRedacted(string format)
    {
        var redacted = SecretRedactor.Redact(string.Format(CultureInfo.InvariantCulture, format, "correct horse battery staple"));

        Assert.DoesNotContain("horse", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("battery", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Error validating access token: Session has expired (code 190, fbtrace_id A1b2C3d4E5fG6h)")]
    [InlineData("Page 1029384756 is not eligible: PAGES_MESSAGING permission missing (OAuthException, fbtrace_id AbCdEf12)")]
    [InlineData("token refresh failed, request-id Xy7Kp2Qr9Lm3 trace AbC123xYz789")]
    [InlineData("token has expired: please reconnect the shop")]
    [InlineData("token is valid for channel LINE OA Bangkok2024 until 2026-12-01")]
    [InlineData("SMTP AUTH LOGIN 334 VXNlcm5hbWU6 rejected: 535 5.7.8 Authentication failed")]
    [InlineData("passenger list Xk3vR9tLm2 exported")]
    [InlineData("keyboard layout TH2024 and Bangkok99 Shop2024 stay")]
    [InlineData("SKU12345ab Lot2024Q3 out of stock")]
    [InlineData("token rejected, request_id=Ab12Cd34Ef56")]
    [InlineData("password reset for order #TH2024A99bC")]
    [InlineData("password - reset required")]
    [InlineData("password ≠ confirmation")]
    [InlineData("token ≈ valid until midnight")]
    [InlineData("api key • rotated • notified")]
    [InlineData("mytool --password-file /etc/shop/pw --password-policy strict --force-with-lease")]
    [InlineData("mytool --password --host db01")]
    [InlineData("mytool --token-expiry 3600 --auth-method sso --pass-through enabled --secret-name shop-db --api-key-id 42")]
    [InlineData("the --password option is deprecated: set --api-key in the config")]
    [InlineData("upstream echoed ExpiredTokenException for shop shopee-th-000123")]
    [InlineData("token signed with key id 7f3a9c2e1b4d, kid Ab3dE5fG9hK2 in the header")]
    public void IdsNamesAndProseBesideSecretWordsStay(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    /// <summary>
    /// A random code of capitals, small letters and digits, all three present, switching between them at least
    /// <paramref name="minSwitches"/> times: the kind of code the rule describes.
    /// </summary>
    private static string RandomCode(int length, int minSwitches, Random random)
    {
        while (true)
        {
            var code = RandomSecret(length, random);
            if (code.Any(char.IsAsciiLetterUpper) && code.Any(char.IsAsciiLetterLower) && code.Any(char.IsAsciiDigit) && Switches(code) >= minSwitches)
            {
                return code;
            }
        }
    }

    private static int Switches(string code)
    {
        static int Kind(char c) => char.IsAsciiLetterUpper(c) ? 1 : char.IsAsciiLetterLower(c) ? 2 : 3;
        var switches = 0;
        for (var i = 1; i < code.Length; i++)
        {
            switches += Kind(code[i]) != Kind(code[i - 1]) ? 1 : 0;
        }

        return switches;
    }
}
