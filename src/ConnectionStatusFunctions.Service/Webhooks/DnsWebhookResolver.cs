using System.Net;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>The system's DNS: how a receiver's host name is resolved outside the tests.</summary>
public sealed class DnsWebhookResolver : IWebhookResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
