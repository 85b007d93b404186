using System.Linq.Expressions;
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
    public static void ReplaceTables(IServiceCollection services, string connectionString, Func<string, bool> isFaulty, Action<Mock<TableClient>, TableClient> fault) =>
        Replace(services, connectionString, new TableServiceClient(connectionString), tables => tables.GetTableClient(It.IsAny<string>()), (tables, name) => tables.GetTableClient(name), isFaulty, fault);

    /// <summary>The same for the app's QueueServiceClient and the queues for which <paramref name="isFaulty"/> holds.</summary>
    public static void ReplaceQueues(IServiceCollection services, string connectionString, Func<string, bool> isFaulty, Action<Mock<QueueClient>, QueueClient> fault) =>
        Replace(services, connectionString, new QueueServiceClient(connectionString), queues => queues.GetQueueClient(It.IsAny<string>()), (queues, name) => queues.GetQueueClient(name), isFaulty, fault);

    private static void Replace<TService, TClient>(IServiceCollection services, string connectionString, TService real, Expression<Func<TService, TClient>> getClient, Func<TService, string, TClient> getRealClient, Func<string, bool> isFaulty, Action<Mock<TClient>, TClient> fault)
        where TService : class
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(isFaulty);
        ArgumentNullException.ThrowIfNull(fault);
        var service = new Mock<TService>(connectionString) { CallBase = true };
        service.Setup(getClient).Returns((string name) =>
        {
            var client = getRealClient(real, name);
            if (!isFaulty(name))
            {
                return client;
            }

            var faulty = new Mock<TClient>(connectionString, name) { CallBase = true };
            fault(faulty, client);
            return faulty.Object;
        });
        services.RemoveAll<TService>();
        services.AddSingleton(service.Object);
    }
}
