using Azure.Data.Tables;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Storage;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The typed entry the service's own sources (probes, the demo seeder) report through.</summary>
public sealed class ObservedReportIntakeTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private const string Token = "Zq3xW9vLk2Pd8sYt4RbN7mHc1FgJ6uEa";
    private static readonly DateTimeOffset Now = TestClock.Start;
    private readonly StatusApplication _app = new StatusApplication(azurite.ConnectionString).UseClock(Now);

    public void Dispose() => _app.Dispose();

    private ReportIntake Intake => _app.Services.GetRequiredService<ReportIntake>();

    [Fact]
    public async Task AProbesMessageIsRedactedAndBoundedOnTheTypedEntry()
    {
        // Longer than a connector may send (which would be refused), as a peer's error page can be.
        var message = $"LINE answered 401: Authorization: Bearer {Token} " + new string('x', ReportValidator.MaxErrorMessageLength * 2);
        var key = new ConnectionKey("tenant-o", "probed");
        // A probe checks an account that exists: its answer never creates one.
        Assert.IsType<ApplyResult.Applied>(await Intake.SubmitAsync(key, new ObservedReport(ConnectionStatus.Connected, Now.AddMinutes(-2)), ReportSource.Connector, CancellationToken.None));

        var result = await Intake.SubmitAsync(key, new ObservedReport(ConnectionStatus.Error, Now.AddMinutes(-1), ErrorCategory.AuthError, "HTTP_401", message), ReportSource.Probe, CancellationToken.None);

        var applied = Assert.IsType<ApplyResult.Applied>(result);
        var summary = applied.Connection.State.ErrorSummary;
        Assert.NotNull(summary);
        Assert.Contains(SecretRedactor.Marker, summary, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, summary, StringComparison.Ordinal);
        Assert.InRange(summary.Length, 1, SecretRedactor.DefaultMaxLength);

        // What storage holds, every column of the row, of its history entry, of its attention index entry and of its event's outbox row.
        var table = new TableClient(azurite.ConnectionString, _app.ConnectionsTable);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == key.TenantId))
        {
            rows.Add(row);
        }

        // The status row, two history entries, the attention index entry, two events' outbox rows.
        Assert.Equal(6, rows.Count);
        Assert.All(rows.SelectMany(row => row.Select(column => column.Value)).OfType<string>(), value => Assert.DoesNotContain(Token, value, StringComparison.Ordinal));
        // The event's document holds the summary among its other fields: the summary in it is what is bounded.
        var cloudEvent = rows.Where(row => row.ContainsKey(nameof(OutboxEntity.CloudEvent))).MaxBy(row => row.RowKey, StringComparer.Ordinal)!.GetString(nameof(OutboxEntity.CloudEvent));
        Assert.Equal(summary, System.Text.Json.JsonDocument.Parse(cloudEvent).RootElement.GetProperty("data").GetProperty("errorSummary").GetString());
        Assert.All(rows.SelectMany(row => row.Where(column => column.Key != nameof(OutboxEntity.CloudEvent)).Select(column => column.Value)).OfType<string>(), value => Assert.True(value.Length <= SecretRedactor.DefaultMaxLength, $"a stored column holds {value.Length} characters"));
    }

    [Fact]
    public async Task TheTypedEntryRefusesBadIdsAndBrokenRulesAndWritesNothing()
    {
        var store = _app.Services.GetRequiredService<ConnectionStore>();
        var fine = new ObservedReport(ConnectionStatus.Connected, Now.AddMinutes(-1));

        var badId = Assert.IsType<ApplyResult.Rejected>(await Intake.SubmitAsync(new ConnectionKey("tenant-o", ".."), fine, ReportSource.Probe, CancellationToken.None));
        var noCategory = Assert.IsType<ApplyResult.Rejected>(await Intake.SubmitAsync(new ConnectionKey("tenant-o", "acct"), fine with { Status = ConnectionStatus.Error }, ReportSource.Probe, CancellationToken.None));
        var notReportable = Assert.IsType<ApplyResult.Rejected>(await Intake.SubmitAsync(new ConnectionKey("tenant-o", "acct"), fine with { Status = ConnectionStatus.Stale }, ReportSource.Probe, CancellationToken.None));
        var future = Assert.IsType<ApplyResult.Rejected>(await Intake.SubmitAsync(new ConnectionKey("tenant-o", "acct"), fine with { CheckedAt = Now.AddHours(1) }, ReportSource.Probe, CancellationToken.None));

        Assert.Equal(["channelAccountId"], badId.Errors.Keys);
        Assert.Equal(["errorCategory"], noCategory.Errors.Keys);
        Assert.Equal(["status"], notReportable.Errors.Keys);
        Assert.Equal(["checkedAt"], future.Errors.Keys);
        Assert.Null(await store.GetAsync(new ConnectionKey("tenant-o", "acct"), CancellationToken.None));
    }

    [Fact]
    public async Task AnOlderTypedReportLeavesTheRowUnchangedAndSaysSo()
    {
        var key = new ConnectionKey("tenant-o", "older");
        var newer = new ObservedReport(ConnectionStatus.Connected, Now.AddMinutes(-1));

        var first = Assert.IsType<ApplyResult.Applied>(await Intake.SubmitAsync(key, newer, ReportSource.Connector, CancellationToken.None));
        var older = Assert.IsType<ApplyResult.Unchanged>(await Intake.SubmitAsync(key, newer with { CheckedAt = Now.AddMinutes(-5) }, ReportSource.Probe, CancellationToken.None));

        Assert.True(first.IsTransition);
        Assert.Equal(TransitionKind.Stale, older.Kind);
        Assert.Equal(first.Connection.State, older.Connection.State);
    }

    [Fact]
    public async Task AProbesAnswerForAnAccountWithNoRowCreatesNothing()
    {
        var key = new ConnectionKey("tenant-o", "never-reported");

        var result = await Intake.SubmitAsync(key, new ObservedReport(ConnectionStatus.Connected, Now.AddMinutes(-1)), ReportSource.Probe, CancellationToken.None);

        Assert.Null(Assert.IsType<ApplyResult.Gone>(result).DeletedAt);
        Assert.Null(await _app.Services.GetRequiredService<ConnectionStore>().GetAsync(key, CancellationToken.None));
    }
}
