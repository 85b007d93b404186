using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Functions.Triggers;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service;
using ConnectionStatusFunctions.Service.Deletion;
using ConnectionStatusFunctions.Service.Events;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Moq;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Functions.Tests;

/// <summary>The timer and queue functions called directly, as the worker calls them, against Azurite.</summary>
// Long because each timer and queue function is called as the worker calls it, through success, poison and storage failure.
public sealed class TriggerFunctionTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private readonly StatusApplication _storage = new(azurite.ConnectionString);
    private FunctionsHarness? _harness;

    private FunctionsHarness Harness(IDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>(_storage.Settings);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return _harness = new FunctionsHarness(settings, services);
    }

    public void Dispose()
    {
        _harness?.Dispose();
        _storage.Dispose();
    }

    private static string ReportJson(string account, string category = "unknown", string message = "Shopee API 500") => JsonSerializer.Serialize(new
    {
        tenantId = "tenant-q",
        channelAccountId = account,
        status = "error",
        checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
        errorCategory = category,
        errorMessage = message,
        channel = "shopee",
    });

    private static QueueMessage Message(string text, long dequeueCount = 1) =>
        QueuesModelFactory.QueueMessage(Guid.NewGuid().ToString(), "pop", text, dequeueCount);

    private async Task<ConnectionView?> GetAsync(string tenant, string account)
    {
        var response = await _storage.ClientWithKey(SupportKey).GetAsync($"/api/tenants/{tenant}/connections/{account}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<ConnectionView>(ApiJson) : null;
    }

    private async Task<List<JsonElement>> PoisonMessagesAsync()
    {
        var poison = new QueueClient(_storage.ConnectionString, _storage.PoisonRecords);
        return await poison.ExistsAsync()
            ? (await poison.PeekMessagesAsync(32)).Value.Select(m => JsonDocument.Parse(m.MessageText).RootElement.Clone()).ToList()
            : [];
    }

    [Fact]
    public async Task TheFunctionsAppCreatesTheFailureReportQueueWhenItStarts()
    {
        // Nothing else creates it under the Functions host, whose queue listener only polls: a
        // connector's first message would fail with QueueNotFound.
        var harness = Harness();
        var queue = new QueueClient(_storage.ConnectionString, _storage.FailureQueue);
        Assert.False(await queue.ExistsAsync());

        // What the worker's host starts with the app: its hosted services (the worker's own need the Functions host's channel).
        Assert.Contains(harness.Registrations, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(FailureQueueCreation));
        var creation = ActivatorUtilities.CreateInstance<FailureQueueCreation>(harness.Services);
        await creation.StartAsync(CancellationToken.None);
        await creation.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(await queue.ExistsAsync());
    }

    [Fact]
    public async Task TheFailureReportQueueIsCreatedOnceStorageAnswersWhenItFailedAsTheAppStarted()
    {
        var blip = new StorageBlip();
        var logs = new CapturedLogs();
        var harness = Harness(services: services =>
        {
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
            FaultyStorage.ReplaceQueues(services, _storage.ConnectionString, name => name == _storage.FailureQueue, (flaky, queue) =>
                flaky.Setup(q => q.CreateIfNotExistsAsync(It.IsAny<IDictionary<string, string>>(), It.IsAny<CancellationToken>()))
                    .Returns((IDictionary<string, string>? metadata, CancellationToken token) => blip.Pass(() => queue.CreateIfNotExistsAsync(metadata, token))));
        });
        var queue = new QueueClient(_storage.ConnectionString, _storage.FailureQueue);
        var creation = ActivatorUtilities.CreateInstance<FailureQueueCreation>(harness.Services);

        // The start does not wait for storage: the first attempt fails, the next one, a moment later, creates it.
        await creation.StartAsync(CancellationToken.None);
        await creation.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(await queue.ExistsAsync());
        Assert.Equal(2, blip.Calls);
        Assert.Single(logs.Lines, line => line.StartsWith("Warning ", StringComparison.Ordinal) && line.Contains("Could not create the failure-report queue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreatingTheFailureReportQueueAtStartUpKeepsAQueueThatAlreadyExistsAndItsMessages()
    {
        var queue = new QueueClient(_storage.ConnectionString, _storage.FailureQueue);
        await queue.CreateAsync();
        await queue.SendMessageAsync(ReportJson("waiting"));
        var creation = ActivatorUtilities.CreateInstance<FailureQueueCreation>(Harness().Services);

        await creation.StartAsync(CancellationToken.None);
        await creation.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(creation.ExecuteTask.IsCompletedSuccessfully);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task AnEventIsHandedToTheDispatchQueueAndTheDispatchFunctionPublishesItAsTheStandaloneListenersHandlerDoes()
    {
        var harness = Harness();
        var dispatch = new QueueClient(_storage.ConnectionString, _storage.DispatchQueue);
        var events = new QueueClient(_storage.ConnectionString, _storage.EventsQueue);
        var standalone = _storage.Services.GetRequiredService<IQueueMessageHandler<DispatchQueueOptions>>();
        var published = new List<string>();
        foreach (var (account, handle) in new (string, Func<QueueMessage, Task>)[]
        {
            ("acct-fn", m => harness.Function<DispatchEvents>().Run(m, CancellationToken.None)),
            ("acct-listener", m => standalone.HandleAsync(m.MessageText, m.DequeueCount, CancellationToken.None)),
        })
        {
            // The Functions app's hand-off is a dispatch request, visible at once, naming the tenant.
            await harness.Function<AbsorbFailureReport>().Run(Message(ReportJson(account)), CancellationToken.None);
            var request = Assert.Single((await dispatch.ReceiveMessagesAsync(32, TimeSpan.FromDays(1))).Value);
            Assert.Equal("tenant-q", JsonDocument.Parse(request.MessageText).RootElement.GetProperty("tenantId").GetString());

            await handle(request);

            var message = Assert.Single((await events.ReceiveMessagesAsync(32, TimeSpan.FromDays(1))).Value);
            var cloudEvent = JsonDocument.Parse(message.MessageText).RootElement;
            Assert.Equal(account, cloudEvent.GetProperty("subject").GetString());
            published.Add(cloudEvent.GetProperty("type").GetString()!);
        }

        Assert.Equal(["connectionstatus.account.status_changed", "connectionstatus.account.status_changed"], published);
    }

    [Fact]
    public async Task AMalformedDispatchRequestIsPoisonedAtOnce()
    {
        var summary = await Harness().Function<DispatchEvents>().Run(Message("{\"tenantId\":\"bad/tenant\"}"), CancellationToken.None);

        Assert.Same(DispatchRequestHandler.Poisoned, summary);
        var poison = new QueueClient(_storage.ConnectionString, _storage.DispatchQueue + "-poison");
        Assert.Single((await poison.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task ATenantDeletionTheFunctionsAppQueuesIsRunByItsQueueFunctionAndAMalformedOneIsPoisonedAtOnce()
    {
        var harness = Harness();
        var report = new { status = "error", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), errorCategory = "auth_error" };
        Assert.Equal(200, (await harness.SendAsync("PATCH", "/api/tenants/tenant-fn-gone/connections/acct-1", ConnectorKey, JsonSerializer.Serialize(report))).Status);

        Assert.Equal(202, (await harness.SendAsync("DELETE", "/api/tenants/tenant-fn-gone?confirm=tenant-fn-gone", AdminKey)).Status);
        var queue = new QueueClient(_storage.ConnectionString, _storage.TenantDeletionQueue);
        var job = Assert.Single((await queue.ReceiveMessagesAsync(32, TimeSpan.FromDays(1))).Value);
        var deletion = await harness.Function<DeleteTenantRows>().Run(job, CancellationToken.None);

        // Status row, history row, index row and outbox row: all gone, counted; the last pass waits until every instance has learned the tombstone.
        Assert.NotNull(deletion);
        Assert.Equal(TenantDeletionState.Running, deletion.State);
        Assert.True(deletion.RowsRemoved >= 2, $"{deletion.RowsRemoved} rows removed");
        var connections = new TableClient(_storage.ConnectionString, _storage.ConnectionsTable);
        await foreach (var left in connections.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"tenant-fn-gone"}")))
        {
            Assert.Fail($"Row {left.RowKey} of the deleted tenant is left.");
        }

        Assert.Null(await harness.Function<DeleteTenantRows>().Run(Message("{\"tenantId\":\"bad/tenant\"}"), CancellationToken.None));
        var poison = new QueueClient(_storage.ConnectionString, _storage.TenantDeletionQueue + "-poison");
        Assert.Single((await poison.PeekMessagesAsync(32)).Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AQueuedReportIsAppliedWithSourceQueueInEitherEncoding(bool base64)
    {
        var json = ReportJson("acct-" + base64);
        var text = base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) : json;

        var outcome = await Harness().Function<AbsorbFailureReport>().Run(Message(text), CancellationToken.None);

        Assert.Equal(QueuedReportOutcome.Applied, outcome);
        var view = await GetAsync("tenant-q", "acct-" + base64);
        Assert.Equal((ConnectionStatus.Error, ReportSource.Queue, Channel.Shopee), (view!.Status, view.LastSource, view.Channel));
    }

    [Fact]
    public async Task AnInvalidReportIsPoisonedAtOnceWithTheReasonAndNoSecret()
    {
        const string secret = "sk_live_51HxQzLkJd8s7FvR2mN4pQ9tY";
        var invalid = ReportJson("acct-bad", category: "timeout", message: $"500 with api_key={secret}");

        var outcome = await Harness().Function<AbsorbFailureReport>().Run(Message(invalid), CancellationToken.None);

        Assert.Equal(QueuedReportOutcome.Poisoned, outcome); // returned, not thrown: the host deletes it instead of retrying
        var poisoned = Assert.Single(await PoisonMessagesAsync());
        Assert.Equal("The report is invalid.", poisoned.GetProperty("reason").GetString());
        Assert.True(poisoned.GetProperty("errors").TryGetProperty("errorCategory", out _));
        Assert.Equal(1, poisoned.GetProperty("dequeueCount").GetInt64());
        Assert.DoesNotContain(secret, poisoned.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("acct-bad", poisoned.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(await GetAsync("tenant-q", "acct-bad"));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"tenantId\":\"tenant-q\",\"channelAccountId\":\"x\",\"status\":\"connected\",\"checkedAt\":\"2026-01-01T00:00:00Z\",\"extra\":1}")]
    [InlineData("{\"tenantId\":\"bad/tenant\",\"channelAccountId\":\"x\",\"status\":\"connected\",\"checkedAt\":\"2026-01-01T00:00:00Z\"}")]
    public async Task AMalformedMessageIsPoisonedAndChangesNothing(string text)
    {
        var outcome = await Harness().Function<AbsorbFailureReport>().Run(Message(text, dequeueCount: 3), CancellationToken.None);

        Assert.Equal(QueuedReportOutcome.Poisoned, outcome);
        Assert.Equal(3, Assert.Single(await PoisonMessagesAsync()).GetProperty("dequeueCount").GetInt64());
        Assert.Null(await GetAsync("tenant-q", "x"));
    }

    [Fact]
    public async Task AStorageFaultThrowsSoTheHostRedeliversAndPoisonsLater()
    {
        var harness = Harness(services: services => StorageOutage.ReplaceTables(services));

        await Assert.ThrowsAsync<RequestFailedException>(() => harness.Function<AbsorbFailureReport>().Run(Message(ReportJson("acct-outage"), dequeueCount: 2), CancellationToken.None));

        Assert.Empty(await PoisonMessagesAsync()); // the host, not the app, poisons after maxDequeueCount
        Assert.Null(await GetAsync("tenant-q", "acct-outage"));
    }

    [Fact]
    public async Task OnTheHostsLastDeliveryAFailingReportIsPoisonedRedactedByTheAppAndTheCallReturns()
    {
        var harness = Harness(services: services => StorageOutage.ReplaceTables(services));
        var report = ReportJson("acct-last", message: "login failed password=hunter2xyz");

        var outcome = await harness.Function<AbsorbFailureReport>().Run(Message(report, dequeueCount: QueueDelivery.HostMaxDequeueCount), CancellationToken.None);

        Assert.Equal(QueuedReportOutcome.Poisoned, outcome); // returned: the host deletes the original instead of moving it raw
        var poisoned = Assert.Single(await PoisonMessagesAsync());
        Assert.Equal($"Failed on each of {QueueDelivery.HostMaxDequeueCount} deliveries; last error: storage failing (RequestFailedException 503).", poisoned.GetProperty("reason").GetString());
        Assert.Equal(QueueDelivery.HostMaxDequeueCount, poisoned.GetProperty("dequeueCount").GetInt64());
        Assert.Contains("acct-last", poisoned.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", poisoned.GetRawText(), StringComparison.Ordinal);
        Assert.Null(await GetAsync("tenant-q", "acct-last"));
    }

    [Fact]
    public async Task BeforeTheHostsLastDeliveryAFailingReportStillThrowsForTheHostToRedeliver()
    {
        var harness = Harness(services: services => StorageOutage.ReplaceTables(services));

        await Assert.ThrowsAsync<RequestFailedException>(() => harness.Function<AbsorbFailureReport>().Run(Message(ReportJson("acct-early"), dequeueCount: QueueDelivery.HostMaxDequeueCount - 1), CancellationToken.None));

        Assert.Empty(await PoisonMessagesAsync());
    }

    [Fact]
    public async Task StorageRefusingTheAppsCredentialsIsAStorageFailureTheHostRedeliversAndOnlyItsLastDeliveryPoisons()
    {
        // Under the Functions host the host owns dequeue: every delivery counts, so a refusal is
        // thrown for the host to redeliver within host.json's budget, and only on its last delivery
        // is the report poisoned, as storage failing rather than as the report's fault.
        var harness = Harness(services: services => FaultyStorage.ReplaceTables(services, _storage.ConnectionString, name => name == _storage.ConnectionsTable, (faulty, _) =>
            faulty.Setup(t => t.GetEntityIfExistsAsync<TableEntity>(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
                .ThrowsAsync(new RequestFailedException(403, "This request is not authorized to perform this operation.", "AuthorizationFailure", null))));
        var absorb = harness.Function<AbsorbFailureReport>();

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => absorb.Run(Message(ReportJson("acct-refused"), dequeueCount: QueueDelivery.HostMaxDequeueCount - 1), CancellationToken.None));
        Assert.Equal(403, refused.Status);
        Assert.Empty(await PoisonMessagesAsync());

        var outcome = await absorb.Run(Message(ReportJson("acct-refused"), dequeueCount: QueueDelivery.HostMaxDequeueCount), CancellationToken.None);

        Assert.Equal(QueuedReportOutcome.Poisoned, outcome);
        var poisoned = Assert.Single(await PoisonMessagesAsync());
        Assert.Equal($"Failed on each of {QueueDelivery.HostMaxDequeueCount} deliveries; last error: storage failing (RequestFailedException 403 AuthorizationFailure).", poisoned.GetProperty("reason").GetString());
        Assert.Null(await GetAsync("tenant-q", "acct-refused"));
    }

    [Fact]
    public async Task OnTheHostsLastDeliveryAFailureThrowsWhenThePoisonRecordCannotBeWrittenEither()
    {
        var harness = Harness(services: services =>
        {
            StorageOutage.ReplaceTables(services);
            FailPoisonWrites(services);
        });

        var fault = await Assert.ThrowsAsync<RequestFailedException>(() => harness.Function<AbsorbFailureReport>().Run(Message(ReportJson("acct-nowhere"), dequeueCount: QueueDelivery.HostMaxDequeueCount), CancellationToken.None));

        Assert.Equal("ServerBusy", fault.ErrorCode); // the poison write's failure (the handler's has no code): the host then moves the message itself
        Assert.Empty(await PoisonMessagesAsync());
    }

    [Fact]
    public async Task OnTheHostsLastDeliveryAFailingProbeRequestIsPoisonedByTheAppAndTheCallReturns()
    {
        var harness = Harness(services: services => StorageOutage.ReplaceTables(services));
        var request = JsonSerializer.Serialize(new ProbeRequest("tenant-f", null, null, DateTimeOffset.UtcNow), ServiceJson.Options);

        var summary = await harness.Function<ProbeTenant>().Run(Message(request, dequeueCount: QueueDelivery.HostMaxDequeueCount), CancellationToken.None);

        Assert.Equal(ProbeRequestOutcome.Poisoned, summary.Outcome);
        var poison = new QueueClient(_storage.ConnectionString, _storage.ProbePoisonRecords);
        var poisoned = JsonDocument.Parse(Assert.Single(await poison.DistinctRecordsAsync())).RootElement;
        Assert.Equal($"Failed on each of {QueueDelivery.HostMaxDequeueCount} deliveries; last error: storage failing (RequestFailedException 503).", poisoned.GetProperty("reason").GetString());
        Assert.Contains("tenant-f", poisoned.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnTheHostsLastDeliveryAFailingProbeRequestThrowsWhenThePoisonRecordCannotBeWrittenEither()
    {
        var harness = Harness(services: services =>
        {
            StorageOutage.ReplaceTables(services);
            FailPoisonWrites(services);
        });
        var request = JsonSerializer.Serialize(new ProbeRequest("tenant-f", null, null, DateTimeOffset.UtcNow), ServiceJson.Options);

        var fault = await Assert.ThrowsAsync<RequestFailedException>(() => harness.Function<ProbeTenant>().Run(Message(request, dequeueCount: QueueDelivery.HostMaxDequeueCount), CancellationToken.None));

        Assert.Equal("ServerBusy", fault.ErrorCode);
        Assert.Empty((await new QueueClient(_storage.ConnectionString, _storage.ProbePoisonRecords).PeekMessagesAsync(32)).Value);
    }

    /// <summary>Every queue but the poison queues answers as Azurite does; sending to a poison queue fails.</summary>
    private void FailPoisonWrites(IServiceCollection services) =>
        FaultyStorage.ReplaceQueues(services, _storage.ConnectionString, name => name.EndsWith("-poison", StringComparison.Ordinal), (poison, _) =>
            poison.Setup(q => q.SendMessageAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
                .ThrowsAsync(new RequestFailedException(503, "The server is busy.", "ServerBusy", null)));

    [Fact]
    public async Task TheTimerTickAlsoSendsWebhookDeliveriesThatAreDue()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Outside Development (as this harness runs) loopback is refused: the test's guard lets its receiver on 127.0.0.1 through, and secrets go to a mocked vault.
        var vault = new Mock<Azure.Security.KeyVault.Secrets.SecretClient>();
        var harness = Harness(
            new Dictionary<string, string?> { ["Webhooks:KeyVaultUri"] = "https://webhooks-test.vault.azure.net/" },
            services => services
                .Replace(ServiceDescriptor.Singleton(vault.Object))
                .Replace(ServiceDescriptor.Singleton(new Service.Webhooks.WebhookAddressGuard(new Service.Webhooks.DnsWebhookResolver(), allowLoopback: true))));
        var secret = Service.Webhooks.WebhookSecret.Create();
        vault.Setup(v => v.GetSecretAsync("webhook-" + new string('1', 32), null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(new Azure.Security.KeyVault.Secrets.KeyVaultSecret("webhook-" + new string('1', 32), secret), Mock.Of<Response>()));
        var store = harness.Services.GetRequiredService<Service.Webhooks.WebhookStore>();
        var view = new Service.Webhooks.WebhookSubscriptionView(new string('1', 32), "tenant-hook", receiver.Url("a"), [], [], Service.Webhooks.WebhookState.Active, DateTimeOffset.UtcNow, 0, null, null, null, null);
        await store.AddAsync(new Service.Webhooks.WebhookSubscription(view, "webhook-" + new string('1', 32), default), CancellationToken.None);
        var subscription = await store.GetAsync("tenant-hook", view.SubscriptionId, CancellationToken.None);
        // Left by a process that wrote the delivery and died before sending it.
        await store.AddDeliveriesAsync([subscription!], [new Service.Events.OutgoingEvent("evt-1", Service.Webhooks.WebhookEventTypes.StatusChanged, "tenant-hook", "acct-1", "line", 1, DateTimeOffset.UtcNow, "{}", "1~0000000000000000001")], CancellationToken.None);

        await harness.Function<ProbeConnections>().Run(new TimerInfo(), CancellationToken.None);

        var delivery = Assert.Single(receiver.Received);
        Assert.Equal("evt-1", delivery.Id);
        new StandardWebhooks.StandardWebhook(secret).Verify(delivery.Body, delivery.Headers);
    }

    [Fact]
    public async Task APastDueTimerTickQueuesTheTenantAndTheQueueFunctionProbesItsDueAccounts()
    {
        await using var connector = await FakeConnector.StartAsync();
        connector.Answer("late", new FakeConnector.Reply(401));
        var seeded = await PatchAsync(_storage.ClientWithKey(ConnectorKey), "tenant-t", "late", new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"), channel = "line" });
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        var harness = Harness(new Dictionary<string, string?> { ["Probes:Urls:line"] = connector.Template });

        var tick = await harness.Function<ProbeConnections>().Run(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        Assert.Equal((1, 1, 1), (tick.Tenants, tick.Requests, tick.Surveys));
        Assert.Empty(connector.Calls); // the timer only distributes
        var queue = new QueueClient(_storage.ConnectionString, _storage.ProbeQueue);
        var requests = (await queue.ReceiveMessagesAsync(32)).Value;
        var summaries = new List<ProbeShardSummary>();
        foreach (var request in requests)
        {
            summaries.Add(await harness.Function<ProbeTenant>().Run(request, CancellationToken.None));
        }

        Assert.Equal([ProbeRequestOutcome.Probed, ProbeRequestOutcome.Surveyed], summaries.Select(s => s.Outcome).Order());
        Assert.Equal((1, 1), (summaries.Sum(s => s.Due), summaries.Sum(s => s.Probed)));
        Assert.Equal(1, connector.CallsFor("late"));
        var view = await GetAsync("tenant-t", "late");
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.AuthError, ReportSource.Probe), (view!.Status, view.ErrorCategory, view.LastSource));
    }

    [Fact]
    public async Task AMalformedProbeRequestIsPoisonedAtOnceAndProbesNothing()
    {
        await using var connector = await FakeConnector.StartAsync();
        var harness = Harness(new Dictionary<string, string?> { ["Probes:Urls:line"] = connector.Template });

        var summary = await harness.Function<ProbeTenant>().Run(Message("{\"tenantId\":\"tenant-t\",\"channelAccountId\":\"x\"}", dequeueCount: 2), CancellationToken.None);

        Assert.Equal(ProbeRequestOutcome.Poisoned, summary.Outcome); // returned, not thrown: the host deletes it
        var poison = new QueueClient(_storage.ConnectionString, _storage.ProbePoisonRecords);
        var poisoned = JsonDocument.Parse(Assert.Single(await poison.DistinctRecordsAsync())).RootElement;
        Assert.Equal(2, poisoned.GetProperty("dequeueCount").GetInt64());
        Assert.Empty(connector.Calls);
    }

    [Fact]
    public async Task AStorageFaultDuringAProbeRequestThrowsSoTheHostRedelivers()
    {
        await using var connector = await FakeConnector.StartAsync();
        var seeded = await PatchAsync(_storage.ClientWithKey(ConnectorKey), "tenant-f", "acct", new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"), channel = "line" });
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        // The due account is found, but its status row cannot be read for the write.
        var harness = Harness(new Dictionary<string, string?> { ["Probes:Urls:line"] = connector.Template }, services =>
            FaultyStorage.ReplaceTables(services, _storage.ConnectionString, name => name == _storage.ConnectionsTable, (failing, _) =>
                failing.Setup(t => t.GetEntityIfExistsAsync<TableEntity>(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
                    .ThrowsAsync(new RequestFailedException(503, "Server busy"))));
        var request = JsonSerializer.Serialize(new ProbeRequest("tenant-f", null, null, DateTimeOffset.UtcNow), ServiceJson.Options);

        var fault = await Assert.ThrowsAsync<RequestFailedException>(() => harness.Function<ProbeTenant>().Run(Message(request), CancellationToken.None));

        Assert.Equal(503, fault.Status);
        Assert.Equal(1, connector.CallsFor("acct")); // found due and probed; the result could not be written

        var poison = new QueueClient(_storage.ConnectionString, _storage.ProbePoisonRecords);
        Assert.False(await poison.ExistsAsync()); // the host, not the app, poisons after maxDequeueCount
        Assert.Equal(ReportSource.Connector, (await GetAsync("tenant-f", "acct"))!.LastSource);
    }
}
