using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.Reports;

namespace ConnectionStatusFunctions.Core.Tests;

public class StatusChangeTests
{
    [Fact]
    public void AFirstStateIsAChangeFromNothing()
    {
        var first = ((ConnectionState?)null).Apply(Connected(T0));

        var change = StatusChange.Between(null, first);

        Assert.Equal(new StatusChange(T0, null, ConnectionStatus.Connected, null, null, null, ReportSource.Connector), change);
    }

    [Fact]
    public void TheSameStatusAndCategoryAgainIsNoChange()
    {
        var failing = ((ConnectionState?)null).Apply(Failed(T0, ErrorCategory.AuthError));

        Assert.Null(StatusChange.Between(failing, failing.Apply(Failed(T0.AddMinutes(1), ErrorCategory.AuthError))));
        var connected = ((ConnectionState?)null).Apply(Connected(T0));
        Assert.Null(StatusChange.Between(connected, connected.Apply(Connected(T0.AddMinutes(1)))));
    }

    [Fact]
    public void AnotherErrorCategoryIsAChangeThatCarriesTheNewError()
    {
        var auth = ((ConnectionState?)null).Apply(Failed(T0, ErrorCategory.AuthError));
        var webhook = auth.Apply(Failed(T0.AddMinutes(1), ErrorCategory.WebhookError, code: "WH_502"));

        var change = StatusChange.Between(auth, webhook);

        Assert.Equal(new StatusChange(T0.AddMinutes(1), ConnectionStatus.Error, ConnectionStatus.Error, ErrorCategory.WebhookError, "WH_502", $"failed at {T0.AddMinutes(1):O}", ReportSource.Connector), change);
    }

    [Fact]
    public void ARecoveryCarriesNoErrorEvenThoughTheStateKeepsTheLastOne()
    {
        var failing = ((ConnectionState?)null).Apply(Failed(T0, ErrorCategory.AuthError, code: "X"));
        var recovered = failing.Apply(Connected(T0.AddMinutes(1)));

        var change = StatusChange.Between(failing, recovered);

        Assert.Equal(ErrorCategory.AuthError, recovered.ErrorCategory);
        Assert.Equal(new StatusChange(T0.AddMinutes(1), ConnectionStatus.Error, ConnectionStatus.Connected, null, null, null, ReportSource.Connector), change);
    }
}
