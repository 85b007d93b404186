using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;

namespace ConnectionStatusFunctions.Testing;

/// <summary>
/// Table Storage that is down: every read of a status row fails with 503, as the SDK reports it,
/// and so does the service's own health query unless <c>serviceAnswers</c>: then only the status
/// rows fail while the account answers, a fault that is the rows', not an outage.
/// </summary>
public static class StorageOutage
{
    /// <summary>
    /// Replaces the app's TableServiceClient; <paramref name="onRead"/> counts the attempts. A
    /// <paramref name="rowStatus"/> below 500 makes the rows' failure the request's fault (say, a row
    /// storage refuses), not storage's.
    /// </summary>
    public static void ReplaceTables(IServiceCollection services, Action? onRead = null, bool serviceAnswers = false, int rowStatus = 503)
    {
        services.RemoveAll<TableServiceClient>();
        var tables = new Mock<TableServiceClient>();
        var health = tables.Setup(t => t.QueryAsync(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()));
        if (serviceAnswers)
        {
            health.Returns(AsyncPageable<TableItem>.FromPages([Page<TableItem>.FromValues([], null, Mock.Of<Response>())]));
        }
        else
        {
            health.Throws(new RequestFailedException(503, "Server busy"));
        }

        var table = new Mock<TableClient>();
        table.Setup(t => t.GetEntityIfExistsAsync<TableEntity>(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Callback(() => onRead?.Invoke())
            .ThrowsAsync(new RequestFailedException(rowStatus, rowStatus >= 500 ? "Server busy" : "Refused"));
        tables.Setup(t => t.GetTableClient(It.IsAny<string>())).Returns(table.Object);
        services.AddSingleton(tables.Object);
    }
}
