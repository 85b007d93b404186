using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// Generated secrets of every format the redactor knows, pushed through every way in: PATCH, queue
/// messages (applied, invalid, and invalid with JSON escapes), and a connector's probe answer. Then
/// every log line, every stored column, every poison message and every list answer is read: no
/// 8-character fragment of any secret may be anywhere.
/// </summary>
public sealed class SecretSweepTests(Azurite azurite) : IClassFixture<Azurite>
{
    /// <summary>
    /// The corpus is swept in this many parts side by side, each through an app, tables, a connector and a
    /// poison queue of its own, and each part asserts all the sweep asserts over its own secrets. One after
    /// another through one table of ~1,450 accounts, its ~480 secrets took 39 s and 41 s of CPU (half of it
    /// Azurite's) and made this the last parallel class to end; in four parts, 20 s and 20 s of CPU (eight
    /// parts did no better). Each part's list answer now also holds all its accounts (the one table's was
    /// cut at its page of 1,000).
    /// </summary>
    private const int Parts = 4;

    [Fact]
    public async Task NoSecretReachesLogsStorageThePoisonRecordsOrAnswers()
    {
        var leaks = SecretCorpus.Generate(new Random(20261129), copiesPerFormat: 1);
        var partSize = (leaks.Count + Parts - 1) / Parts;
        await Task.WhenAll(Enumerable.Range(0, Parts).Select(part => SweepAsync(leaks, part * partSize, Math.Min(partSize, leaks.Count - (part * partSize)))));
    }

    /// <summary>Pushes <paramref name="count"/> of the corpus's secrets from <paramref name="first"/> through every way in, then reads everything.</summary>
    private async Task SweepAsync(List<LeakyMessage> corpus, int first, int count)
    {
        var leaks = corpus.Skip(first).Take(count).ToList();
        var logs = new CapturedLogs();
        await using var connector = await FakeConnector.StartAsync();
        using var app = new StatusApplication(
            azurite.ConnectionString,
            services => services.AddSingleton<ILoggerProvider>(logs),
            // One probe round handles every message of the corpus: a budget no loaded machine runs out of (and a probe
            // request's visibility longer than it, as the options require), so the round's count depends on the corpus,
            // not on the machine's speed (25 s ran out at 497 of 524 at load average 7).
            new Dictionary<string, string?>
            {
                ["Probes:Urls:line"] = connector.Template, ["Probes:TimeBudget"] = "00:05:00", ["ProbeQueue:VisibilityTimeout"] = "00:06:00",
            });
        var client = app.ClientWithKey(ConnectorKey);
        var absorber = app.Services.GetRequiredService<QueuedReportHandler>();
        var at = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

        for (var i = first; i < first + leaks.Count; i++)
        {
            var message = corpus[i].Message;
            Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, "tenant-s", $"patch-{i}", new { status = "error", checkedAt = at, errorCategory = "unknown", errorMessage = message })).StatusCode);

            string Queued(string account, string category) => JsonSerializer.Serialize(new { tenantId = "tenant-s", channelAccountId = account, status = "error", checkedAt = at, errorCategory = category, errorMessage = message });
            Assert.Equal(QueuedReportOutcome.Applied, await absorber.HandleAsync(Queued($"queue-{i}", "auth_error"), 1, CancellationToken.None));
            Assert.Equal(QueuedReportOutcome.Poisoned, await absorber.HandleAsync(Queued($"invalid-{i}", "timeout"), 2, CancellationToken.None));
            // The same, with JSON escapes that split tokens when read as raw text.
            var escaped = Queued($"escaped-{i}", "timeout").Replace("/", "\\/", StringComparison.Ordinal).Replace("+", "\\u002B", StringComparison.Ordinal);
            Assert.Equal(QueuedReportOutcome.Poisoned, await absorber.HandleAsync(escaped, 3, CancellationToken.None));

            // A connector that answers its health probe with the message.
            Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, "tenant-s", $"probe-{i}", new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"), channel = "line" })).StatusCode);
            connector.Answer($"probe-{i}", new FakeConnector.Reply(500, Json: JsonSerializer.Serialize(new { message, code = "CONNECTOR_ERROR" })));
        }

        var run = await app.ProbeRoundAsync();
        Assert.Equal(leaks.Count, run.Failed);

        var everything = new StringBuilder();
        foreach (var line in logs.Lines)
        {
            everything.AppendLine(line);
        }

        await foreach (var row in new TableClient(azurite.ConnectionString, app.ConnectionsTable).QueryAsync<TableEntity>())
        {
            foreach (var (column, value) in row)
            {
                everything.Append(column).Append('=').Append(value).AppendLine();
            }
        }

        var poison = new QueueClient(azurite.ConnectionString, app.PoisonRecords);
        var poisoned = 0;
        while ((await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value is { Length: > 0 } batch)
        {
            poisoned += batch.Length;
            foreach (var item in batch)
            {
                everything.AppendLine(item.MessageText);
                // Also as the JSON reader sees it, escapes decoded.
                everything.AppendLine(JsonDocument.Parse(item.MessageText).RootElement.GetProperty("message").GetString());
            }
        }

        everything.AppendLine(await app.ClientWithKey(SupportKey).GetStringAsync("/api/tenants/tenant-s/connections?pageSize=1000"));

        Assert.Equal(2 * leaks.Count, poisoned);
        var text = everything.ToString();
        Assert.Contains($"patch-{first}", text, StringComparison.Ordinal); // the sweep read what it meant to
        foreach (var leak in leaks)
        {
            var fragment = SecretFragments.FirstIn(text, leak.Secret);
            Assert.True(fragment is null, $"{leak.Format}: '{fragment}' survived");
        }
    }
}
