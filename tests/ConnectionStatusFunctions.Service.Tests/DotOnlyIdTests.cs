using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Queues;
using ConnectionStatusFunctions.Service.Probes;
using ConnectionStatusFunctions.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static ConnectionStatusFunctions.Testing.StatusApplication;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// Ids made only of dots cannot make the round trip through a URL path segment ("." and ".." are
/// removed), so they are refused on every path an id arrives by, and nothing is stored.
/// </summary>
public sealed class DotOnlyIdTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private readonly StatusApplication _app = new(azurite.ConnectionString);

    public void Dispose() => _app.Dispose();

    private static string Report => JsonSerializer.Serialize(new { status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O") });

    /// <summary>Every row of the app's status table, whatever its tenant (a dot-only tenant cannot be listed over HTTP).</summary>
    private async Task<int> StoredRowsAsync()
    {
        var rows = 0;
        try
        {
            await foreach (var _ in new TableClient(_app.ConnectionString, _app.ConnectionsTable).QueryAsync<TableEntity>(select: ["RowKey"]))
            {
                rows++;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // No table: nothing was ever written.
        }

        return rows;
    }

    [Theory]
    [InlineData("/api/tenants/tenant-d/connections/...", "channelAccountId")]
    [InlineData("/api/tenants/tenant-d/connections/....", "channelAccountId")]
    [InlineData("/api/tenants/.../connections/line-1", "tenantId")]
    // Set on the request as is: whatever a host in front does with dot segments, a handler that gets one refuses it.
    [InlineData("/api/tenants/tenant-d/connections/..", "channelAccountId")]
    [InlineData("/api/tenants/tenant-d/connections/.", "channelAccountId")]
    [InlineData("/api/tenants/../connections/line-1", "tenantId")]
    public async Task ADotOnlyIdInARouteIsA400NamingItsField(string path, string field)
    {
        var context = await _app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Patch;
            c.Request.Path = path;
            c.Request.Headers["X-Api-Key"] = ConnectorKey;
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(Report));
        });

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        var errors = (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Fact]
    public async Task ADotOnlyIdInAGetIsA400Too()
    {
        var response = await _app.ClientWithKey(SupportKey).GetAsync("/api/tenants/tenant-d/connections/.../history");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("channelAccountId", out _));
    }

    [Theory]
    // ".." leaves /api/tenants/tenant-k, the tenant's own path, which only DELETE serves: a 405, never a report.
    [InlineData("/api/tenants/tenant-k/connections/..", 405)]
    [InlineData("/api/tenants/tenant-k/connections/%2E%2E", 405)]
    [InlineData("/api/tenants/tenant-k/connections/.", 405)]
    [InlineData("/api/tenants/tenant-k/connections/%2e", 405)]
    [InlineData("/api/tenants/tenant-k/connections/...", 400)]
    public async Task OverKestrelDotSegmentsNeverReachAHandlerAsIds(string target, int expected)
    {
        using var app = new StatusApplication(azurite.ConnectionString);
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        // Written by hand: HttpClient would remove the dot segments before sending.
        var status = await SendRawAsync(address.Port, $"PATCH {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {ConnectorKey}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(Report)}\r\nConnection: close\r\n\r\n{Report}");

        Assert.Equal(expected, status);
        var listed = await app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/api/tenants/tenant-k/connections")) { Headers = { { "X-Api-Key", SupportKey } } });
        Assert.Equal(0, (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength());
    }

    private static async Task<int> SendRawAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? string.Empty;
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("..", "line-1", "tenantId")]
    [InlineData("tenant-d", ".", "channelAccountId")]
    [InlineData("tenant-d", "...", "channelAccountId")]
    public async Task AQueuedReportWithADotOnlyIdIsPoisonedNamingTheField(string tenant, string account, string field)
    {
        var message = JsonSerializer.Serialize(new { tenantId = tenant, channelAccountId = account, status = "connected", checkedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O") });

        Assert.Equal(QueuedReportOutcome.Poisoned, await _app.Services.GetRequiredService<QueuedReportHandler>().HandleAsync(message, 1, CancellationToken.None));

        var record = JsonDocument.Parse(Assert.Single(await new QueueClient(_app.ConnectionString, _app.PoisonRecords).DistinctRecordsAsync())).RootElement;
        Assert.Equal([field], record.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Theory]
    [InlineData("..")]
    [InlineData("...")]
    public async Task AProbeRequestForADotOnlyTenantIsPoisonedNamingTheField(string tenant)
    {
        var message = JsonSerializer.Serialize(new { tenantId = tenant, round = DateTimeOffset.UtcNow.ToString("O") });

        var summary = await _app.Services.GetRequiredService<ProbeWorker>().HandleAsync(message, 1, CancellationToken.None);

        Assert.Equal(ProbeRequestOutcome.Poisoned, summary.Outcome);
        var record = JsonDocument.Parse(Assert.Single(await new QueueClient(_app.ConnectionString, _app.ProbePoisonRecords).DistinctRecordsAsync())).RootElement;
        Assert.StartsWith("tenantId must be", record.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/tenants/tenant-dots/connections/%2E%2E")]
    [InlineData("/api/tenants/tenant-dots/connections/%2e%2e")]
    [InlineData("/api/tenants/tenant-dots/connections/..")]
    [InlineData("/api/tenants/tenant-dots/webhooks/..")]
    [InlineData("/api/tenants/tenant-dots/connections/x/%2E%2E/%2E%2E?confirm=1")]
    public async Task ADeleteThatDotSegmentsTurnIntoTheTenantsIsRefusedAndDeletesNothing(string sent)
    {
        Assert.Equal(HttpStatusCode.OK, (await StatusApplication.PatchAsync(_app.ClientWithKey(StatusApplication.ConnectorKey), "tenant-dots", "acct", ReportBodies.Report("connected", DateTimeOffset.UtcNow.AddMinutes(-1)))).StatusCode);

        // As Kestrel hands it on: the path with its dot segments removed, the target as sent.
        var context = await _app.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Delete;
            http.Request.Path = "/api/tenants/tenant-dots";
            http.Request.Headers[Service.Security.ApiKeyAuthenticationHandler.HeaderName] = StatusApplication.AdminKey;
            http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget = sent;
        });

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.ClientWithKey(StatusApplication.AdminKey).GetAsync("/api/tenants/tenant-dots/deletion")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientWithKey(StatusApplication.SupportKey).GetAsync("/api/tenants/tenant-dots/connections/acct")).StatusCode);
    }

    /// <summary>
    /// As the Functions host forwards it (its forwarder rebuilds the target from the cleaned path, so
    /// the worker never sees the dots): the tenant's own DELETE, without the confirmation an
    /// account's DELETE never carries, is refused and deletes nothing; so is one confirming another tenant.
    /// </summary>
    [Theory]
    [InlineData("/api/tenants/tenant-dots")]
    [InlineData("/api/tenants/tenant-dots?confirm=")]
    [InlineData("/api/tenants/tenant-dots?confirm=Tenant-Dots")]
    [InlineData("/api/tenants/tenant-dots?confirm=tenant-dots-other")]
    [InlineData("/api/tenants/tenant-dots?confirm=tenant-dots&confirm=tenant-dots")]
    public async Task ATenantDeleteWithoutItsIdConfirmedIsRefusedAndDeletesNothing(string path)
    {
        Assert.Equal(HttpStatusCode.OK, (await StatusApplication.PatchAsync(_app.ClientWithKey(StatusApplication.ConnectorKey), "tenant-dots", "acct", ReportBodies.Report("connected", DateTimeOffset.UtcNow.AddMinutes(-1)))).StatusCode);

        var refused = await _app.ClientWithKey(StatusApplication.AdminKey).DeleteAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("confirm", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await _app.ClientWithKey(StatusApplication.AdminKey).GetAsync("/api/tenants/tenant-dots/deletion")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientWithKey(StatusApplication.SupportKey).GetAsync("/api/tenants/tenant-dots/connections/acct")).StatusCode);
    }
}
