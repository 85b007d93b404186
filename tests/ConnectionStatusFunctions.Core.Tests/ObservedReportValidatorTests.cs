using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>The validator's typed entry for the service's own sources, beside the text entry connectors use.</summary>
public class ObservedReportValidatorTests
{
    private const string Token = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF";

    [Fact]
    public void AnObservedMessageTooLongForAConnectorIsCutRedactedAndBoundedNotRefused()
    {
        var message = $"401 from LINE, Authorization: Bearer {Token} " + new string('x', ReportValidator.MaxErrorMessageLength);
        var observed = new ObservedReport(ConnectionStatus.Error, T0, ErrorCategory.AuthError, "HTTP_401", message);

        Assert.True(ReportValidator.TryCreate(observed, ReportSource.Probe, Policy, T0, out var report, out var errors));
        Assert.False(ReportValidator.TryCreate(new ReportInput("error", T0.ToString("O"), "auth_error", "HTTP_401", message), ReportSource.Connector, Policy, T0, out _, out var connectorErrors));

        Assert.Empty(errors);
        Assert.Equal(["errorMessage"], connectorErrors.Keys);
        Assert.Equal((ConnectionStatus.Error, T0, ReportSource.Probe, ErrorCategory.AuthError, "HTTP_401"), (report!.Status, report.CheckedAt, report.Source, report.ErrorCategory, report.ErrorCode));
        Assert.DoesNotContain(Token, report.ErrorSummary, StringComparison.Ordinal);
        Assert.StartsWith($"401 from LINE, Authorization: Bearer {SecretRedactor.Marker}", report.ErrorSummary, StringComparison.Ordinal);
        Assert.InRange(report.ErrorSummary!.Length, 1, SecretRedactor.DefaultMaxLength);
    }

    [Fact]
    public void AnObservedReportMeetsTheRulesOfAConnectorsReport()
    {
        var connected = new ObservedReport(ConnectionStatus.Connected, T0);

        Assert.Equal(["errorCategory"], Errors(connected with { Status = ConnectionStatus.Error }));
        Assert.Equal(["errorCategory"], Errors(connected with { ErrorCategory = ErrorCategory.Unknown }));
        Assert.Equal(["errorMessage"], Errors(connected with { ErrorMessage = "oops" }));
        Assert.Equal(["status"], Errors(connected with { Status = ConnectionStatus.Stale }));
        Assert.Equal(["checkedAt"], Errors(connected with { CheckedAt = T0 + Policy.MaxClockSkew + TimeSpan.FromSeconds(1) }));
        Assert.Equal(["errorCode", "reportId", "displayName"], Errors(connected with { ErrorCode = "bad code", ReportId = "bad id", DisplayName = "\u200B" }));
        Assert.Empty(Errors(connected with { DisplayName = " Shop\u0000A ", ReportId = "demo-1", Channel = Channel.Line }));
    }

    [Fact]
    public void ErrorsAreListedInTheOrderOfTheReportsFieldsWhicheverStepFoundThem()
    {
        // The channel is refused while its text is read, the others by the rules after it: the answer still lists them field by field.
        ReportValidator.TryCreate(new ReportInput("connected", T0.ToString("O"), ErrorCode: "bad code", ReportId: "bad id", Channel: "pager"), ReportSource.Connector, Policy, T0, out _, out var errors);

        Assert.Equal(["errorCode", "reportId", "channel"], errors.Keys);
        Assert.Equal("errorCode and errorMessage are only allowed when status is 'error'.", Assert.Single(errors["errorCode"]));
    }

    private static List<string> Errors(ObservedReport observed)
    {
        ReportValidator.TryCreate(observed, ReportSource.Probe, Policy, T0, out _, out var errors);
        return [.. errors.Keys];
    }
}
