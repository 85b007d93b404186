using System.Net;
using System.Net.Sockets;

namespace ConnectionStatusFunctions.Service.Webhooks;

/// <summary>
/// Which addresses a webhook may reach: none that is loopback, private (RFC 1918, fc00::/7),
/// link-local (169.254/16, fe80::/10, the cloud metadata addresses among them), unspecified,
/// multicast, broadcast, reserved or for documentation (IANA's special-purpose registries), nor an
/// IPv6 address outside global unicast (2000::/3); an IPv6 address that carries an IPv4 one
/// (mapped, NAT64, 6to4) is judged by that one. So a subscription cannot make the service call
/// into its own network.
/// Checked when a subscription is created and again on every connection (the HTTP handler's
/// connect callback resolves, checks every address, and connects to a checked one), so a name that
/// resolves elsewhere later (DNS rebinding) is caught. In Development loopback is allowed: local
/// receivers and the tests listen on 127.0.0.1.
/// </summary>
public sealed class WebhookAddressGuard(IWebhookResolver resolver, bool allowLoopback)
{
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
        // A zone (fe80::1%eth0) names an interface, not another address: judge the address without it (ScopeId throws for IPv4).
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        // An IPv6 address that carries an IPv4 one reaches it (mapped, translated, NAT64, 6to4): judge that one.
        if (EmbeddedIPv4(address) is { } carried)
        {
            address = carried;
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback ? null : "a loopback";
        }

        var blocks = address.AddressFamily == AddressFamily.InterNetwork ? RefusedIPv4 : RefusedIPv6;
        foreach (var (network, kind) in blocks)
        {
            if (network.Contains(address))
            {
                return kind;
            }
        }

        // Only global unicast (2000::/3) is routed on the internet; the rest of the space is reserved.
        return address.AddressFamily == AddressFamily.InterNetworkV6 && !GlobalUnicast.Contains(address) ? "a reserved" : null;
    }

    /// <summary>
    /// The IPv4 address an IPv6 one carries in the well-known ways (RFC 4291's mapped and deprecated
    /// compatible forms, RFC 6052's NAT64 prefix, RFC 7915's translated form, RFC 3056's 6to4), or null.
    /// </summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6)
        {
            return new IPAddress(bytes.AsSpan(12));
        }

        // ::a.b.c.d, except :: and ::1, which are the IPv6 unspecified and loopback addresses and judged as such.
        if (Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
        {
            return new IPAddress(bytes.AsSpan(12));
        }

        if (Translated.Contains(address) || Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12));
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }

    private static readonly IPNetwork Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork Translated = IPNetwork.Parse("::ffff:0:0:0/96");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");

    /// <summary>IANA's special-purpose IPv4 blocks that are not globally reachable, loopback aside; the first that holds an address names it.</summary>
    private static readonly (IPNetwork Network, string Kind)[] RefusedIPv4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT)"),
        (IPNetwork.Parse("169.254.169.254/32"), "a cloud metadata"),
        // Azure's platform address (WireServer, host agent, platform DNS), reachable from every Azure host.
        (IPNetwork.Parse("168.63.129.16/32"), "a cloud metadata"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved"),
        (IPNetwork.Parse("192.88.99.0/24"), "a reserved"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved or broadcast"),
    ];

    /// <summary>The IPv6 blocks refused besides everything outside 2000::/3, most specific first.</summary>
    private static readonly (IPNetwork Network, string Kind)[] RefusedIPv6 =
    [
        (IPNetwork.Parse("::/128"), "an unspecified"),
        (IPNetwork.Parse("fd00:ec2::254/128"), "a cloud metadata"),
        (IPNetwork.Parse("ff00::/8"), "a multicast"),
        (IPNetwork.Parse("fe80::/10"), "a link-local"),
        (IPNetwork.Parse("fec0::/10"), "a site-local"),
        (IPNetwork.Parse("fc00::/7"), "a private"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "a reserved"),
        (IPNetwork.Parse("100::/64"), "a reserved"),
        (IPNetwork.Parse("2001::/23"), "a reserved"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation"),
        (IPNetwork.Parse("3fff::/20"), "a documentation"),
    ];

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
