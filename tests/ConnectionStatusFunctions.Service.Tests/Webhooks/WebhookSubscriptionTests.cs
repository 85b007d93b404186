using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConnectionStatusFunctions.Service.Webhooks;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>The subscriptions API: who may do what, what is refused, and that the secret is shown once and kept nowhere in the clear.</summary>
public sealed class WebhookSubscriptionTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task TheCreationAnswersTheSecretOnceAndNoListingRowOrLogHoldsIt()
    {
        var logs = new CapturedLogs();
        using var app = new StatusApplication(azurite.ConnectionString, services => services.AddSingleton<ILoggerProvider>(logs));

        var created = await app.ClientWithKey(AdminKey).PostAsJsonAsync("/api/tenants/tenant-w/webhooks", new { url = "http://127.0.0.1:9/hooks/a", eventTypes = new[] { WebhookEventTypes.StatusChanged }, channels = new[] { "line" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var secret = answer["secret"]!.GetValue<string>();
        var id = answer["subscription"]!["subscriptionId"]!.GetValue<string>();
        Assert.StartsWith(WebhookSecret.Prefix, secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret[WebhookSecret.Prefix.Length..]).Length);
        Assert.Equal($"/api/tenants/tenant-w/webhooks/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(["line"], answer["subscription"]!["channels"]!.AsArray().Select(c => c!.GetValue<string>()));

        var key = secret[WebhookSecret.Prefix.Length..];
        var list = await app.ClientWithKey(SupportKey).GetStringAsync("/api/tenants/tenant-w/webhooks");
        var one = await app.ClientWithKey(SupportKey).GetStringAsync($"/api/tenants/tenant-w/webhooks/{id}");
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.Equal("active", JsonNode.Parse(one)!["state"]!.GetValue<string>());
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, one, StringComparison.Ordinal);
        var rows = 0;
        await foreach (var row in new TableClient(azurite.ConnectionString, app.WebhooksTable).QueryAsync<TableEntity>())
        {
            rows += row.RowKey.StartsWith("s|", StringComparison.Ordinal) ? 1 : 0;
            Assert.All(row, column => Assert.DoesNotContain(key, column.Value?.ToString() ?? string.Empty, StringComparison.Ordinal));
        }

        Assert.Equal(1, rows);
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(key, StringComparison.Ordinal));

        // What the row keeps opens to the secret shown, so deliveries are signed with it.
        var stored = await app.Services.GetRequiredService<WebhookStore>().GetAsync("tenant-w", id, CancellationToken.None);
        Assert.Equal(secret, await app.Services.GetRequiredService<IWebhookSecrets>().ReadAsync("tenant-w", id, stored!.SecretReference, CancellationToken.None));
    }

    public static TheoryData<string, string> BadSubscriptions => new()
    {
        { "{}", "url" },
        { """{"url":""}""", "url" },
        { """{"url":"ftp://hooks.example.com/x"}""", "url" },
        { """{"url":"/hooks/relative"}""", "url" },
        { $$"""{"url":"https://hooks.example.com/{{new string('a', 600)}}"}""", "url" },
        { """{"url":"https://hooks.example.com/x?token=abc123"}""", "url" },
        { """{"url":"https://user:pw@hooks.example.com/x"}""", "url" },
        { """{"url":"https://hooks.example.com/x#part"}""", "url" },
        { """{"url":"http://10.1.2.3/x"}""", "url" },
        { """{"url":"http://192.168.0.10/x"}""", "url" },
        { """{"url":"http://169.254.169.254/latest/meta-data"}""", "url" },
        { """{"url":"http://[fd00:ec2::254]/x"}""", "url" },
        { """{"url":"http://[fe80::1]/x"}""", "url" },
        { """{"url":"http://0.0.0.0/x"}""", "url" },
        { """{"url":"http://224.0.0.1/x"}""", "url" },
        { """{"url":"http://127.0.0.1:9/x","eventTypes":["connection.broken"]}""", "eventTypes" },
        { """{"url":"http://127.0.0.1:9/x","channels":["fax"]}""", "channels" },
        { """{"url":"http://127.0.0.1:9/x","secret":"mine"}""", "body" },
        { """{"url":42}""", "body" },
        { "not json", "body" },
    };

    [Theory]
    [MemberData(nameof(BadSubscriptions))]
    public async Task BadInputIsA400NamingTheFieldThatQuotesNothingAndChangesNothing(string body, string field)
    {
        using var app = new StatusApplication(azurite.ConnectionString);

        var answer = await app.ClientWithKey(AdminKey).PostAsync("/api/tenants/tenant-bad/webhooks", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
        foreach (var sent in new[] { "abc123", "user:pw", "10.1.2.3", "169.254.169.254", "connection.broken", "fax", "mine" })
        {
            Assert.DoesNotContain(sent, problem.ToJsonString(), StringComparison.Ordinal);
        }

        var list = JsonNode.Parse(await app.ClientWithKey(SupportKey).GetStringAsync("/api/tenants/tenant-bad/webhooks"))!;
        Assert.Empty(list["items"]!.AsArray());
    }

    /// <summary>
    /// The write committed and its answer was lost: then either the call fails (a transport error) or the SDK's retry of
    /// the transaction finds its own row (409 on it). Either way the subscription exists, so it is answered as created,
    /// once, with the secret that signs its deliveries.
    /// </summary>
    [Theory]
    [InlineData(LostAnswer.Reset)]
    [InlineData(LostAnswer.Retried)]
    public async Task ACreationWhoseWriteWasCommittedButItsAnswerLostIsAnsweredCreatedWithTheSecretItKeeps(LostAnswer loss)
    {
        const string Tenant = "tenant-lost-answer";
        var lost = new LostTransactionAnswers();
        StatusApplication app = null!;
        app = new StatusApplication(azurite.ConnectionString, services => FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == app.WebhooksTable, lost.Break));
        using var disposeApp = app;
        lost.Arm(loss);

        var answer = await app.ClientWithKey(AdminKey).PostAsJsonAsync($"/api/tenants/{Tenant}/webhooks", new { url = "http://127.0.0.1:9/hooks/lost" });

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var created = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        var id = created["subscription"]!["subscriptionId"]!.GetValue<string>();
        var stored = await app.Services.GetRequiredService<WebhookStore>().GetAsync(Tenant, id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(created["secret"]!.GetValue<string>(), await app.Services.GetRequiredService<IWebhookSecrets>().ReadAsync(Tenant, id, stored.SecretReference, CancellationToken.None));
        Assert.Single((await app.Services.GetRequiredService<WebhookStore>().ListAsync(Tenant, CancellationToken.None)));
    }

    [Fact]
    public async Task SupportMayReadButNotCreateOrDelete()
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        var (id, _) = await WebhookTesting.SubscribeAsync(app, "tenant-roles", "http://127.0.0.1:9/hooks/a");
        var support = app.ClientWithKey(SupportKey);

        Assert.Equal(HttpStatusCode.Forbidden, (await support.PostAsJsonAsync("/api/tenants/tenant-roles/webhooks", new { url = "http://127.0.0.1:9/hooks/b" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.DeleteAsync($"/api/tenants/tenant-roles/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync($"/api/tenants/tenant-roles/webhooks/{id}")).StatusCode);
        Assert.Single(JsonNode.Parse(await support.GetStringAsync("/api/tenants/tenant-roles/webhooks"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task ADeleteRemovesTheSubscriptionAndASecondOneIsNotFound()
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        var (id, _) = await WebhookTesting.SubscribeAsync(app, "tenant-del", "http://127.0.0.1:9/hooks/a");
        var admin = app.ClientWithKey(AdminKey);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tenants/tenant-del/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/tenants/tenant-del/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/tenants/tenant-del/webhooks/{id}")).StatusCode);
        Assert.Empty(JsonNode.Parse(await admin.GetStringAsync("/api/tenants/tenant-del/webhooks"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task ATenantHasAtMostTwentySubscriptions()
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        for (var i = 0; i < WebhookStore.MaxSubscriptionsPerTenant; i++)
        {
            await WebhookTesting.SubscribeAsync(app, "tenant-many", $"http://127.0.0.1:9/hooks/{i}");
        }

        var answer = await app.ClientWithKey(AdminKey).PostAsJsonAsync("/api/tenants/tenant-many/webhooks", new { url = "http://127.0.0.1:9/hooks/one-more" });

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal(WebhookStore.MaxSubscriptionsPerTenant, JsonNode.Parse(await app.ClientWithKey(AdminKey).GetStringAsync("/api/tenants/tenant-many/webhooks"))!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task CreationsSideBySideNeverPassTheMost()
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        var admin = app.ClientWithKey(AdminKey);

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => admin.PostAsJsonAsync("/api/tenants/tenant-race/webhooks", new { url = $"http://127.0.0.1:9/hooks/race-{i}" })));

        var created = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(WebhookStore.MaxSubscriptionsPerTenant, created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Equal(created, JsonNode.Parse(await admin.GetStringAsync("/api/tenants/tenant-race/webhooks"))!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task ASlotLeftByADeletionThatDiedHalfwayIsFreeAgain()
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        var admin = app.ClientWithKey(AdminKey);
        var ids = new List<string>();
        for (var i = 0; i < WebhookStore.MaxSubscriptionsPerTenant; i++)
        {
            ids.Add((await WebhookTesting.SubscribeAsync(app, "tenant-slot", $"http://127.0.0.1:9/hooks/{i}")).Id);
        }

        // The subscription's row removed, its slot row not: as a process dying between the deletion's two writes leaves them.
        var table = app.Services.GetRequiredService<Azure.Data.Tables.TableServiceClient>().GetTableClient(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Service.Storage.StorageOptions>>().Value.WebhooksTable);
        await table.DeleteEntityAsync("tenant-slot", "s|" + ids[7]);

        var answer = await admin.PostAsJsonAsync("/api/tenants/tenant-slot/webhooks", new { url = "http://127.0.0.1:9/hooks/again" });

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/tenants/tenant-slot/webhooks", new { url = "http://127.0.0.1:9/hooks/one-more" })).StatusCode);
        Assert.Equal(WebhookStore.MaxSubscriptionsPerTenant, JsonNode.Parse(await admin.GetStringAsync("/api/tenants/tenant-slot/webhooks"))!["items"]!.AsArray().Count);
        Assert.Equal(WebhookStore.MaxSubscriptionsPerTenant, await table.QueryAsync<Azure.Data.Tables.TableEntity>("PartitionKey eq 'tenant-slot' and RowKey ge 'n|' and RowKey lt 'n}'").CountAsync());
    }

    [Fact]
    public async Task ADeletedTenantGetsNoSubscription()
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(app.ClientWithKey(ConnectorKey), "tenant-gone", "acct", ReportBodies.Report("connected", DateTimeOffset.UtcNow.AddMinutes(-1)))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.ClientWithKey(AdminKey).DeleteAsync("/api/tenants/tenant-gone?confirm=tenant-gone")).StatusCode);

        var answer = await app.ClientWithKey(AdminKey).PostAsJsonAsync("/api/tenants/tenant-gone/webhooks", new { url = "http://127.0.0.1:9/hooks/late" });

        Assert.Equal(HttpStatusCode.Gone, answer.StatusCode);
        Assert.Equal("Tenant deleted.", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["title"]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse(await app.ClientWithKey(AdminKey).GetStringAsync("/api/tenants/tenant-gone/webhooks"))!["items"]!.AsArray());
    }
}
