using System.Net;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>Turns a receiver's host name into addresses; the system's DNS, or a test's table.</summary>
public interface IWebhookResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
