using System.Net;
using ConnectionStatusFunctions.Service.Webhooks;
using ConnectionStatusFunctions.Testing;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// Which addresses a webhook may reach, at creation and at connect time. Names resolve through a
/// test table, and the only address ever connected to is 127.0.0.1 (the receiver's), so no test
/// sends traffic anywhere else.
/// </summary>
public sealed class WebhookAddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "a loopback")]
    [InlineData("127.1.2.3", "a loopback")]
    [InlineData("::1", "a loopback")]
    [InlineData("::ffff:127.0.0.1", "a loopback")]
    [InlineData("10.0.0.1", "a private")]
    [InlineData("172.16.0.1", "a private")]
    [InlineData("172.31.255.255", "a private")]
    [InlineData("192.168.1.1", "a private")]
    [InlineData("::ffff:10.0.0.1", "a private")]
    [InlineData("fc00::1", "a private")]
    [InlineData("fd12:3456::1", "a private")]
    [InlineData("169.254.169.254", "a cloud metadata")]
    [InlineData("fd00:ec2::254", "a cloud metadata")]
    [InlineData("169.254.10.1", "a link-local")]
    [InlineData("fe80::1", "a link-local")]
    [InlineData("0.0.0.0", "an unspecified")]
    [InlineData("::", "an unspecified")]
    [InlineData("224.0.0.1", "a multicast")]
    [InlineData("ff02::1", "a multicast")]
    [InlineData("255.255.255.255", "a reserved or broadcast")]
    [InlineData("100.64.0.1", "a shared (carrier-grade NAT)")]
    [InlineData("192.0.0.192", "a reserved")]
    [InlineData("192.88.99.1", "a reserved")]
    [InlineData("198.18.0.1", "a reserved")]
    [InlineData("198.19.255.255", "a reserved")]
    [InlineData("192.0.2.1", "a documentation")]
    [InlineData("198.51.100.1", "a documentation")]
    [InlineData("203.0.113.1", "a documentation")]
    [InlineData("100::1", "a reserved")]
    [InlineData("2001:db8::1", "a documentation")]
    [InlineData("3fff::1", "a documentation")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", "a reserved")]
    [InlineData("2001:2::1", "a reserved")]
    [InlineData("64:ff9b:1::a9fe:a9fe", "a reserved")]
    [InlineData("fec0::1", "a site-local")]
    [InlineData("4000::1", "a reserved")]
    [InlineData("1::1", "a reserved")]
    // IPv6 addresses that carry an IPv4 one are judged by it: IPv4-compatible, translated, NAT64, 6to4.
    [InlineData("::127.0.0.1", "a loopback")]
    [InlineData("::7f00:1", "a loopback")]
    [InlineData("::a9fe:a9fe", "a cloud metadata")]
    [InlineData("::10.0.0.1", "a private")]
    [InlineData("::ffff:7f00:1", "a loopback")]
    [InlineData("::ffff:0:7f00:1", "a loopback")]
    [InlineData("::ffff:0:a00:1", "a private")]
    [InlineData("64:ff9b::7f00:1", "a loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "a cloud metadata")]
    [InlineData("64:ff9b::192.168.0.1", "a private")]
    [InlineData("2002:7f00:1::", "a loopback")]
    [InlineData("2002:a9fe:a9fe::1", "a cloud metadata")]
    [InlineData("2002:c0a8:101::", "a private")]
    [InlineData("fe80::1%2", "a link-local")]
    [InlineData("64:ff9b::5db8:d70e", null)]
    [InlineData("2002:5db8:d70e::1", null)]
    [InlineData("::ffff:93.184.215.14", null)]
    [InlineData("93.184.215.14", null)]
    [InlineData("172.32.0.1", null)]
    [InlineData("2606:4700::6810:85e5", null)]
    public void EachAddressIsAllowedOrRefusedForItsRange(string address, string? refusal)
    {
        var guard = new WebhookAddressGuard(new TableResolver([]), allowLoopback: false);

        Assert.Equal(refusal, guard.WhyRefused(IPAddress.Parse(address)));
    }

    [Fact]
    public void DevelopmentAllowsLoopbackOnly()
    {
        var guard = new WebhookAddressGuard(new TableResolver([]), allowLoopback: true);

        Assert.Null(guard.WhyRefused(IPAddress.Loopback));
        Assert.Null(guard.WhyRefused(IPAddress.IPv6Loopback));
        Assert.Equal("a private", guard.WhyRefused(IPAddress.Parse("10.0.0.1")));
        Assert.Equal("a cloud metadata", guard.WhyRefused(IPAddress.Parse("169.254.169.254")));
    }

    [Fact]
    public async Task ANameIsRefusedWhenAnyOfItsAddressesIs()
    {
        var guard = new WebhookAddressGuard(new TableResolver(new() { ["mixed.test"] = [[IPAddress.Parse("93.184.215.14"), IPAddress.Parse("10.0.0.7")]] }), allowLoopback: false);

        var refused = await Assert.ThrowsAsync<WebhookAddressRefusedException>(() => guard.ResolveAsync("mixed.test", CancellationToken.None));
        Assert.Equal("it resolves to a private address", refused.Message);
        await Assert.ThrowsAsync<WebhookAddressRefusedException>(() => guard.ResolveAsync("unknown.test", CancellationToken.None));
    }

    private static WebhookSender Sender(WebhookAddressGuard guard) => new(guard, Options.Create(new WebhookOptions()), TimeProvider.System);

    [Fact]
    public async Task OutsideDevelopmentANameResolvingToLoopbackIsRefusedAtConnectTimeAndNothingIsSent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var resolver = new TableResolver(new() { ["hooks.test"] = [[IPAddress.Loopback]] });
        using var sender = Sender(new WebhookAddressGuard(resolver, allowLoopback: false));

        var result = await sender.SendAsync(new Uri($"http://hooks.test:{receiver.Port}/hooks/a"), "evt-1", "{}", WebhookSecret.Create(), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Equal("refused: it resolves to a loopback address", result.Failure);
        Assert.Equal(1, resolver.Asked("hooks.test"));
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task ANameThatPassedAtCreationAndResolvesToLoopbackLaterIsRefusedWhenConnecting()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // DNS rebinding: a public address when the subscription is created, loopback when the delivery connects.
        var resolver = new TableResolver(new() { ["rebind.test"] = [[IPAddress.Parse("93.184.215.14")], [IPAddress.Loopback]] });
        var guard = new WebhookAddressGuard(resolver, allowLoopback: false);
        using var sender = Sender(guard);

        Assert.Single(await guard.ResolveAsync("rebind.test", CancellationToken.None));
        var result = await sender.SendAsync(new Uri($"http://rebind.test:{receiver.Port}/hooks/a"), "evt-1", "{}", WebhookSecret.Create(), CancellationToken.None);

        Assert.Equal("refused: it resolves to a loopback address", result.Failure);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task TheConnectionGoesToTheAddressTheGuardChecked()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var resolver = new TableResolver(new() { ["hooks.test"] = [[IPAddress.Loopback]] });
        using var sender = Sender(new WebhookAddressGuard(resolver, allowLoopback: true));

        var result = await sender.SendAsync(new Uri($"http://hooks.test:{receiver.Port}/hooks/a"), "evt-1", "{}", WebhookSecret.Create(), CancellationToken.None);

        Assert.True(result.Delivered, result.Failure);
        var delivery = Assert.Single(receiver.Received);
        Assert.Equal($"hooks.test:{receiver.Port}", delivery.Headers.Host.ToString());
    }

    [Fact]
    public async Task ARedirectIsAFailedDeliveryAndIsNotFollowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.RedirectTo = receiver.Url("elsewhere");
        receiver.AnswerWith(302);
        using var sender = Sender(new WebhookAddressGuard(new TableResolver([]), allowLoopback: true));

        var result = await sender.SendAsync(new Uri(receiver.Url("a")), "evt-1", "{}", WebhookSecret.Create(), CancellationToken.None);

        Assert.Equal("HTTP 302, a redirect, which deliveries do not follow", result.Failure);
        Assert.Equal(["/hooks/a"], receiver.Received.Select(d => d.Path));
    }

    [Fact]
    public async Task AReceiverThatDoesNotAnswerWithinTheTimeoutIsAFailedDelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Far past the shortest timeout the settings allow: the sender gives up long before.
        receiver.AnswerAfter = TimeSpan.FromMinutes(2);
        using var sender = new WebhookSender(new WebhookAddressGuard(new TableResolver([]), allowLoopback: true), Options.Create(new WebhookOptions { DeliveryTimeout = TimeSpan.FromSeconds(1) }), TimeProvider.System);

        var result = await sender.SendAsync(new Uri(receiver.Url("a")), "evt-1", "{}", WebhookSecret.Create(), CancellationToken.None);

        Assert.Equal("no answer within 1 s", result.Failure);
    }

    [Theory]
    [InlineData("huge-headers", "the receiver's answer headers were over the size limit")]
    [InlineData("close", "connection closed before a complete answer (reset by the receiver)")]
    public async Task AReceiverThatAnswersBadlyIsAFailureInWordsAboutTheReceiver(string behaviour, string failure)
    {
        // A raw socket on 127.0.0.1: no HTTP server sends headers over the client's limit or closes mid-answer on request.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var answering = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(bound.Token);
            var stream = client.GetStream();
            var read = new List<byte>();
            var buffer = new byte[4096];
            while (!System.Text.Encoding.ASCII.GetString([.. read]).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer, bound.Token);
                if (n == 0)
                {
                    return;
                }

                read.AddRange(buffer.AsSpan(0, n));
            }

            if (behaviour == "huge-headers")
            {
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nX-Padding: {new string('a', 100_000)}\r\nContent-Length: 0\r\n\r\n"), bound.Token);
            }

            // Else the connection closes with no answer at all.
        });
        using var sender = Sender(new WebhookAddressGuard(new TableResolver([]), allowLoopback: true));

        var result = await sender.SendAsync(new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hooks/a"), "evt-1", "{}", WebhookSecret.Create(), CancellationToken.None);
        await answering;

        Assert.False(result.Delivered);
        Assert.Equal(failure, result.Failure);
    }
}
