using System.Text.Json;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>Poison records as Storage Explorer shows them: the stored text, read by a person, not put into HTML.</summary>
public sealed class ReadablePoisonRecordTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task APoisonRecordKeepsQuotesMarkupAndEveryScriptAsWrittenAndEscapesOnlyWhatCannotBeShown()
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        // Invalid (an unknown status), so poisoned at once; the escapes are JSON's own, for a control
        // character, a line separator and a lone surrogate the message text cannot hold raw.
        const string message = """{"tenantId":"acme","channelAccountId":"line-1","status":"exploded","checkedAt":"2026-11-24T09:00:00Z","displayName":"Shop \"Tom & Jerry\" <b>1+1</b> ร้านค้า 😀","channel":"line","reportId":"a\u0001b\u2028c\uD800d"}""";

        Assert.Equal(QueuedReportOutcome.Poisoned, await app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(message, 1, CancellationToken.None));

        var stored = Assert.Single(await new QueueClient(azurite.ConnectionString, app.PoisonRecords).DistinctRecordsAsync());
        foreach (var escape in new[] { "\\u0022", "\\u0026", "\\u003C", "\\u003E", "\\u002B", "\\u0E23" })
        {
            Assert.DoesNotContain(escape, stored, StringComparison.OrdinalIgnoreCase);
        }

        // The record holds the message as text, so its quotes are escaped once, as JSON must.
        Assert.Contains("\\\"status\\\":\\\"exploded\\\"", stored, StringComparison.Ordinal);
        Assert.Contains("ร้านค้า", stored, StringComparison.Ordinal);
        Assert.Contains("<b>1+1</b>", stored, StringComparison.Ordinal);
        Assert.Contains("Tom & Jerry", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(stored, c => char.IsControl(c) || c is '\u2028' or '\u2029');
        Assert.True(WellFormed(stored), stored);
        // Still the record it was: its message parses back to the report, fixable and replayable.
        var record = JsonDocument.Parse(stored).RootElement;
        var report = JsonDocument.Parse(record.GetProperty("message").GetString()!).RootElement;
        Assert.Equal("exploded", report.GetProperty("status").GetString());
        Assert.Equal("Shop \"Tom & Jerry\" <b>1+1</b> ร้านค้า 😀", report.GetProperty("displayName").GetString());
        // The redactor's cleaning turns the control character and the separator into spaces; the lone surrogate is noted in words.
        Assert.Equal("a b c" + ConnectionStatusFunctions.Service.Queues.QueueMessageText.LoneSurrogateNote('\uD800') + "d", report.GetProperty("reportId").GetString());
    }

    /// <summary>No lone surrogate: every high surrogate followed by a low one, no low one alone.</summary>
    private static bool WellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
