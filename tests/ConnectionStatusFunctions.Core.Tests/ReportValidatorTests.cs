using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

// Long because each field's rule is tried at and past its limits, with the message it gives, for both the connector's and the service's own reports.
public class ReportValidatorTests
{
    private static readonly DateTimeOffset Now = T0;

    private static (ConnectionReport? Report, Dictionary<string, string[]> Errors) Validate(ReportInput input)
    {
        ReportValidator.TryCreate(input, ReportSource.Connector, Policy, Now, out var report, out var errors);
        return (report, errors);
    }

    [Fact]
    public void ValidErrorReportIsAcceptedWithARedactedSummary()
    {
        var (report, errors) = Validate(new ReportInput("error", "2026-11-24T16:00:00+07:00", "auth_error", "LINE_401", "401 from LINE, Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", "r-1", "line", "Shop A"));

        Assert.Empty(errors);
        Assert.Equal(ConnectionStatus.Error, report!.Status);
        Assert.Equal(T0, report.CheckedAt);
        Assert.Equal(TimeSpan.FromHours(7), report.CheckedAt.Offset);
        Assert.Equal(ErrorCategory.AuthError, report.ErrorCategory);
        Assert.Equal(Channel.Line, report.Channel);
        Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", report.ErrorSummary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "status")]
    [InlineData("broken", "status")]
    [InlineData("Connected", "status")]
    public void UnknownStatusIsRejectedNamingTheAllowedValues(string? status, string field)
    {
        var (report, errors) = Validate(new ReportInput(status, "2026-11-24T09:00:00Z"));

        Assert.Null(report);
        Assert.Contains("'connected', 'error', 'disconnected'", Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-11-24T09:00:00")]
    [InlineData("2026-11-24")]
    [InlineData("yesterday")]
    [InlineData("1732438800")]
    public void CheckedAtWithoutAnOffsetIsRejected(string? checkedAt)
    {
        var (_, errors) = Validate(new ReportInput("connected", checkedAt));

        Assert.Contains("offset", Assert.Single(errors["checkedAt"]), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckedAtBeyondTheClockSkewIsRejectedButWithinItIsAccepted()
    {
        Assert.Contains("30 seconds ahead", Validate(new ReportInput("connected", "2026-11-24T09:00:31Z")).Errors["checkedAt"][0], StringComparison.Ordinal);
        Assert.Contains("MaxClockSkew", Validate(new ReportInput("connected", "2026-11-24T09:04:50Z")).Errors["checkedAt"][0], StringComparison.Ordinal);
        Assert.Empty(Validate(new ReportInput("connected", "2026-11-24T09:00:30Z")).Errors);
    }

    [Fact]
    public void ErrorWithoutCategoryIsRejected()
    {
        var (_, errors) = Validate(new ReportInput("error", "2026-11-24T09:00:00Z"));

        Assert.Contains("'auth_error', 'webhook_error', 'rate_limit', 'unknown'", errors["errorCategory"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCategoryIsRejectedNamingTheAllowedValues()
    {
        var (_, errors) = Validate(new ReportInput("error", "2026-11-24T09:00:00Z", "timeout"));

        Assert.Contains("'auth_error', 'webhook_error', 'rate_limit', 'unknown'", errors["errorCategory"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorFieldsOnAConnectedReportAreRejected()
    {
        var (_, errors) = Validate(new ReportInput("connected", "2026-11-24T09:00:00Z", "auth_error", "E1", "oops"));

        Assert.True(errors.ContainsKey("errorCategory"));
        Assert.True(errors.ContainsKey("errorCode"));
    }

    [Theory]
    [InlineData("errorCode", "has space")]
    [InlineData("errorCode", "token=abc/def")]
    [InlineData("reportId", "id#1")]
    [InlineData("channel", "LINE")]
    [InlineData("channel", "whatsapp")]
    [InlineData("displayName", "   ")]
    public void UnsafeOrUnknownFieldValuesAreRejectedByName(string field, string value)
    {
        var input = new ReportInput("error", "2026-11-24T09:00:00Z", "unknown",
            ErrorCode: field == "errorCode" ? value : null,
            ReportId: field == "reportId" ? value : null,
            Channel: field == "channel" ? value : null,
            DisplayName: field == "displayName" ? value : null);

        var (report, errors) = Validate(input);

        Assert.Null(report);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void OversizedErrorMessageIsRejected()
    {
        var (_, errors) = Validate(new ReportInput("error", "2026-11-24T09:00:00Z", "unknown", ErrorMessage: new string('x', ReportValidator.MaxErrorMessageLength + 1)));

        Assert.True(errors.ContainsKey("errorMessage"));
    }

    [Theory]
    [InlineData(ReportValidator.MaxErrorMessageLength, true)]
    [InlineData(ReportValidator.MaxErrorMessageLength + 1, false)]
    public void AnErrorMessageIsMeasuredInCharactersNotUtf16Units(int emoji, bool accepted)
    {
        // JSON Schema's maxLength, which the contract states, counts code points: an emoji is one, not two.
        var (report, errors) = Validate(new ReportInput("error", "2026-11-24T09:00:00Z", "unknown", ErrorMessage: string.Concat(Enumerable.Repeat("😀", emoji))));

        Assert.Equal(accepted, report is not null);
        Assert.Equal(accepted ? [] : ["errorMessage"], errors.Keys);
    }

    [Theory]
    [InlineData(ReportValidator.MaxDisplayNameLength, true)]
    [InlineData(ReportValidator.MaxDisplayNameLength + 1, false)]
    public void ADisplayNameIsMeasuredInCharactersNotUtf16Units(int emoji, bool accepted)
    {
        var name = string.Concat(Enumerable.Repeat("😀", emoji));

        var (report, errors) = Validate(new ReportInput("connected", "2026-11-24T09:00:00Z", DisplayName: name));

        Assert.Equal(accepted ? name : null, report?.DisplayName);
        Assert.Equal(accepted ? [] : ["displayName"], errors.Keys);
    }

    [Theory]
    [InlineData("Shop\u202EA")]          // right-to-left override
    [InlineData("Sh\u200Bop A")]         // zero-width space
    [InlineData("Shop\u2066A\u2069")]    // bidi isolate
    [InlineData("Shop\u2028A")]          // line separator
    [InlineData("Shop\u2029A")]          // paragraph separator
    [InlineData("Shop A\U000E0041")]     // tag character
    [InlineData("\u200B\u200D\uFEFF")] // nothing visible at all
    [InlineData("Shop \uE000")]          // private use
    public void DisplayNamesWithHiddenCharactersAreRejected(string name)
    {
        var (report, errors) = Validate(new ReportInput("connected", "2026-11-24T09:00:00Z", DisplayName: name));

        Assert.Null(report);
        Assert.Equal(["displayName"], errors.Keys);
    }

    [Fact]
    public void DisplayNamesWithALoneSurrogateAreRejected()
    {
        // Built here: attribute arguments are stored as UTF-8, which cannot hold a lone surrogate.
        var (report, errors) = Validate(new ReportInput("connected", "2026-11-24T09:00:00Z", DisplayName: "Shop " + '\uD800' + "A"));

        Assert.Null(report);
        Assert.Equal(["displayName"], errors.Keys);
    }

    [Theory]
    [InlineData("\u3164")]                  // Hangul filler
    [InlineData("\u3164\u3164 \uFFA0")]     // Hangul fillers, full and half width
    [InlineData("\u115F\u1160")]            // Hangul choseong and jungseong fillers
    [InlineData("\u2800\u2800\u2800")]      // Braille blank
    [InlineData("\u034F")]                  // combining grapheme joiner
    [InlineData("\uFE0F\u180B")]            // variation selectors
    [InlineData("\u0E49\u0E48")]            // Thai tone marks with no consonant
    [InlineData(" \u0301\u0308 ")]          // Latin combining marks with no letter
    [InlineData("\u3164\u2800\u034F\u0E31")]
    public void DisplayNamesWithNothingVisibleAreRejected(string name)
    {
        var (report, errors) = Validate(new ReportInput("connected", "2026-11-24T09:00:00Z", DisplayName: name));

        Assert.Null(report);
        Assert.Equal(["displayName"], errors.Keys);
        Assert.Contains("visible", Assert.Single(errors["displayName"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Acme\u034F")]             // combining grapheme joiner
    [InlineData("Acme\u3164")]             // Hangul filler
    [InlineData("\u3164Acme")]
    [InlineData("Ac\u115Fme")]             // Hangul choseong filler
    [InlineData("Acme\u2800")]             // Braille blank
    [InlineData("Acme\uFE00")]             // variation selector after a letter
    [InlineData("Acme\uFE0F")]             // even the emoji one, with no emoji before it
    [InlineData("Acme 1\uFE0F")]           // a digit that is no keycap
    [InlineData("Acme\u180B")]             // Mongolian variation selector
    [InlineData("Acme\U000E0100")]         // variation selector outside the Basic Multilingual Plane
    [InlineData("Acme \u2800\uFE0F")]     // the Braille blank is no emoji
    [InlineData("Acme\u200D")]             // a joiner that joins nothing
    [InlineData("\u200DAcme")]
    [InlineData("Ac\u200D\u200Dme")]       // two joiners in a row
    [InlineData("Acme \u200C Shop")]       // a joiner between spaces
    [InlineData("Acme\u200D\u3164")]       // a joiner before a filler
    [InlineData("\U0001D159")]             // the musical null notehead alone
    [InlineData("Acme\U0001D159")]
    [InlineData("Acme\U00016FE4")]         // Khitan small script filler
    public void DisplayNamesThatLookLikeAnotherNameAreRejected(string name)
    {
        var (report, errors) = Validate(new ReportInput("connected", "2026-11-24T09:00:00Z", DisplayName: name));

        Assert.Null(report);
        Assert.Equal(["displayName"], errors.Keys);
    }

    [Theory]
    [InlineData("ร้านค้า ACME (LINE OA)")]
    [InlineData("น้ำใจ ร้านค้า")]
    [InlineData("🛍️")]
    [InlineData("7")]
    [InlineData("#")]
    [InlineData("متجر أكمي")]
    [InlineData("ACME 🛍️ Shop")]
    [InlineData("Café Müller")]
    [InlineData("Acme ❤️")]                 // a symbol with its emoji variation selector
    [InlineData("Acme ☎\uFE0E")]            // and with its text one
    [InlineData("Shop 1️⃣")]                // a keycap
    [InlineData("Sale‼️")]
    [InlineData("فروشگاه\u200Cها")]        // Persian, with a zero-width non-joiner
    [InlineData("ශ්\u200Dරී ලංකා")]         // Sinhala, with a zero-width joiner
    [InlineData("👨\u200D👩\u200D👧")]      // emoji joined into one
    [InlineData("🏳️\u200D🌈")]
    [InlineData("❤️\u200D🔥")]
    [InlineData("👩\u200D💻 Shop")]
    [InlineData("👩🏽\u200D💻 Shop")]          // a skin tone (a modifier symbol) before the joiner
    [InlineData("🧑🏿\u200D🤝\u200D🧑🏻")]
    [InlineData("🏃🏻\u200D♀️")]
    public void DisplayNamesInAnyScriptAreAccepted(string name)
    {
        var (report, errors) = Validate(new ReportInput("connected", "2026-11-24T09:00:00Z", DisplayName: name));

        Assert.Empty(errors);
        Assert.Equal(name, report!.DisplayName);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("2026-10-24T08:59:59Z")]
    public void CheckedAtMoreThanTheMaximumAgeInThePastIsRejected(string checkedAt)
    {
        var (report, errors) = Validate(new ReportInput("connected", checkedAt));

        Assert.Null(report);
        Assert.Contains("30 days in the past", Assert.Single(errors["checkedAt"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12:00:00", "12 hours")]
    [InlineData("01:30:00", "90 minutes")]
    [InlineData("01:00:00", "1 hour")]
    [InlineData("1.12:00:00", "36 hours")]
    [InlineData("7.00:00:00", "7 days")]
    [InlineData("01:00:30", "3630 seconds")]
    public void TheMaximumAgeIsNamedExactlyInTheLargestUnitThatHoldsItWhole(string maxReportAge, string named)
    {
        var age = TimeSpan.Parse(maxReportAge, System.Globalization.CultureInfo.InvariantCulture);
        var policy = new StatusPolicy { MaxReportAge = age };

        ReportValidator.TryCreate(new ReportInput("connected", (Now - age - TimeSpan.FromSeconds(1)).ToString("O")), ReportSource.Connector, policy, Now, out var report, out var errors);

        Assert.Null(report);
        Assert.Contains($"more than {named} in the past", Assert.Single(errors["checkedAt"]), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckedAtJustInsideTheMaximumAgeIsAccepted()
    {
        var (_, errors) = Validate(new ReportInput("connected", "2026-10-25T09:00:00Z"));

        Assert.Empty(errors);
    }

    [Fact]
    public void ControlCharactersAreRemovedFromDisplayNames()
    {
        var (report, _) = Validate(new ReportInput("connected", "2026-11-24T09:00:00Z", DisplayName: "Shop\u0000A\u001b[31m"));

        Assert.Equal("Shop A [31m", report!.DisplayName);
    }

    [Theory]
    [InlineData("tenant-1", true)]
    [InlineData("acct:line.U1234_x", true)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("a#b", false)]
    [InlineData("a?b", false)]
    [InlineData("ไทย", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("...", false)]
    [InlineData("....", false)]
    [InlineData(".a", true)]
    [InlineData("a..", true)]
    [InlineData(".:.", true)]
    public void IdentifiersAreLimitedToTableKeySafeCharacters(string id, bool valid)
    {
        Assert.Equal(valid, Identifier.IsValid(id));
        Assert.False(Identifier.IsValid(new string('a', 129)));
    }

    [Fact]
    public void WireNamesAreSnakeCaseAndParseStrictly()
    {
        Assert.Equal("requires_reauth", WireName.Of(HealthState.RequiresReauth));
        Assert.Equal("tiktok", WireName.Of(Channel.Tiktok));
        Assert.True(WireName.TryParse<ErrorCategory>("rate_limit", out var category));
        Assert.Equal(ErrorCategory.RateLimit, category);
        Assert.False(WireName.TryParse<ErrorCategory>("RateLimit", out _));
    }
}
