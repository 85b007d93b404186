using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// The app's storage clients on the real Azurite, with one table or queue whose calls a test
/// replaces to inject a fault: the test sets up only the calls it breaks on a mock that passes every
/// other call through to Azurite. The whole account down, without Azurite, is <see cref="StorageOutage"/>.
/// </summary>
public static class FaultyStorage
{
    /// <summary>
    /// Replaces the app's TableServiceClient. Tables for which <paramref name="isFaulty"/> holds (asked
    /// lazily, so it may read names of an app not built yet) are a mock set up by <paramref name="fault"/>,
    /// which also gets the real table to pass calls on to.
    /// </summary>
    public static void ReplaceTables(IServiceCollection services, string connectionString, Func<string, bool> isFaulty, Action<Mock<TableClient>, TableClient> fault)
    {
        ArgumentNullException.ThrowIfNull(isFaulty);
        ArgumentNullException.ThrowIfNull(fault);
        var real = new TableServiceClient(connectionString);
        var tables = new Mock<TableServiceClient>(connectionString) { CallBase = true };
        tables.Setup(t => t.GetTableClient(It.IsAny<string>())).Returns((string name) =>
        {
            var table = real.GetTableClient(name);
            if (!isFaulty(name))
            {
                return table;
            }

            var faulty = new Mock<TableClient>(connectionString, name) { CallBase = true };
            fault(faulty, table);
            return faulty.Object;
        });
        services.RemoveAll<TableServiceClient>();
        services.AddSingleton(tables.Object);
    }

    /// <summary>The same for the app's QueueServiceClient and the queues for which <paramref name="isFaulty"/> holds.</summary>
    public static void ReplaceQueues(IServiceCollection services, string connectionString, Func<string, bool> isFaulty, Action<Mock<QueueClient>, QueueClient> fault)
    {
        ArgumentNullException.ThrowIfNull(isFaulty);
        ArgumentNullException.ThrowIfNull(fault);
        var real = new QueueServiceClient(connectionString);
        var queues = new Mock<QueueServiceClient>(connectionString) { CallBase = true };
        queues.Setup(q => q.GetQueueClient(It.IsAny<string>())).Returns((string name) =>
        {
            var queue = real.GetQueueClient(name);
            if (!isFaulty(name))
            {
                return queue;
            }

            var faulty = new Mock<QueueClient>(connectionString, name) { CallBase = true };
            fault(faulty, queue);
            return faulty.Object;
        });
        services.RemoveAll<QueueServiceClient>();
        services.AddSingleton(queues.Object);
    }
}
