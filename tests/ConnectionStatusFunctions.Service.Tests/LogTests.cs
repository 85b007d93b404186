using System.Net;
using System.Text.Json;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>What reaches the logs: structured, with the account named, and never a secret.</summary>
public sealed class LogTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Token = "ya29.a0AfH6SMBx7Qw2pLk9VnR4tZs8YcJm3Ue5Kd1Oq6Wf";
    private const string Password = "Sup3r-S3cret-Passw0rd!";

    [Fact]
    public async Task ReportsRejectionsAndPoisonedMessagesLogNoSecret()
    {
        var logs = new CapturedLogs();
        using var app = new StatusApplication(azurite.ConnectionString, services => services.AddSingleton<ILoggerProvider>(logs));
        var connector = app.ClientWithKey(ConnectorKey);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

        // Applied, rejected (400) and poisoned, each carrying the secrets.
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(connector, "tenant-log", "a", new { status = "error", checkedAt = at, errorCategory = "auth_error", errorMessage = $"401 Bearer {Token} password={Password}" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PatchAsync(connector, "tenant-log", "b", new { status = "error", checkedAt = at, errorCategory = Token, errorMessage = Password })).StatusCode);
        var message = JsonSerializer.Serialize(new { tenantId = "tenant-log", channelAccountId = "c", status = "error", checkedAt = at, errorCategory = "timeout", errorMessage = $"token={Token} pwd={Password}" });
        Assert.Equal(QueuedReportOutcome.Poisoned, await app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(message, 5, CancellationToken.None));
        Assert.Equal(QueuedReportOutcome.Poisoned, await app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync($"{Token} {Password}", 1, CancellationToken.None));

        Assert.Contains(logs.Lines, line => line.Contains("Poisoned a failure report", StringComparison.Ordinal) && line.Contains("DequeueCount=5", StringComparison.Ordinal));
        foreach (var secret in new[] { Token, Password })
        {
            Assert.DoesNotContain(logs.Lines, line => SecretFragments.FirstIn(line, secret) is not null);
        }
    }

    [Fact]
    public async Task AnIdleAppLogsNothingAtInformationForAProbeTickWithNothingDue()
    {
        var logs = new CapturedLogs();
        using var app = new StatusApplication(azurite.ConnectionString, services => services.AddSingleton<ILoggerProvider>(logs));
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-idle", "a", new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O") })).StatusCode);
        // The first round surveys the new tenant; the ones after it are what an idle app does every minute.
        await app.ProbeRoundAsync();
        var before = logs.Lines.Count;

        var round = await app.ProbeRoundAsync();

        Assert.True(round.Tick.Requests > 0, "The tick asked no shard at all.");
        var logged = logs.Lines.Skip(before).Where(line => !line.StartsWith("Debug ", StringComparison.Ordinal) && !line.StartsWith("Trace ", StringComparison.Ordinal)).ToList();
        Assert.True(logged.Count == 0, string.Join("\n", logged));
    }
}
