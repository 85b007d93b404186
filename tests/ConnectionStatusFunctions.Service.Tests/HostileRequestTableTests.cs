using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// A table of hostile requests and queue messages. Each must end in its expected status with an
/// RFC 9457 problem, and none may change storage: afterwards the tenant has no account at all.
/// </summary>
public sealed class HostileRequestTableTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Tenant = "tenant-hostile";
    private const string Account = "/api/tenants/" + Tenant + "/connections/acct";
    private static readonly string At = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

    private sealed record Hostile(string Name, string Method, string Path, int Status, string? Body = null, string ContentType = "application/json", string? Key = ConnectorKey, string? ExtraKey = null);

    private static string Valid(string extra = "") => $"{{\"status\":\"connected\",\"checkedAt\":\"{At}\"{extra}}}";

    private static IEnumerable<Hostile> Requests()
    {
        // Bodies that are not a report.
        foreach (var body in new[]
        {
            "null", "[]", "\"connected\"", "1", "true", "{}", "{", "}", "{\"status\":\"connected\"", "{\"status\":\"connected\",}", "{'status':'connected'}",
            "{\"status\":\"connected\"} trailing", "/* c */ {\"status\":\"connected\"}", "{\"status\":NaN}", "\u00EF\u00BB\u00BF{", new string('[', 200) + new string(']', 200),
            "{\"status\":null,\"checkedAt\":\"" + At + "\"}", "{\"status\":1,\"checkedAt\":\"" + At + "\"}", "{\"status\":true,\"checkedAt\":\"" + At + "\"}",
            "{\"status\":{},\"checkedAt\":\"" + At + "\"}", "{\"status\":[],\"checkedAt\":\"" + At + "\"}", "{\"status\":\"CONNECTED\",\"checkedAt\":\"" + At + "\"}",
            "{\"status\":\"\",\"checkedAt\":\"" + At + "\"}", "{\"status\":\"broken\",\"checkedAt\":\"" + At + "\"}", "{\"status\":\"connected\"}",
        })
        {
            yield return new($"body {body[..Math.Min(body.Length, 24)]}", "PATCH", Account, 400, body);
        }

        // Fields with hostile values.
        foreach (var (field, value) in new (string, string)[]
        {
            ("checkedAt", "\"yesterday\""), ("checkedAt", "\"2026-11-24T09:00:00\""), ("checkedAt", "\"9999-12-31T23:59:59Z\""), ("checkedAt", "\"0001-01-01T00:00:00Z\""),
            ("checkedAt", "\"1970-01-01T00:00:00Z\""), ("checkedAt", "1732438800"), ("checkedAt", "\"2026-13-45T99:00:00Z\""), ("checkedAt", "null"),
            ("errorCategory", "\"auth_error\""), ("errorCode", "\"E1\""), ("errorMessage", "\"oops\""), ("reportId", "\"a/b\""), ("reportId", "\"" + new string('r', 129) + "\""),
            ("channel", "\"WHATSAPP\""), ("channel", "\"LINE\""), ("channel", "7"), ("displayName", "\"" + new string('n', 201) + "\""), ("displayName", "\"\""),
            ("displayName", "\"Shop\\u202Etxt.exe\""), ("displayName", "\"\\u200B\\u200B\""), ("displayName", "\"A\\u2028B\""), ("displayName", "{\"nested\":1}"),
            ("status", "\"connected\",\"status\":\"error\""), ("unknown", "1"), ("<script>", "1"), ("__proto__", "{}"), ("tenantId", "\"tenant-other\""),
        })
        {
            yield return new($"field {field}={value[..Math.Min(value.Length, 20)]}", "PATCH", Account, 400, Valid($",\"{field}\":{value}"));
        }

        // Errors that break the report rules.
        foreach (var extra in new[]
        {
            "\"errorCategory\":\"timeout\"", "\"errorCode\":\"has space\"", "\"errorCode\":\"" + new string('c', 65) + "\"", "\"errorMessage\":\"" + new string('m', 8193) + "\"",
        })
        {
            yield return new($"error {extra[..Math.Min(extra.Length, 24)]}", "PATCH", Account, 400, $"{{\"status\":\"error\",\"checkedAt\":\"{At}\",\"errorCategory\":\"unknown\",{extra}}}".Replace("\"errorCategory\":\"unknown\",\"errorCategory\"", "\"errorCategory\"", StringComparison.Ordinal));
        }

        yield return new("error without category", "PATCH", Account, 400, $"{{\"status\":\"error\",\"checkedAt\":\"{At}\"}}");

        // Content types that are not JSON.
        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x" })
        {
            yield return new($"content type {type}", "PATCH", Account, 400, Valid(), type);
        }

        yield return new("body over 64 KiB", "PATCH", Account, 413, Valid($",\"displayName\":\"{new string('x', 70_000)}\""));

        // Ids that are not ids.
        foreach (var id in new[] { "has%20space", "a%23b", "a%2Fb", "a%0D%0Ab", "%3Cscript%3E", "%E0%B8%A3%E0%B9%89%E0%B8%B2%E0%B8%99", new string('a', 129), "a%3Fb", "a%5Cb" })
        {
            yield return new($"account id {id[..Math.Min(id.Length, 20)]}", "PATCH", $"/api/tenants/{Tenant}/connections/{id}", 400, Valid());
            yield return new($"tenant id {id[..Math.Min(id.Length, 20)]}", "GET", $"/api/tenants/{id}/connections", 400, Key: SupportKey);
        }

        // Query values that are not what the list takes.
        foreach (var query in new[]
        {
            "pageSize=0", "pageSize=-1", "pageSize=1001", "pageSize=1e3", "pageSize=abc", "pageSize=99999999999", "pageSize=%201", "status=%3Cscript%3E", "status=CONNECTED",
            "channel=LINE", "channel=", "needsAttention=yes", "needsAttention=1", "needsAttention=True", "flapping=TRUE", "flapping=%20true", "flapping=false%20", "status=error&status=connected", "continuationToken=garbage", "continuationToken=eyJUIjoib3RoZXIiLCJDIjoieCJ9",
        })
        {
            yield return new($"query {query}", "GET", $"/api/tenants/{Tenant}/connections?{query}", 400, Key: SupportKey);
        }

        // Credentials that are not a key.
        foreach (var (name, key, extra) in new (string, string?, string?)[]
        {
            ("no key", null, null), ("empty key", "", null), ("spaces", "   ", null), ("10 KB key", new string('k', 10_000), null),
            ("key with a newline", ConnectorKey + "x", null), ("two keys", ConnectorKey, SupportKey), ("hash as key", Service.Security.ApiKeyOptions.HashOf(ConnectorKey), null),
        })
        {
            yield return new($"credential {name}", "PATCH", Account, 401, Valid(), Key: key, ExtraKey: extra);
        }

        // Methods the routes do not take.
        foreach (var (method, path) in new[] { ("DELETE", $"/api/tenants/{Tenant}/connections"), ("PUT", Account), ("POST", Account), ("POST", $"/api/tenants/{Tenant}/connections"), ("DELETE", "/api/channels/health"), ("PATCH", "/api/healthz") })
        {
            yield return new($"method {method} {path}", method, path, 405, method is "GET" or "DELETE" ? null : Valid());
        }

        // The account's DELETE is an admin's and a tenant_admin's, never a connector's.
        yield return new("a connector deleting an account", "DELETE", Account, 403);

        yield return new("unknown route", "GET", $"/api/tenants/{Tenant}/secrets", 404, Key: SupportKey);
    }

    private static readonly string[] Messages =
    [
        "", " ", "null", "[]", "42", "\"text\"", "{", "not json", "token=EAAGm0PX4ZCpsBAO8ZBZCZBtr5cZD", "PHNjcmlwdD4=", "{}",
        "{\"tenantId\":\"" + Tenant + "\"}", "{\"tenantId\":\"" + Tenant + "\",\"channelAccountId\":\"q\"}",
        "{\"tenantId\":\"" + Tenant + "\",\"channelAccountId\":\"q\",\"status\":\"connected\"}",
        "{\"tenantId\":\"a/b\",\"channelAccountId\":\"q\",\"status\":\"connected\",\"checkedAt\":\"" + At + "\"}",
        "{\"tenantId\":\"" + Tenant + "\",\"channelAccountId\":\"q q\",\"status\":\"connected\",\"checkedAt\":\"" + At + "\"}",
        "{\"tenantId\":\"" + Tenant + "\",\"channelAccountId\":\"q\",\"status\":1,\"checkedAt\":\"" + At + "\"}",
        "{\"tenantId\":\"" + Tenant + "\",\"channelAccountId\":\"q\",\"status\":\"connected\",\"checkedAt\":\"1970-01-01T00:00:00Z\"}",
        "{\"tenantId\":\"" + Tenant + "\",\"channelAccountId\":\"q\",\"status\":\"error\",\"checkedAt\":\"" + At + "\",\"errorCategory\":\"timeout\"}",
        "{\"tenantId\":\"" + Tenant + "\",\"channelAccountId\":\"q\",\"status\":\"connected\",\"checkedAt\":\"" + At + "\",\"extra\":true}",
        "{\"tenantId\":\"" + Tenant + "\",\"tenantId\":\"other\",\"channelAccountId\":\"q\",\"status\":\"connected\",\"checkedAt\":\"" + At + "\"}",
        "{\"tenantId\":\"" + Tenant + "\",\"channelAccountId\":\"q\",\"status\":\"connected\",\"checkedAt\":\"" + At + "\",\"displayName\":\"\\u202Eevil\"}",
        "{\"tenantId\":\"" + Tenant + "\",\"channelAccountId\":\"q\",\"status\":\"connected\",\"checkedAt\":\"" + At + "\",\"channel\":\"myspace\"}",
        new string('{', 1000),
        new string('x', QueuedReportHandler.MaxMessageLength + 1),
    ];

    [Fact]
    public async Task EveryHostileRequestEndsInItsProblemAndChangesNothing()
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        var failures = new List<string>();
        var cases = Requests().ToList();
        foreach (var hostile in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Path);
            if (hostile.Key is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Api-Key", hostile.Key);
            }

            if (hostile.ExtraKey is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Api-Key", hostile.ExtraKey);
            }

            if (hostile.Body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(hostile.Body));
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }

            using var response = await app.CreateClient().SendAsync(request);
            var type = response.Content.Headers.ContentType?.MediaType;
            if ((int)response.StatusCode != hostile.Status || type != "application/problem+json")
            {
                failures.Add($"{hostile.Name}: {(int)response.StatusCode} {type}, expected {hostile.Status}");
                continue;
            }

            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (problem.GetProperty("status").GetInt32() != hostile.Status || (hostile.Status == 400 && !problem.TryGetProperty("errors", out _)))
            {
                failures.Add($"{hostile.Name}: the problem body does not say {hostile.Status} with errors");
            }
        }

        var absorber = app.Services.GetRequiredService<QueuedReportHandler>();
        foreach (var message in Messages)
        {
            if (await absorber.HandleAsync(message, 1, CancellationToken.None) != QueuedReportOutcome.Poisoned)
            {
                failures.Add($"message {message[..Math.Min(message.Length, 40)]}: not poisoned");
            }
        }

        Assert.True(cases.Count >= 80, $"{cases.Count} requests");
        Assert.True(Messages.Length >= 25, $"{Messages.Length} messages");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        var list = await app.ClientWithKey(SupportKey).GetFromJsonAsync<ConnectionList>($"/api/tenants/{Tenant}/connections", ApiJson);
        Assert.Empty(list!.Items);
        Assert.Empty(list.Unreadable);
        var poison = new QueueClient(app.ConnectionString, app.PoisonRecords);
        var poisoned = 0;
        while ((await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value is { Length: > 0 } batch)
        {
            poisoned += batch.Length;
            Assert.All(batch, m => Assert.DoesNotContain("EAAGm0PX4ZCpsBAO8ZBZCZBtr5cZD", m.MessageText, StringComparison.Ordinal));
        }

        Assert.Equal(Messages.Length, poisoned);
    }
}
