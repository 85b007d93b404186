using System.Globalization;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// A one-time code or PIN written as a number after the word that names it loses the number, with fresh random codes;
/// ordinary numbers (status codes, error numbers, counts, phone numbers, dates) without such a word stay.
/// </summary>
public class SecretRedactorNumericCodeTests
{
    public static TheoryData<string> CodeWordings() =>
    [
        "pin code was {0}",
        "otp was {0}",
        "pin: {0}",
        "verification code is {0}",
        "Bank link failed: PIN {0} locked",
        "your OTP is now {0}. Do not share it",
        "2FA code: {0} rejected",
        "one-time code was {0}",
        "SMS code ({0}) not accepted",
        "security code #{0} expired",
        "passcode {0} refused",
        "otp no. {0} was used",
        "pin was set to {0} by the admin",
    ];

    [Theory]
    [MemberData(nameof(CodeWordings))]
    public void ANumberAfterAWordNamingACodeIsRedacted(string wording)
    {
        var random = new Random(wording.Length * 7919 + wording[0]);
        for (var round = 0; round < 10; round++)
        {
            var code = random.Next(1, 10).ToString(CultureInfo.InvariantCulture) + string.Concat(Enumerable.Range(0, random.Next(3, 10)).Select(_ => random.Next(10)));
            var message = string.Format(CultureInfo.InvariantCulture, wording, code);

            var redacted = SecretRedactor.Redact(message);

            Assert.Equal(string.Format(CultureInfo.InvariantCulture, wording, SecretRedactor.Marker), redacted);
        }
    }

    [Theory]
    [InlineData("HTTP 500 from https://api.line.me/v2/bot/message/push")]
    [InlineData("error 493021 from the gateway")]
    [InlineData("error code 493021 from the gateway")]
    [InlineData("status code 40301 returned")]
    [InlineData("retried 3 times, 493021 rows skipped")]
    [InlineData("otp sent to 0891234567 by SMS")]
    [InlineData("otp expired after 1200 seconds")]
    [InlineData("otp was 12 seconds late")]
    [InlineData("pin code was 2026-11-24 at 09:00")]
    [InlineData("order 12345678 shipped on 2026-11-24")]
    [InlineData("spin 4000 rpm; ping 1234 ms; shipping 56789 parcels; opinion 1234")]
    [InlineData("barcode 4901234567894 scanned")]
    public void OrdinaryNumbersWithoutACodeWordStay(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }

    // Codes as apps and SMS show them: grouped by a space or a '-', in Thai digits, after Thai words linking OTP to it
    // (tester findings F2 and F7 of issue 17).
    [Theory]
    [InlineData("OTP 123 456", "OTP [REDACTED]")]
    [InlineData("OTP 123-456", "OTP [REDACTED]")]
    [InlineData("verification code: 123 456", "verification code: [REDACTED]")]
    [InlineData("your OTP is 12 34 56", "your OTP is [REDACTED]")]
    [InlineData("2FA code 226 733 rejected", "2FA code [REDACTED] rejected")]
    [InlineData("OTP ๑๒๓๔๕๖", "OTP [REDACTED]")]
    [InlineData("OTP: ๑๒๓๔๕๖", "OTP: [REDACTED]")]
    [InlineData("PIN ๔๘๒๑", "PIN [REDACTED]")]
    [InlineData("OTP ของคุณคือ 482193", "OTP ของคุณคือ [REDACTED]")]
    [InlineData("รหัส OTP ของคุณคือ 482193", "รหัส OTP ของคุณคือ [REDACTED]")]
    public void AGroupedOrThaiCodeAfterACodeWordIsRedacted(string message, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(message));
    }

    [Theory]
    [InlineData("pin code was 2026-11-24 at 09:00")]
    [InlineData("otp was 12 seconds late")]
    [InlineData("otp sent to 089 123 4567 by SMS")]
    [InlineData("pin reset at 12:30 by the admin")]
    [InlineData("HTTP 500 from the OTP gateway, error 493021")]
    public void DatesTimesAndPhoneNumbersNearACodeWordStay(string message)
    {
        Assert.Equal(message, SecretRedactor.Redact(message));
    }
}
