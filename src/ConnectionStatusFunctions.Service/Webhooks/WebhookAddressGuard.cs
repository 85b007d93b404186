using System.Net;
using System.Net.Sockets;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>Turns a receiver's host name into addresses; the system's DNS, or a test's table.</summary>
public interface IWebhookResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

public sealed class DnsWebhookResolver : IWebhookResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>A receiver's address the service will not call.</summary>
public sealed class WebhookAddressRefusedException(string reason) : Exception(reason);

/// <summary>
/// Which addresses a webhook may reach: none that is loopback, private (RFC 1918, fc00::/7),
/// link-local (169.254/16, fe80::/10, the cloud metadata addresses among them), unspecified,
/// multicast or broadcast, so a subscription cannot make the service call into its own network.
/// Checked when a subscription is created and again on every connection (the HTTP handler's
/// connect callback resolves, checks every address, and connects to a checked one), so a name that
/// resolves elsewhere later (DNS rebinding) is caught. In Development loopback is allowed: local
/// receivers and the tests listen on 127.0.0.1.
/// </summary>
public sealed class WebhookAddressGuard(IWebhookResolver resolver, bool allowLoopback)
{
    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    public bool AllowsLoopback => allowLoopback;

    /// <summary>The host's addresses when every one may be called; else throws <see cref="WebhookAddressRefusedException"/> naming why.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(host, cancellationToken);
            }
            catch (SocketException)
            {
                throw new WebhookAddressRefusedException("its host name does not resolve");
            }
        }

        if (addresses.Length == 0)
        {
            throw new WebhookAddressRefusedException("its host name does not resolve");
        }

        foreach (var address in addresses)
        {
            if (WhyRefused(address) is { } reason)
            {
                // Every address, not only the first: a client may try them in any order.
                throw new WebhookAddressRefusedException($"it resolves to {reason} address");
            }
        }

        return addresses;
    }

    /// <summary>Why the address may not be called ("a loopback"), or null when it may.</summary>
    public string? WhyRefused(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback ? null : "a loopback";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b switch
            {
                [0, ..] => "an unspecified",
                [10, ..] or [172, >= 16 and <= 31, ..] or [192, 168, ..] => "a private",
                [100, >= 64 and <= 127, ..] => "a shared (carrier-grade NAT)",
                [169, 254, 169, 254] => "a cloud metadata",
                [169, 254, ..] => "a link-local",
                [>= 224 and <= 239, ..] => "a multicast",
                [>= 240, ..] => "a reserved or broadcast",
                _ => null,
            };
        }

        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return "an unspecified";
        }

        if (address.Equals(AwsMetadataV6))
        {
            return "a cloud metadata";
        }

        var bytes = address.GetAddressBytes();
        return true switch
        {
            _ when address.IsIPv6Multicast => "a multicast",
            _ when address.IsIPv6LinkLocal => "a link-local",
            _ when address.IsIPv6SiteLocal => "a site-local",
            _ when (bytes[0] & 0xFE) == 0xFC => "a private",
            _ => null,
        };
    }

    /// <summary>
    /// The connect callback of the webhook client's handler: resolves the host again, refuses it
    /// unless every address may be called, and connects to one of the addresses it checked.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
