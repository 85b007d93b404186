using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Moq;
using ConnectionStatusFunctions.Testing;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

// Long because each way a delivery can end (applied, poisoned, handed back in an outage, released at shut-down)
// needs a running listener on the shared Azurite and a fault set up for it.
/// <summary>The standalone host's own queue listener.</summary>
public sealed class StandaloneQueueListenerTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly Dictionary<string, string?> Standalone = new()
    {
        ["ProbeSchedule"] = "0 0 0 1 1 *", // once a year: these tests are about the queue
        ["FailureQueue:MaxPollingInterval"] = "00:00:00.200",
    };

    private static string ReportJson(string account) => JsonSerializer.Serialize(new
    {
        tenantId = "tenant-l",
        channelAccountId = account,
        status = "error",
        checkedAt = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O"),
        errorCategory = "rate_limit",
        errorCode = "SHOPEE_429",
        channel = "shopee",
    });

    [Fact]
    public async Task TheStandaloneHostCreatesTheFailureReportQueueWhenItStartsWithoutItsListener()
    {
        // Without the listener loop (which creates it as it polls), start-up alone must create it.
        using var app = new StatusApplication(azurite.ConnectionString);
        var queue = new QueueClient(azurite.ConnectionString, app.FailureQueue);
        Assert.False(await queue.ExistsAsync());

        _ = app.Server;
        var creation = Assert.Single(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<FailureQueueCreation>());
        await creation.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(await queue.ExistsAsync());
    }

    /// <summary>
    /// Bounded wait: polls every 100 ms for at most <paramref name="seconds"/>. A minute by default: it returns as
    /// soon as the thing is seen, and a listener's first delivery on a loaded two-core machine can take tens of seconds.
    /// </summary>
    private static async Task<T?> EventuallyAsync<T>(Func<Task<T?>> probe, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        return default;
    }

    private static Func<Task<ConnectionView?>> Connection(StatusApplication app, string account) => async () =>
    {
        var response = await app.ClientWithKey(SupportKey).GetAsync($"/api/tenants/tenant-l/connections/{account}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<ConnectionView>(ApiJson) : null;
    };

    [Fact]
    public async Task ReportsEnqueuedByConnectorsShowUpInGetWithinSeconds()
    {
        using var app = new StatusApplication(azurite.ConnectionString, settings: Standalone, withTriggerLoops: true);
        _ = app.CreateClient(); // starts the listener
        var plain = new QueueClient(app.ConnectionString, app.FailureQueue);
        var base64 = new QueueClient(app.ConnectionString, app.FailureQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await plain.CreateIfNotExistsAsync();

        await plain.SendMessageAsync(ReportJson("plain-1"));
        await base64.SendMessageAsync(ReportJson("base64-1"));

        var first = await EventuallyAsync(Connection(app, "plain-1"));
        var second = await EventuallyAsync(Connection(app, "base64-1"));
        Assert.Equal((ConnectionStatus.Error, ErrorCategory.RateLimit, ReportSource.Queue), (first!.Status, first.ErrorCategory, first.LastSource));
        Assert.Equal(ReportSource.Queue, second!.LastSource);
        Assert.True(await EventuallyAsync(async () => (await plain.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0 ? (bool?)true : null));
    }

    [Fact]
    public async Task AtShutdownMessagesNotYetStartedAreReleasedAtOnce()
    {
        // One message at a time, in batches of 4, each read of a status row held for a second: the
        // app is stopped while it works on the first message of the batch.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = new Dictionary<string, string?>(Standalone)
        {
            ["FailureQueue:Concurrency"] = "1",
            ["FailureQueue:BatchSize"] = "4",
            ["FailureQueue:VisibilityTimeout"] = "00:05:00",
        };
        StatusApplication app = null!;
        app = new StatusApplication(azurite.ConnectionString, services => FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == app.ConnectionsTable, (slow, table) =>
            slow.Setup(t => t.GetEntityIfExistsAsync<TableEntity>(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
                .Returns(async (string partition, string row, IEnumerable<string> select, CancellationToken token) =>
                {
                    started.TrySetResult();
                    await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                    return await table.GetEntityIfExistsAsync<TableEntity>(partition, row, select, token);
                })), settings, withTriggerLoops: true);
        var queue = new QueueClient(app.ConnectionString, app.FailureQueue);
        await queue.CreateIfNotExistsAsync();
        for (var i = 0; i < 4; i++)
        {
            await queue.SendMessageAsync(ReportJson($"shutdown-{i}"));
        }

        _ = app.CreateClient();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        app.Dispose(); // stops the host: the listener finishes the message it started

        // Visible now, not in five minutes: three released, the started one absorbed and deleted.
        var visible = (await queue.PeekMessagesAsync(32)).Value;
        Assert.Equal(3, visible.Length);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount - visible.Length);
    }

    [Fact]
    public async Task PoisonMessageEndsInThePoisonRecordsWithNothingElseChanged()
    {
        using var app = new StatusApplication(azurite.ConnectionString, settings: Standalone, withTriggerLoops: true);
        _ = app.CreateClient();
        var queue = new QueueClient(app.ConnectionString, app.FailureQueue);
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("{\"tenantId\":\"tenant-l\",\"channelAccountId\":\"poison-1\",\"status\":\"exploded\",\"checkedAt\":\"2026-11-24T09:00:00Z\"}");

        var poison = new QueueClient(app.ConnectionString, app.PoisonRecords);
        var poisoned = await EventuallyAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value is [var m] ? m : null);
        Assert.NotNull(poisoned);
        Assert.Contains("status", JsonDocument.Parse(poisoned.MessageText).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Null(await Connection(app, "poison-1")());
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task AMessageThatKeepsFailingWhileStorageAnswersIsRetriedAndThenPoisonedNeverLost()
    {
        // Storage refuses the message's row (a 400, the message's fault); a 5xx would be storage's
        // and never count towards poisoning.
        var settings = new Dictionary<string, string?>(Standalone)
        {
            ["FailureQueue:MaxDequeueCount"] = "2",
            ["FailureQueue:VisibilityTimeout"] = "00:00:01",
        };
        var attempts = 0;
        using var app = new StatusApplication(azurite.ConnectionString, services => StorageOutage.ReplaceTables(services, () => Interlocked.Increment(ref attempts), serviceAnswers: true, rowStatus: 400), settings, withTriggerLoops: true);
        _ = app.CreateClient();
        var queue = new QueueClient(app.ConnectionString, app.FailureQueue);
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync(ReportJson("outage-1"));

        var poison = new QueueClient(app.ConnectionString, app.PoisonRecords);
        var poisoned = await EventuallyAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value is [var m] ? m : null, seconds: 60);
        Assert.NotNull(poisoned);
        var body = JsonDocument.Parse(poisoned.MessageText).RootElement;
        Assert.Contains("2 deliveries", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("outage-1", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(attempts >= 2);
    }

    [Fact]
    public async Task AQueuedReportSurvivesAStorageOutageLongerThanFiveDeliveriesWorth()
    {
        // Five deliveries one second apart would poison the report within about five seconds; the
        // table service resets every connection for fifteen.
        var settings = new Dictionary<string, string?>(Standalone)
        {
            ["FailureQueue:MaxDequeueCount"] = "5",
            ["FailureQueue:VisibilityTimeout"] = "00:00:01",
        };
        await using var tables = new FaultProxy(azurite.Process.TablePort) { Fault = Fault.Reset };
        using var app = new StatusApplication(FaultProxy.ConnectionString(azurite.Process, tables), settings: settings, withTriggerLoops: true);
        var queue = new QueueClient(app.ConnectionString, app.FailureQueue);
        var poison = new QueueClient(app.ConnectionString, app.PoisonRecords);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(ReportJson("through-outage"));

        _ = app.CreateClient(); // starts the listener, during the outage
        var outage = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(outage) < TimeSpan.FromSeconds(15))
        {
            Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length > 0, "poisoned during the outage");
            await Task.Delay(200);
        }

        tables.Fault = Fault.None;

        var view = await EventuallyAsync(Connection(app, "through-outage"), seconds: 60);
        Assert.Equal((ConnectionStatus.Error, ReportSource.Queue), (view?.Status, view?.LastSource));
        Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length > 0);
    }

    [Fact]
    public async Task AQueuedReportSurvivesTableWritesAnswering503WhileReadsWork()
    {
        // Throttling or a partial outage: the reachability query (a read) answers, every write gets
        // 503 ServerBusy, for twice the deliveries that would poison the report were they counted.
        var settings = new Dictionary<string, string?>(Standalone)
        {
            ["FailureQueue:MaxDequeueCount"] = "3",
            ["FailureQueue:VisibilityTimeout"] = "00:00:01",
        };
        var writesBusy = new WritesBusy();
        var deliveries = 0;
        using var app = new StatusApplication(azurite.ConnectionString, services =>
        {
            var options = new TableClientOptions();
            options.Retry.MaxRetries = 0;
            options.AddPolicy(writesBusy, HttpPipelinePosition.PerRetry);
            services.RemoveAll<TableServiceClient>();
            services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
            services.RemoveAll<IQueueMessageHandler<FailureQueueOptions>>();
            services.AddSingleton<IQueueMessageHandler<FailureQueueOptions>>(s => new CountingHandler(s.GetRequiredService<QueuedReportHandler>(), () => Interlocked.Increment(ref deliveries)));
        }, settings, withTriggerLoops: true);
        var queue = new QueueClient(app.ConnectionString, app.FailureQueue);
        var poison = new QueueClient(app.ConnectionString, app.PoisonRecords);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(ReportJson("through-busy-writes"));

        _ = app.CreateClient();
        var outageOver = await EventuallyAsync(async () =>
        {
            Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length > 0, $"poisoned during the outage, after {Volatile.Read(ref deliveries)} deliveries");
            return Volatile.Read(ref deliveries) >= 6 ? (bool?)true : null;
        }, seconds: 120);
        Assert.True(outageOver, $"only {deliveries} deliveries during the outage");
        Assert.True(writesBusy.Refused > 0);
        writesBusy.On = false;

        var view = await EventuallyAsync(Connection(app, "through-busy-writes"), seconds: 60);
        Assert.Equal((ConnectionStatus.Error, ReportSource.Queue), (view?.Status, view?.LastSource));
        Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length > 0);
    }

    [Fact]
    public async Task AQueuedReportSurvivesStorageRefusingTheAppsCredentialsAndIsAppliedOnceTheyAreFixed()
    {
        // A rotated key or a missing role: storage answers 403 to every read of a status row, for
        // three times the deliveries that would poison the report were they counted. The refusal is
        // storage's, not the message's: each delivery is handed back uncounted.
        var settings = new Dictionary<string, string?>(Standalone)
        {
            ["FailureQueue:MaxDequeueCount"] = "2",
            ["FailureQueue:VisibilityTimeout"] = "00:00:01",
        };
        var refusing = true;
        var refused = 0;
        StatusApplication app = null!;
        app = new StatusApplication(azurite.ConnectionString, services => FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == app.ConnectionsTable, (faulty, table) =>
            faulty.Setup(t => t.GetEntityIfExistsAsync<TableEntity>(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
                .Returns((string partition, string row, IEnumerable<string> select, CancellationToken token) =>
                {
                    if (!Volatile.Read(ref refusing))
                    {
                        return table.GetEntityIfExistsAsync<TableEntity>(partition, row, select, token);
                    }

                    Interlocked.Increment(ref refused);
                    throw new RequestFailedException(403, "This request is not authorized to perform this operation.", "AuthorizationFailure", null);
                })), settings, withTriggerLoops: true);
        using var disposeApp = app;
        var queue = new QueueClient(app.ConnectionString, app.FailureQueue);
        var poison = new QueueClient(app.ConnectionString, app.PoisonRecords);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(ReportJson("through-refusal"));

        _ = app.CreateClient();
        var refusedLongEnough = await EventuallyAsync(async () =>
        {
            Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length > 0, $"poisoned while storage refused the credentials, after {Volatile.Read(ref refused)} deliveries");
            return Volatile.Read(ref refused) >= 6 ? (bool?)true : null;
        }, seconds: 120);
        Assert.True(refusedLongEnough, $"only {refused} deliveries while storage refused the credentials");
        Volatile.Write(ref refusing, false);

        var view = await EventuallyAsync(Connection(app, "through-refusal"), seconds: 60);
        Assert.Equal((ConnectionStatus.Error, ReportSource.Queue), (view?.Status, view?.LastSource));
        Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length > 0);
        Assert.True(await EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0 ? (bool?)true : null));
    }

    [Fact]
    public async Task AMessageThatStorageFailsEveryTimeIsPoisonedRedactedOnceItsOutageAllowanceIsOverWhileOthersAreApplied()
    {
        // Storage answers 500 for one row only: its message is never at fault by its own content,
        // yet without a bound it would be handed back uncounted forever.
        var settings = new Dictionary<string, string?>(Standalone)
        {
            ["FailureQueue:MaxDequeueCount"] = "2",
            ["FailureQueue:VisibilityTimeout"] = "00:00:01",
        };
        var stuckReads = 0;
        StatusApplication app = null!;
        app = new StatusApplication(azurite.ConnectionString, services => FaultyStorage.ReplaceTables(services, azurite.ConnectionString, name => name == app.ConnectionsTable, (oneRowFails, table) =>
            oneRowFails.Setup(t => t.GetEntityIfExistsAsync<TableEntity>(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
                .Returns((string partition, string row, IEnumerable<string> select, CancellationToken token) =>
                {
                    if (row != "stuck-1")
                    {
                        return table.GetEntityIfExistsAsync<TableEntity>(partition, row, select, token);
                    }

                    Interlocked.Increment(ref stuckReads);
                    throw new RequestFailedException(500, "Internal error", "InternalError", null);
                })), settings, withTriggerLoops: true);
        using var disposeApp = app;
        var clock = app.UseClock(DateTimeOffset.UtcNow).Clock!;
        var queue = new QueueClient(app.ConnectionString, app.FailureQueue);
        var poison = new QueueClient(app.ConnectionString, app.PoisonRecords);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(Report("stuck-1", "password=hunter2xyz"));
        await queue.SendMessageAsync(Report("fine-1", "timeout"));

        _ = app.CreateClient();
        // Handed back and delivered again, uncounted, while the other report is applied.
        Assert.Equal(ReportSource.Queue, (await EventuallyAsync(Connection(app, "fine-1")))?.LastSource);
        Assert.True(await EventuallyAsync(() => Task.FromResult(Volatile.Read(ref stuckReads) >= 3 ? (bool?)true : null), seconds: 60), $"{stuckReads} failed reads");
        Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length > 0, "poisoned within the allowance");

        clock.Advance(QueueDelivery.StorageOutageAllowance);
        await queue.SendMessageAsync(Report("fine-2", "timeout"));

        var poisoned = await EventuallyAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value is [var m] ? m : null, seconds: 60);
        Assert.NotNull(poisoned);
        var record = JsonDocument.Parse(poisoned.MessageText).RootElement;
        Assert.Equal("Failed on each of 2 deliveries; last error: storage failing (RequestFailedException 500 InternalError).", record.GetProperty("reason").GetString());
        Assert.Contains("stuck-1", record.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", poisoned.MessageText, StringComparison.Ordinal);
        Assert.Equal(ReportSource.Queue, (await EventuallyAsync(Connection(app, "fine-2")))?.LastSource);
        Assert.True(await EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0 ? (bool?)true : null));
        Assert.Single(await poison.DistinctRecordsAsync());

        string Report(string account, string errorMessage) => JsonSerializer.Serialize(new
        {
            tenantId = "tenant-l",
            channelAccountId = account,
            status = "error",
            checkedAt = clock.GetUtcNow().AddSeconds(-5).ToString("O"),
            errorCategory = "unknown",
            errorMessage,
            channel = "shopee",
        });
    }

    /// <summary>Table requests other than reads fail with 503 ServerBusy while <see cref="On"/>.</summary>
    private sealed class WritesBusy : HttpPipelinePolicy
    {
        private int _refused;
        private volatile bool _on = true;

        public bool On
        {
            get => _on;
            set => _on = value;
        }

        public int Refused => Volatile.Read(ref _refused);

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (_on && message.Request.Method != RequestMethod.Get)
            {
                Interlocked.Increment(ref _refused);
                throw new RequestFailedException(503, "ServerBusy", "ServerBusy", null);
            }

            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();
    }

    /// <summary>The app's own handler, counting the deliveries it is handed.</summary>
    private sealed class CountingHandler(IQueueMessageHandler<FailureQueueOptions> inner, Action onDelivery) : IQueueMessageHandler<FailureQueueOptions>
    {
        public Task HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
        {
            onDelivery();
            return inner.HandleAsync(message, dequeueCount, cancellationToken);
        }

        public Task PoisonAsync(string message, string reason, long dequeueCount, CancellationToken cancellationToken) =>
            inner.PoisonAsync(message, reason, dequeueCount, cancellationToken);
    }

    [Fact]
    public async Task AFailedReceiveDoesNotStopTheListener()
    {
        // The first poll fails the way the Azure SDK gives up after its own retries; later ones reach Azurite.
        var real = new QueueServiceClient(azurite.ConnectionString);
        var blip = new StorageBlip();
        var logs = new CapturedLogs();
        StatusApplication app = null!;
        app = new StatusApplication(azurite.ConnectionString, services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            // The start-up's own creation of the queue would take the failing call meant for the listener's poll.
            services.Remove(services.Single(d => d.ImplementationType == typeof(FailureQueueCreation)));
            FaultyStorage.ReplaceQueues(services, azurite.ConnectionString, name => name == app.FailureQueue, (flaky, queue) =>
                flaky.Setup(q => q.CreateIfNotExistsAsync(It.IsAny<IDictionary<string, string>>(), It.IsAny<CancellationToken>()))
                    .Returns((IDictionary<string, string>? metadata, CancellationToken token) => blip.Pass(() => queue.CreateIfNotExistsAsync(metadata, token))));
        }, Standalone, withTriggerLoops: true);
        using var disposeApp = app;
        await real.GetQueueClient(app.FailureQueue).CreateIfNotExistsAsync();
        await real.GetQueueClient(app.FailureQueue).SendMessageAsync(ReportJson("after-failure"));

        _ = app.CreateClient();
        var view = await EventuallyAsync(Connection(app, "after-failure"));

        Assert.True(blip.Calls >= 2, $"{blip.Calls} polls");
        Assert.Equal(ConnectionStatus.Error, view?.Status);
        // The outage is logged once when it starts and once when it ends; the end's line may follow the write it let through.
        var logged = DateTime.UtcNow.AddSeconds(60);
        while (!logs.Lines.Any(line => line.Contains("is reachable again after", StringComparison.Ordinal)) && DateTime.UtcNow < logged)
        {
            await Task.Delay(50);
        }

        Assert.Single(logs.Lines, line => line.Contains("is unreachable", StringComparison.Ordinal));
        Assert.Single(logs.Lines, line => line.Contains("is reachable again after", StringComparison.Ordinal));
    }
}
